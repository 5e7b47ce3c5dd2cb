/**
 * Entry of the bundle: index.ts's runtime exports as one plain object, the `TvTelemetry` global.
 * The UMD wrapper webpack.config.js puts around the bundle declares `tvTelemetryExports` and
 * returns it: a plain assignment needs none of webpack's library runtime (export getters). Typed as
 * the namespace, so an export added to index.ts cannot be left out here.
 */
import * as api from './index';

declare var tvTelemetryExports: typeof api;
tvTelemetryExports = { createAgent: api.createAgent, validateProfile: api.validateProfile, profileFromJson: api.profileFromJson, version: api.version };
