/**
 * Entry of the UMD bundle (global `TvTelemetryKava`): index.ts's runtime exports as one plain
 * object. The wrapper webpack.config.js puts around the bundle (umdWrapper) declares
 * `tvTelemetryExports` and returns it: a plain assignment needs none of webpack's library runtime
 * (export getters), which its 5 KB budget has no room for. Typed as the namespace, so an export
 * added to index.ts cannot be left out here.
 */
import * as api from './index';

declare var tvTelemetryExports: typeof api;
tvTelemetryExports = { plugin: api.plugin, KavaEventType: api.KavaEventType };
