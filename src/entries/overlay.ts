/**
 * `tv-telemetry-agent/overlay`: dist/tv-telemetry-overlay.js, whose plain <script> defines the
 * global `TvTelemetryOverlay`. The on-device debug overlay, armed by the profile's `debug` section
 * or shown by `agent.debugOverlay(true)`.
 *
 *   import { plugin as overlay } from 'tv-telemetry-agent/overlay';
 *   createAgent({ profile, plugins: [overlay] });
 *
 * Types only: the bundle's entry exports what src/overlay/index.ts does.
 */
export * from '../overlay/index';
