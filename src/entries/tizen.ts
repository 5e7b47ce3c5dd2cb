/**
 * `tv-telemetry-agent/tizen`: dist/tv-telemetry-tizen.js, whose plain <script> defines the global `TvTelemetryTizen`.
 * The Samsung Tizen platform adapter: the device ID (DUID), model and firmware, Tizen's visibility and network events.
 *
 *   import { plugin as tizen } from 'tv-telemetry-agent/tizen';
 *   createAgent({ profile, plugins: [tizen] });
 *
 * Types only: the bundle's entry is src/addons/tizen.ts, whose type this declares.
 */
import type entry from '../addons/tizen';

/** Give it to `createAgent` in `plugins`. */
export declare const plugin: typeof entry.plugin;
