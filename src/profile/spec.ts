import type { PlatformName } from '../platform/platform';
import { CONTENT_SOURCES } from './content-sources';
import { FieldSpec, int, num, obj, oneOf, required, str, url } from './fields';

export type { FieldSpec } from './fields';
export { int, obj, oneOf, required, str, url } from './fields';

/**
 * The operator profile's shape as data: these tables (the core's PROFILE_FIELDS, and the sections of
 * the add-ons and the packaging tools, merged in tools/package/profile-spec.ts) drive validation,
 * defaults, and the JSON Schema generated into schema/profile.schema.json
 * (tools/gen-profile-schema.ts), so they cannot drift.
 * Descriptions live in tools/profile-docs.ts to keep them out of the bundle.
 */

var ID = str(1, 256);
/** A boolean, false unless set (every one of the core's). */
var FLAG: FieldSpec = { type: 'boolean', def: false };
/**
 * A section the core keeps as written (an object, not looked into), so its spec stays out of the
 * bundle: an add-on's, whose plugin brings the fields (AgentPlugin.profile), or the packaging tools'.
 */
export var SECTION: FieldSpec = { type: 'object', def: {} };

/** An HTTP token (RFC 7230): what a request header name may be. */
export var HEADER_NAME = /^[\w!#$%&'*+.^`|~-]+$/;
/** One line of Latin-1 text (tab, space to ~, \x80 to \xff): XHR refuses anything else in a header value (some engines throw). */
export var HEADER_VALUE = /^[\t -~\x80-\xff]*$/;
/**
 * Headers the browser sets (Fetch's forbidden request headers: ignored or refused) or the agent does
 * (Content-Type): any name starting Access-Control-, Proxy- or Sec-, and these whole names.
 */
export var FORBIDDEN_HEADERS =
  /^((access-control|proxy|sec)-|(accept-(charset|encoding)|connection|content-(length|type)|cookie|date|expect|host|keep-alive|origin|referer|te|trailer|transfer-encoding|upgrade|user-agent|via)$)/i;

/** Everything but `platforms`, which holds per-platform partial overrides of these fields. */
export var PROFILE_FIELDS: { [key: string]: FieldSpec } = {
  name: required(str(1, 64)),
  allowInsecure: FLAG,
  contentSource: oneOf(CONTENT_SOURCES, 'OTT'),
  vault: required(
    obj({
      endpoint: required(url()),
      metricsIntervalSeconds: num(1, 3600, 60),
      flushIntervalSeconds: num(1, 86400, 300),
      errorFlushSeconds: num(0, 60, 2),
      maxBatchSize: int(1, 500, 50),
      body: oneOf(['array', 'single'], 'array'),
      contentType: oneOf(['application/json', 'text/plain'], 'application/json'),
      headers: { type: 'map', of: str(0, 1024), format: 'header', max: 4096, def: {} },
      requestTimeoutSeconds: num(1, 120, 20),
    })
  ),
  queue: obj({ capacity: int(1, 10000, 150), maxBytes: int(1024, 4194304, 131072) }),
  retry: obj({ baseSeconds: num(0.1, 3600, 5), maxSeconds: num(1, 86400, 600), maxPerHour: int(1, 3600, 6) }),
  persistence: obj({ maxBytes: int(0, 1048576, 65536) }),
  channels: { type: 'map', of: obj({ IPTV: ID, OTT: ID }), def: {} },
  blend: obj({ iptvUriPattern: { type: 'string', format: 'regexp', min: 1, max: 512 } }),
  errors: obj({
    maxPerMinute: int(0, 60, 5),
    reportRecoverable: FLAG,
    stallThresholdSeconds: num(1, 600, 10),
  }),
  privacy: obj({ keepUriQuery: FLAG }),
  session: obj({ resumeGapSeconds: num(60, 86400, 1800) }),
  /** The Kava add-on's (src/kava/profile.ts), checked with its fields when its plugin is given. */
  kava: SECTION,
  /** The overlay add-on's (src/overlay/profile.ts), likewise. */
  debug: SECTION,
  /**
   * Read by the packaging tools only, which check it with the fields of tools/package/profile-spec.ts;
   * the agent keeps it as written (an object, not looked into), so its spec stays out of the bundle.
   */
  package: SECTION,
};

/** What `platforms` takes: per platform, an `override` of the profile's fields (all optional). */
export function platformsSpec(override: FieldSpec): FieldSpec {
  var platforms: { [name in PlatformName]: FieldSpec } = { tizen: override, webos: override, hbbtv: override, browser: override };
  return obj(platforms);
}
/** The names platformsSpec takes, for the tools and tests (the bundle builds no list). */
export var PLATFORM_NAMES: PlatformName[] = ['tizen', 'webos', 'hbbtv', 'browser'];
