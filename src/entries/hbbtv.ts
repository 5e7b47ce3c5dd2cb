/**
 * `tv-telemetry-agent/hbbtv`: dist/tv-telemetry-hbbtv.js, whose plain <script> defines the global `TvTelemetryHbbtv`.
 * The HbbTV platform adapter: the tuned broadcast service as the technical channel ID, and the terminal's lifecycle.
 *
 *   import { plugin as hbbtv } from 'tv-telemetry-agent/hbbtv';
 *   createAgent({ profile, plugins: [hbbtv] });
 *
 * Types only: the bundle's entry is src/addons/hbbtv.ts, whose type this declares.
 */
import type entry from '../addons/hbbtv';

/** Give it to `createAgent` in `plugins`. */
export declare const plugin: typeof entry.plugin;
