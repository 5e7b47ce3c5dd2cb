/**
 * tv-telemetry-kava: the Kava analytics sink, a plugin for tv-telemetry-agent in a bundle of its
 * own (global `TvTelemetryKava`), so apps without Kava load none of it.
 */
export { plugin } from './plugin';
export { KavaEventType } from './events';
export type { KavaEventId } from './events';
