/**
 * Entry of the UMD bundle (global `TvTelemetryOverlay`): index.ts's runtime exports as one plain
 * object, without webpack's ES-module namespace runtime; typed as the namespace, so an export added
 * to index.ts cannot be left out here.
 */
import * as api from './index';

var bundle: typeof api = { plugin: api.plugin };
export default bundle;
