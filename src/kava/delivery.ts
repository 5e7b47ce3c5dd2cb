/**
 * Kava's wire format: one event per request, to `<endpoint>?service=analytics&action=trackEvent`,
 * as a GET query or (kava.method POST) a form-encoded body; the answer is `{ time, viewEventsEnabled }`.
 */
import type { PluginHost } from '../agent/plugin';
import type { Channel } from '../delivery/channel';

/** Kava sends about six events a minute: this holds minutes of them while offline. */
var CAPACITY = 64;
var MAX_CHARS = 65536;

/** The answer's fields, unchecked. */
export interface KavaReply {
  time?: unknown;
  viewEventsEnabled?: unknown;
}

export function createKavaChannel(host: PluginHost, endpoint: string, method: 'GET' | 'POST', onReply: (reply: KavaReply) => void): Channel {
  var post = method === 'POST';
  var base = endpoint + (endpoint.indexOf('?') < 0 ? '?' : '&') + 'service=analytics&action=trackEvent';
  return host.createChannel({
    name: 'kava',
    capacity: CAPACITY,
    maxChars: MAX_CHARS,
    // Each record is already its final query string (encoded once, when the event was created).
    encode: function (records) {
      return { url: post ? base : base + '&' + records[0], method: method, body: post ? records[0] : null };
    },
    maxBatchSize: 1,
    contentType: 'application/x-www-form-urlencoded',
    flushAfterEnqueueMs: 0,
    // sendBeacon can only POST.
    beaconAllowed: post,
    onSuccess: function (outcome) {
      var reply = parseReply(outcome.body);
      if (reply) onReply(reply);
    },
  });
}

/** The answer's JSON object (a bare number is the time); null for anything else, which is ignored. */
export function parseReply(body: string): KavaReply | null {
  try {
    var value = JSON.parse(body);
    return typeof value === 'number' ? { time: value } : value && typeof value === 'object' ? value : null;
  } catch (e) {
    return null;
  }
}
