import type { FieldSpec } from '../profile/spec';

declare module '../profile/types' {
  interface Profile {
    /** As the Kava plugin checks it (KAVA_SECTION) and sees it; without the plugin the core keeps it as written. */
    kava: {
      enabled: boolean;
      endpoint?: string;
      partnerId?: number;
      uiConfId?: number;
      clientVer?: string;
      customVar1?: string | number | boolean;
      customVar2?: string | number | boolean;
      customVar3?: string | number | boolean;
      dvrThresholdSeconds: number;
      viewIntervalSeconds: number;
      method: 'GET' | 'POST';
      referrerEncoding: 'base64' | 'raw';
    };
  }
}

var ID: FieldSpec = { type: 'integer', min: 0, max: 2147483647 };
var SCALAR: FieldSpec = { type: 'scalar' };
var REQUIRED = 'is required when kava.enabled';

/**
 * The profile's `kava` section, which the core keeps as written: the plugin brings its fields
 * (AgentPlugin.profile), so they cost the agent's bundle nothing. Plain literals: importing the
 * core's spec helpers would bring its whole table into this bundle, and copies of them cost more
 * than they save. tools/package/profile-spec.ts adds it to the fields the JSON Schema and the
 * packaging tools use.
 */
export var KAVA_SECTION: FieldSpec = {
  type: 'object',
  def: {},
  fields: {
    enabled: { type: 'boolean', def: false },
    endpoint: { type: 'string', format: 'url', min: 8, max: 512 },
    partnerId: ID,
    uiConfId: ID,
    clientVer: { type: 'string', min: 1, max: 64 },
    customVar1: SCALAR,
    customVar2: SCALAR,
    customVar3: SCALAR,
    dvrThresholdSeconds: { type: 'number', min: 0, max: 86400, def: 120 },
    viewIntervalSeconds: { type: 'number', min: 1, max: 600, def: 10 },
    method: { type: 'string', values: ['GET', 'POST'], def: 'GET' },
    referrerEncoding: { type: 'string', values: ['base64', 'raw'], def: 'base64' },
  },
  // enabled needs an endpoint (https unless allowInsecure) and a partnerId (tools/gen-profile-schema.ts spells it for the schema)
  rule: function (profile, problem, httpsOnly) {
    var kava = profile.kava;
    if (kava.enabled) {
      if (kava.endpoint) httpsOnly('kava.endpoint', kava.endpoint);
      else problem('kava.endpoint', REQUIRED);
      if (kava.partnerId === undefined) problem('kava.partnerId', REQUIRED);
    }
  },
};
