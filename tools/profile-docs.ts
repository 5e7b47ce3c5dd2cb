/**
 * A description for every field of the operator profile, keyed by dotted path (`*` stands for any
 * key of a map). They go into schema/profile.schema.json, never into the bundle.
 * test/packaging/profile-schema.test.ts fails when a spec path has no entry here or an entry has no
 * spec path, so adding a field to src/profile/spec.ts (or to `kava` in src/kava/profile.ts, `debug` in
 * src/overlay/profile.ts, `package` in tools/package/profile-spec.ts) means documenting it here.
 */
export const PROFILE_DOCS: { [path: string]: string } = {
  name: 'Profile name, recorded in packages and logs (e.g. "example-iptv").',
  allowInsecure: 'Allow http:// collector endpoints. For local development only; TVs in the field need https.',
  contentSource:
    "Default delivery path of the operator's content when the app does not say: IPTV (managed network), OTT (internet), or Blend (decided per stream by blend.iptvUriPattern).",

  vault: 'The Vault user-activity collector.',
  'vault.endpoint':
    'Collector base URL (https unless allowInsecure); records go to <endpoint>/useractivityvault/v1/useractivity/<activity>. Its origin must be allowed by the TV app (Tizen <access origin>) and answer CORS.',
  'vault.metricsIntervalSeconds': 'Seconds between playback_metrics records of one playback.',
  'vault.flushIntervalSeconds': 'Seconds between sends of queued playback_metrics records (hide and exit flush at once).',
  'vault.errorFlushSeconds': 'Seconds a playerError record waits for others before it is sent (0: at once).',
  'vault.maxBatchSize': 'Most records in one request when vault.body is "array".',
  'vault.body': '"array": a JSON array of records per request; "single": one record per request.',
  'vault.contentType':
    'Content-Type of the requests. "text/plain" avoids a CORS preflight per request on cross-origin collectors (HbbTV apps from the broadcast always are).',
  'vault.headers':
    'Extra request headers sent with every request (each one costs a CORS preflight unless the collector is same-origin). Names are HTTP tokens, never one the browser sets (Host, Cookie, Content-Length…) nor Content-Type (vault.contentType); at most 4096 bytes in all.',
  'vault.headers.*': 'Header value: one line of Latin-1 text.',
  'vault.requestTimeoutSeconds': 'Seconds before a request is abandoned and retried.',

  queue: 'Bounds of the in-memory queue of metrics records; past them the oldest records are dropped and counted.',
  'queue.capacity': 'Most records waiting to be sent.',
  'queue.maxBytes': 'Most characters of serialised records waiting to be sent.',

  retry: 'Retry of failed sends: full-jitter exponential backoff.',
  'retry.baseSeconds': 'First retry delay bound in seconds; doubles per attempt.',
  'retry.maxSeconds': 'Cap of the retry delay in seconds (a Retry-After from the collector is honoured up to it).',
  'retry.maxPerHour':
    'Retry budget per activity: after 3 retries at the backoff pace, at most this many retries an hour, so a dead collector costs a few requests an hour.',

  persistence: 'Records not yet acknowledged are kept in localStorage across an app restart or a power cut.',
  'persistence.maxBytes':
    'Most characters (bytes of ASCII JSON) of storage the unacknowledged records may fill, errors first; the newest are kept and the rest counted as dropped. 0: nothing is persisted.',

  channels: 'Channel map: editorial channel ID -> technical channel IDs per delivery path, used when the app gives no technicalId.',
  'channels.*': 'Technical channel IDs of one editorial channel.',
  'channels.*.IPTV': 'Technical channel ID on IPTV (e.g. the multicast group).',
  'channels.*.OTT': 'Technical channel ID on OTT (e.g. the stream or asset ID).',

  blend: 'Blend operators: how to tell an IPTV stream from an OTT one.',
  'blend.iptvUriPattern': 'Regular expression; a stream URI that matches is IPTV, any other is OTT. Required when contentSource is Blend.',

  errors: 'Player error reporting.',
  'errors.maxPerMinute': 'Most playerError records per minute; the rest are counted as suppressed.',
  'errors.reportRecoverable': 'Also report recoverable (severity 1) Shaka errors.',
  'errors.stallThresholdSeconds': 'A stall longer than this many seconds is reported as an error.',

  privacy: 'Privacy settings.',
  session: 'The app session (appSessionId).',
  'session.resumeGapSeconds':
    'When the app is shown again after being hidden (suspended) at least this long, a new app session starts: a new appSessionId, and sequence numbers from 1.',
  'privacy.keepUriQuery': 'Keep the query string of stream URIs in records (it often carries tokens; stripped by default).',

  kava: 'Optional Kaltura Kava analytics sink.',
  'kava.enabled': 'Send Kava events too (needs the Kava plugin, kava.endpoint and kava.partnerId).',
  'kava.endpoint': 'Kava collector URL (https unless allowInsecure).',
  'kava.partnerId': 'Kaltura partner ID.',
  'kava.uiConfId': 'Kaltura player UI configuration ID.',
  'kava.clientVer': 'Client version reported to Kava.',
  'kava.customVar1': 'Free custom variable 1 passed to Kava.',
  'kava.customVar2': 'Free custom variable 2 passed to Kava.',
  'kava.customVar3': 'Free custom variable 3 passed to Kava.',
  'kava.dvrThresholdSeconds': 'A live playback this many seconds behind the live edge counts as DVR.',
  'kava.viewIntervalSeconds': 'Seconds between Kava VIEW events.',
  'kava.method': 'HTTP method of Kava requests.',
  'kava.referrerEncoding': 'How the referrer is encoded in Kava requests.',

  debug: 'On-device debug overlay (needs the overlay plugin, TvTelemetryOverlay.plugin, from dist/tv-telemetry-overlay.js).',
  'debug.overlay': 'Arm the overlay: its key shows and hides it (agent.debugOverlay(true) shows it from code).',
  'debug.overlayKey': 'The remote key that toggles the overlay: a keyCode (default 406, the blue colour key) or a KeyboardEvent key name (e.g. "F2").',

  package: 'What the sideloadable sample packages (npm run package:webos / package:tizen / package:hbbtv) are built with. Not used by the agent at run time.',
  'package.appId': 'webOS app ID (reverse domain, e.g. "com.operator.tvtelemetry"; default derived from the profile name).',
  'package.title': 'App title shown on the TV (default: the profile name).',
  'package.vendor': 'Vendor shown on the TV (webOS appinfo vendor, Tizen author; default "tv-telemetry-agent sample").',
  'package.version': 'App version, x.y.z (default: the agent version).',
  'package.tizenPackageId': 'Tizen package ID: exactly 10 letters or digits (default derived from the profile name).',
  'package.streams':
    'Channel list of the sample app, keyed by the editorial channel ID it reports (a key of `channels` where the profile has a channel map). Without it the app has one placeholder entry whose URL the operator sets in profile.js.',
  'package.streams.*': 'One channel of the sample app.',
  'package.streams.*.title': "Name shown in the sample app's channel list.",
  'package.streams.*.url': 'Manifest URL (DASH or HLS) the sample app plays.',
  'package.streams.*.contentType': 'Content type the sample app reports for this channel.',
  'package.hbbtv': 'HbbTV application signalling, written into the generated AIT (ait.xml).',
  'package.hbbtv.orgId': 'DVB organisation ID of the broadcaster (32 bit).',
  'package.hbbtv.appId': 'Application ID within the organisation (16 bit).',
  'package.hbbtv.urlBase': 'URL the application directory is served from (AIT applicationTransport URLBase; ends with /).',
  'package.hbbtv.controlCode': 'AIT control code: AUTOSTART starts the app with the service, PRESENT leaves it to the user.',

  platforms:
    'Per-platform overrides (tizen, webos, hbbtv, browser) merged over the rest of the profile at start-up, e.g. a different collector host or interval on HbbTV. Same fields, all optional.',
};

/** The description of the field at dotted path `p`; throws when it has none (a field added without one). */
export function fieldDescription(p: string): string {
  const text = PROFILE_DOCS[p];
  if (!text) throw new Error('tools/profile-docs.ts: no description for "' + p + '"');
  return text;
}
