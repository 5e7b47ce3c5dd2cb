/** Entry of the add-on bundle tv-telemetry-hbbtv.js (global `TvTelemetryHbbtv`); see PlatformAddon. */
import { AgentPlugin } from '../agent/plugin';
import { hbbtv } from '../platform/hbbtv';

var bundle: { plugin: AgentPlugin } = { plugin: { name: 'hbbtv', platform: hbbtv } };
export default bundle;
