/**
 * Entry of the UMD bundle (global `TvTelemetryKava`): index.ts's runtime exports as one plain
 * object, which needs none of webpack's ES-module namespace runtime; typed as the namespace, so an
 * export added to index.ts cannot be left out here.
 */
import * as api from './index';

var bundle: typeof api = { plugin: api.plugin, KavaEventType: api.KavaEventType };
export default bundle;
