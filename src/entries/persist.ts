/**
 * `tv-telemetry-agent/persist`: dist/tv-telemetry-persist.js, whose plain <script> defines the global `TvTelemetryPersist`.
 * Queue persistence: records not yet acknowledged survive an app restart or a power cut (in localStorage, or the agent's `storage` option), within the profile's `persistence.maxBytes`. The default entry already includes it; this add-on is for the lean entry (`tv-telemetry-agent/lean`).
 *
 *   import { plugin as persist } from 'tv-telemetry-agent/persist';
 *   createAgent({ profile, plugins: [persist] });
 *
 * Types only: the bundle's entry is src/addons/persist.ts, whose type this declares.
 */
import type entry from '../addons/persist';

/** Give it to `createAgent` in `plugins`. */
export declare const plugin: typeof entry.plugin;
