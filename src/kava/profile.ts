import { FieldSpec, int, num, oneOf, str, url } from '../profile/fields';

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

var ID = int(0, 2147483647);
var SCALAR: FieldSpec = { type: 'scalar' };
var REQUIRED = 'is required when kava.enabled';

/**
 * The profile's `kava` section, which the core keeps as written: the plugin brings its fields
 * (AgentPlugin.profile), so the agent's bundle has none of them. tools/package/profile-spec.ts
 * adds it to the fields the JSON Schema and the packaging tools use.
 */
export var KAVA_SECTION: FieldSpec = {
  type: 'object',
  def: {},
  fields: {
    enabled: { type: 'boolean', def: false },
    endpoint: url(),
    partnerId: ID,
    uiConfId: ID,
    clientVer: str(1, 64),
    customVar1: SCALAR,
    customVar2: SCALAR,
    customVar3: SCALAR,
    dvrThresholdSeconds: num(0, 86400, 120),
    viewIntervalSeconds: num(1, 600, 10),
    method: oneOf(['GET', 'POST'], 'GET'),
    referrerEncoding: oneOf(['base64', 'raw'], 'base64'),
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
