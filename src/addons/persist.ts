/**
 * Entry of the add-on bundle tv-telemetry-persist.js (global `TvTelemetryPersist`): queue
 * persistence, so records survive a restart. The TV packages always ship it; see persistencePlugin.
 */
import { AgentPlugin } from '../agent/plugin';
import { persistencePlugin } from '../delivery/persist';

var bundle: { plugin: AgentPlugin } = { plugin: persistencePlugin };
export default bundle;
