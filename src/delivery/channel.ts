import { guard } from '../core/guard';
import { createTimer } from '../core/timer';
import { Clock, EncodedBatch, HttpRequest, Logger, Random, SendOutcome, StringMap, Transport } from '../core/types';
import { copyOwn, hasOwn } from '../core/values';
import { createRing, RingBatch } from '../queue/ring';
import { firstFlushMs, jitteredIntervalMs, RetryPolicy } from './backoff';
import { createSendPolicy } from './send-policy';

/** An answer that delivered: what onSuccess gets (the channel calls it for nothing else). */
export type DeliveredOutcome = Extract<SendOutcome, { kind: 'success' }>;

export type { EncodedBatch } from '../core/types';

export type { RetryPolicy } from './backoff';

/** What every channel of an agent shares: its capabilities, policy and callbacks. */
export interface ChannelShared {
  transport: Transport;
  clock: Clock;
  random: Random;
  logger: Logger;
  retry: RetryPolicy;
  timeoutMs: number;
  isOnline: () => boolean;
  /** Before a send that follows a failure, or one held back offline: an outage outlasted a flush. */
  onOutage: () => void;
  /** After each answer that delivered, unless the channel has its own. */
  onSuccess: (outcome: DeliveredOutcome) => void;
}

/** One channel's own settings (a plugin's channel gives these: PluginChannelOptions). */
export interface ChannelOptions {
  name: string;
  /** The queue's bounds: records and characters. */
  capacity: number;
  maxChars: number;
  /** Builds the request for records (oldest first; a fresh array, the encoder's to change); `dropped` is the overflow count to report. */
  encode: (records: string[], dropped: number) => EncodedBatch;
  maxBatchSize: number;
  contentType: string;
  /** Request headers; none when absent. */
  headers?: () => StringMap;
  /** Periodic flush interval; absent (or null) for channels flushed only after an enqueue. */
  flushEveryMs?: number | null;
  /** After an enqueue, flush within about this long (absent or null: wait for the periodic flush). */
  flushAfterEnqueueMs?: number | null;
  /** Whether page-hide may use sendBeacon (it cannot carry headers or use GET); absent: it may. */
  beaconAllowed?: boolean;
  /** Instead of the shared onSuccess. */
  onSuccess?: (outcome: DeliveredOutcome) => void;
  /** Instead of the shared transport. */
  transport?: Transport;
}

export interface ChannelCounts {
  queued: number;
  sent: number;
  /** dropped by ring overflow */
  overflowed: number;
  /** refused by the collector (4xx): resending cannot help */
  refused: number;
  /** records in a batch waiting for its retry */
  retrying: number;
}

export interface Channel {
  enqueue(record: string): void;
  /** Sends now unless a request is in flight, a retry is pending, or the platform is offline. */
  flush(): void;
  /** Page is hiding or going away: hand what is queued to sendBeacon where it can go that way. */
  flushOnHide(): void;
  /** The platform is short of memory: hold at most half the queue's budget (the oldest beyond it dropped, counted and reported as overflow), and send. */
  shrink(): void;
  /** Whether the collector asked this channel to pause (X-Telemetry-Pause): records are then not taken. */
  paused(): boolean;
  /** Calls back once nothing is in flight (sent, failed or waiting for a retry). */
  whenSettled(done: () => void): void;
  counts(): ChannelCounts;
  /** For persistence: what waits (oldest first) and the overflow not yet reported. */
  snapshot(): { records: string[]; dropped: number };
  /** Overflow a previous run persisted unreported: it goes with the next batch. */
  carryOverflow(dropped: number): void;
  destroy(): void;
}

var MAX_WAITERS = 8;
/** A batch stops before a body this long (it always takes one record). */
var MAX_BODY_CHARS = 512000;
var BEACON_MAX_CHARS = 60000; // browsers refuse beacons over 64 KB
var MAX_BEACONS = 8;

/**
 * A channel batches: records wait in a ring, go oldest first in batches of at most maxBatchSize
 * (halved while the collector answers 413), one request at a time, and leave the ring only once
 * delivered or refused. When it may send, after a failure or under the collector's throttle, is
 * the send policy's (send-policy.ts).
 */
