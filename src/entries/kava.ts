/**
 * `tv-telemetry-agent/kava`: dist/tv-telemetry-kava.js, whose plain <script> defines the global
 * `TvTelemetryKava`. The Kaltura Kava analytics sink, configured by the profile's `kava` section.
 *
 *   import { plugin as kava } from 'tv-telemetry-agent/kava';
 *   createAgent({ profile, plugins: [kava] });
 *
 * Types only: the bundle's entry exports what src/kava/index.ts does.
 */
export * from '../kava/index';
