/** Entry of the add-on bundle tv-telemetry-tizen.js (global `TvTelemetryTizen`); see PlatformAddon. */
import { AgentPlugin } from '../agent/plugin';
import { tizen } from '../platform/tizen';

var bundle: { plugin: AgentPlugin } = { plugin: { name: 'tizen', platform: tizen } };
export default bundle;