export function createChannel(o: ChannelOptions, shared: ChannelShared): Channel {
  var name = o.name;
  var clock = shared.clock;
  var random = shared.random;
  var logger = shared.logger;
  var policy = createSendPolicy(shared.retry, clock, random);
  var transport = o.transport || shared.transport;
  var prefix = 'tv-telemetry: ' + name + ': ';
  var ring = createRing(o.capacity, o.maxChars);
  // The batch in flight: its records (positions below `end`) and the overflow count when it was taken.
  var inFlight: RingBatch | null = null;
  var batchLimit = o.maxBatchSize;
  var dropsAcknowledged = 0;
  var sent = 0;
  var refused = 0;
  /** Where the batch waiting for its retry ends (its records are the oldest); null when none waits. */
  var retryEnd: number | null = null;
  var waiters: (() => void)[] = [];
  var destroyed = false;
  // One timer for the next send: soon after an enqueue or an answer, or after a retry's backoff or
  // the collector's throttle, which hold back flush() meanwhile (`holding`).
  var holding = false;
  var nextTimer = createTimer(clock, logger, name + ' flush', function () {
    holding = false;
    flush();
  });
  var flushEveryMs = o.flushEveryMs || 0; // 0: no periodic flush
  var periodicTimer = createTimer(clock, logger, name + ' periodic flush', function () {
    periodicTimer.start(jitteredIntervalMs(flushEveryMs, random));
    flush();
  });
  if (flushEveryMs) periodicTimer.start(firstFlushMs(flushEveryMs, random));

  function headers(): StringMap {
    return o.headers ? o.headers() : {};
  }

  var onOutcome = guard(logger, name + ' response', function (outcome: SendOutcome) {
    var batch = inFlight;
    if (!batch) return; // a transport that answers twice: the first answer settled the batch
    var count = batch.records.length;
    var status = outcome.status;
    inFlight = null;
    if (destroyed) return;
    // The collector's throttle (a network error, status 0, carries none).
    if (status) {
      policy.throttle(outcome);
      if (outcome.pauseMs != null) logger.warn(prefix + 'HTTP ' + status + ', pause ' + outcome.pauseMs / 1000 + ' s');
    }
    if (outcome.kind === 'retryable') {
      retryEnd = batch.end;
      var delay = policy.retryDelay(outcome.retryAfterMs);
      logger.warn(prefix + (status ? 'HTTP ' + status : 'network error') + ', retry ' + policy.retries() + ' in ' + Math.round(delay / 1000) + ' s');
      hold(delay);
    } else {
      if (outcome.kind === 'success') {
        sent += ring.removeBefore(batch.end);
        // Absolute, not added: a page-hide beacon may have reported the same overflow meanwhile.
        dropsAcknowledged = Math.max(dropsAcknowledged, batch.dropped);
        policy.delivered();
        retryEnd = null;
        batchLimit = o.maxBatchSize;
        (o.onSuccess || shared.onSuccess)(outcome);
      } else if (status === 413 && count > 1) {
        batchLimit = Math.floor(count / 2); // at least 1: count > 1
      } else {
        var removed = ring.removeBefore(batch.end);
        refused += removed;
        retryEnd = null;
        logger.error(prefix + 'HTTP ' + status + ', ' + removed + ' records dropped');
      }
      if (ring.size() > 0) flushSoon(0);
    }
    settle();
  });

  function settle(): void {
    if (inFlight) return;
    var pending = waiters;
    waiters = [];
    for (var i = 0; i < pending.length; i++) pending[i]();
  }

  function flush(): void {
    if (!destroyed && !inFlight && !holding && ring.size() > 0) send();
    settle(); // nothing in flight: whoever waits is told now
  }

  function send(): void {
    var online = shared.isOnline();
    if (retrying() || !online) shared.onOutage();
    if (!online) return;
    nextTimer.stop();
    var wait = policy.waitMs();
    if (wait > 0) return hold(wait);
    policy.sending();
    var batch = ring.peek(batchLimit, MAX_BODY_CHARS);
    var encoded = o.encode(batch.records, batch.dropped - dropsAcknowledged);
    inFlight = batch;
    transport.send(copyOwn(encoded, { contentType: o.contentType, headers: headers(), timeoutMs: shared.timeoutMs } as HttpRequest), onOutcome);
  }

  /** Records of the batch waiting for its retry still held: overflow and beacons take the oldest first. */
  function retrying(): number {
    return retryEnd === null ? 0 : ring.sizeBefore(retryEnd);
  }

  function flushSoon(delayMs: number): void {
    if (!nextTimer.pending() && !destroyed) nextTimer.start(Math.round(delayMs));
  }

  function hold(delayMs: number): void {
    holding = true;
    nextTimer.start(delayMs);
  }

  return {
    enqueue: function (record) {
      ring.push(record);
      if (o.flushAfterEnqueueMs != null) flushSoon(o.flushAfterEnqueueMs * (0.5 + 0.5 * random()));
      else if (ring.size() >= batchLimit) flushSoon(2000 * random());
    },
    flush: flush,
    flushOnHide: function () {
      if (destroyed || !shared.isOnline() || policy.paused()) return;
      var all = headers();
      var beaconable = o.beaconAllowed !== false;
      for (var key in all) beaconable = beaconable && !hasOwn(all, key); // beacons carry no headers
      if (!beaconable) return flush();
      // Whatever is in flight goes again by beacon: the page may die before its answer, and a
      // duplicate is dropped by eventId at the collector, whereas a loss is not recoverable.
      for (var i = 0; i < MAX_BEACONS && ring.size() > 0; i++) {
        var batch = ring.peek(batchLimit, BEACON_MAX_CHARS);
        var encoded = o.encode(batch.records, batch.dropped - dropsAcknowledged);
        if (encoded.method !== 'POST' || encoded.body === null || !transport.beacon(encoded.url, encoded.body)) return flush();
        sent += ring.removeBefore(batch.end);
        dropsAcknowledged = batch.dropped; // all reported
      }
    },
    shrink: function () {
      ring.shrink();
      flush();
    },
    paused: policy.paused,
    whenSettled: function (done) {
      if (!inFlight || waiters.length >= MAX_WAITERS) return done();
      waiters.push(done);
    },
    counts: function () {
      return { queued: ring.size(), sent: sent, overflowed: ring.dropped(), refused: refused, retrying: retrying() };
    },
    snapshot: function () {
      return { records: ring.peek(Infinity, Infinity).records, dropped: ring.dropped() - dropsAcknowledged };
    },
    carryOverflow: function (dropped) {
      dropsAcknowledged -= dropped;
    },
    destroy: function () {
      destroyed = true;
      nextTimer.stop();
      periodicTimer.stop();
      settle();
    },
  };
}
