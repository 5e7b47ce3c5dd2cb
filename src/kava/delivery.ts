/**
 * Kava's wire format: one event per request, to `<endpoint>?service=analytics&action=trackEvent`,
 * as a GET query or (kava.method POST) a form-encoded body; the answer is `{ time, viewEventsEnabled }`.
 */
import type { PluginHost } from '../agent/plugin';
import type { Channel } from '../delivery/channel';

/** Kava sends about six events a minute: this holds minutes of them while offline. */
var CAPACITY = 64;
var MAX_CHARS = 65536;

export interface KavaReply {
  time: number | null;
  /** null: the answer did not say, which leaves VIEW events as they were */
  viewEventsEnabled: boolean | null;
}

export function createKavaChannel(host: PluginHost, endpoint: string, post: boolean, onReply: (reply: KavaReply) => void): Channel {
  var base = endpoint + (endpoint.indexOf('?') < 0 ? '?' : '&') + 'service=analytics&action=trackEvent';
  return host.createChannel({
    name: 'kava',
    capacity: CAPACITY,
    maxChars: MAX_CHARS,
    // Each record is already its final query string (encoded once, when the event was created).
    encode: function (records) {
      return post ? { url: base, method: 'POST', body: records[0] } : { url: base + '&' + records[0], method: 'GET', body: null };
    },
    maxBatchSize: 1,
    contentType: 'application/x-www-form-urlencoded',
    flushAfterEnqueueMs: 0,
    // sendBeacon can only POST.
    beaconAllowed: post,
    onSuccess: function (outcome) {
      if (outcome.kind === 'success') {
        var reply = parseReply(outcome.body);
        if (reply) onReply(reply);
      }
    },
  });
}

/** The answer's JSON (or a bare time); null for anything else, which is ignored. */
export function parseReply(body: string): KavaReply | null {
  var value: any;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return null;
  }
  if (typeof value === 'number') value = { time: value };
  if (!value || typeof value !== 'object') return null;
  return {
    time: typeof value.time === 'number' && isFinite(value.time) ? value.time : null,
    viewEventsEnabled: typeof value.viewEventsEnabled === 'boolean' ? value.viewEventsEnabled : null,
  };
}
