/**
 * Entry of the UMD bundle: index.ts's runtime exports as one plain object, the `TvTelemetry` global.
 * A plain object needs none of webpack's ES-module namespace runtime (getters, __esModule marker);
 * typed as the namespace, so an export added to index.ts cannot be left out here.
 */
import * as api from './index';

var bundle: typeof api = { createAgent: api.createAgent, validateProfile: api.validateProfile, version: api.version };
export default bundle;
