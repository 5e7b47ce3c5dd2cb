/**
 * tv-telemetry-overlay: the on-device debug overlay, a plugin for tv-telemetry-agent in a bundle of
 * its own (global `TvTelemetryOverlay`), so the agent's bundle and its size budget carry none of it.
 *
 *   TvTelemetry.createAgent({ profile: profile, plugins: [TvTelemetryOverlay.plugin] });
 */
export { plugin } from './plugin';
