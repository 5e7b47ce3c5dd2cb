/** Entry of the add-on bundle tv-telemetry-webos.js (global `TvTelemetryWebos`); see PlatformAddon. */
import { AgentPlugin } from '../agent/plugin';
import { webos } from '../platform/webos';

var bundle: { plugin: AgentPlugin } = { plugin: { name: 'webos', platform: webos } };
export default bundle;
