/**
 * `tv-telemetry-agent/webos`: dist/tv-telemetry-webos.js, whose plain <script> defines the global `TvTelemetryWebos`.
 * The LG webOS platform adapter: the device ID (LGUDID), model and firmware, webOS's visibility and network events.
 *
 *   import { plugin as webos } from 'tv-telemetry-agent/webos';
 *   createAgent({ profile, plugins: [webos] });
 *
 * Types only: the bundle's entry is src/addons/webos.ts, whose type this declares.
 */
import type entry from '../addons/webos';

/** Give it to `createAgent` in `plugins`. */
export declare const plugin: typeof entry.plugin;
