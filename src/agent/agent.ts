import { systemClock } from '../core/clock';
import { guard } from '../core/guard';
import { uuid4 } from '../core/ids';
import { Clock, Identity, Logger, Random, SendOutcome, Storage, StringMap, Transport } from '../core/types';
import { hasOwn } from '../core/values';
import { Channel, createChannel } from '../delivery/channel';
import { createPlatform } from '../platform/detect';
import { HostWindow } from '../platform/host';
import { Platform, PlatformName } from '../platform/platform';
import { ShakaModuleLike, ShakaPlayerLike } from '../player/types';
import { Profile } from '../profile/types';
import { validateProfile } from '../profile/validate';
import { createRing } from '../queue/ring';
import { createXhrTransport } from '../transport/xhr';
import { ContentDescription } from '../vault/content';
import { ActivityName, serializeRecord } from '../vault/record';
import { createErrorBudget } from './error-budget';
import { Playback, startPlayback } from './playback';
import { AgentPlugin, PlaybackObserver, PluginChannelOptions, PluginInstance } from './plugin';

export interface AgentOptions {
  profile: unknown;
  identity?: Identity;
  platform?: 'auto' | PlatformName;
  shaka?: ShakaModuleLike;
  logger?: Logger;
  transport?: Transport;
  clock?: Clock;
  random?: Random;
  storage?: Storage;
  /** The window-like global the platform layer reads (default: `window`). */
  window?: HostWindow;
  /** Extra sinks from their own bundles, e.g. `TvTelemetryKava.plugin`. */
  plugins?: AgentPlugin[];
}

export interface AgentStatus {
  /** records waiting in the queues */
  queued: number;
  /** records the collector acknowledged */
  sent: number;
  /** records lost: ring overflow plus batches the collector refused with a 4xx */
  dropped: number;
  /** content descriptions rejected as invalid */
  rejected: number;
  /** records in batches waiting for a retry */
  retrying: number;
  overflowed: number;
  refused: number;
  suppressedErrors: number;
  recoverableErrors: number;
}

export interface Agent {
  track(player: ShakaPlayerLike, content: ContentDescription): Playback;
  flush(done?: (status: AgentStatus) => void): void;
  shutdown(done?: (status: AgentStatus) => void): void;
  status(): AgentStatus;
  /** Bearer token for the collector, sent as an Authorization header (null clears it). */
  setAuthToken(token: string | null): void;
  readonly profile: Profile;
  readonly platform: Platform;
  readonly appSessionId: string;
}

var MAX_PLAYBACKS = 4;
var MAX_PLUGINS = 4;
var MAX_BODY_CHARS = 512000;
var VAULT_PATH = '/useractivityvault/v1/useractivity/';
/** A record for the error channel is small; it gets a ring of its own so metrics cannot crowd it out. */
var ERROR_RING_CAPACITY = 32;
var ERROR_RING_CHARS = 32768;
/** Server clock differences under this are Date-header resolution and transit, not skew. */
var SKEW_THRESHOLD_MS = 2000;

declare var __AGENT_VERSION__: string;
export var AGENT_VERSION: string = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : 'dev';

var consoleLogger: Logger = {
  debug: function (m) {
    if (typeof console !== 'undefined' && console.log) console.log(m);
  },
  info: function (m) {
    if (typeof console !== 'undefined' && console.log) console.log(m);
  },
  warn: function (m) {
    if (typeof console !== 'undefined' && console.warn) console.warn(m);
  },
  error: function (m) {
    if (typeof console !== 'undefined' && console.error) console.error(m);
  },
};

/**
 * Creates the agent. Throws only for an invalid profile (one error listing every problem); all
 * later calls never throw into the host app.
 */
export function createAgent(options: AgentOptions): Agent {
  options = options || ({} as AgentOptions); // no options: the profile error below, not a TypeError
  var logger = safeLogger((options && options.logger) || consoleLogger);
  var clock = options.clock || systemClock();
  var injectedRandom = options.random || null;
  var random = injectedRandom || Math.random;
  var win: HostWindow = options.window || (typeof window !== 'undefined' ? (window as unknown as HostWindow) : {});
  var platform = createPlatform(options.platform || 'auto', win, { logger: logger, clock: clock, random: random });
  var result = validateProfile(options.profile, platform.name);
  if (!result.ok) {
    platform.destroy();
    throw new Error('tv-telemetry: invalid profile:\n  ' + result.problems.join('\n  '));
  }
  var profile = result.profile;
  var vault = profile.vault;
  var transport = options.transport || createXhrTransport(clock);
  var appSessionId = uuid4(injectedRandom);
  var identity: Identity = {};
  var authToken: string | null = null;
  var skewMs = 0;
  var online = platform.isOnline();
  var sequences = { playback_metrics: 0, playerError: 0 };
  var counters = { rejected: 0, suppressedErrors: 0, recoverableErrors: 0 };
  var playbacks: Playback[] = [];
  var errorBudget = createErrorBudget(profile.errors.maxPerMinute);
  var stopped = false;

  mergeIdentity(options.identity);
  platform.identity(
    guard(logger, 'platform identity', function (found: Identity) {
      mergeIdentity(found);
      mergeIdentity(options.identity); // the app's identity always wins
    })
  );

  function mergeIdentity(from: Identity | undefined): void {
    if (!from || typeof from !== 'object') return;
    var keys = ['deviceId', 'accountId', 'userId', 'sessionId'];
    for (var i = 0; i < keys.length; i++) {
      var value = (from as any)[keys[i]];
      if (typeof value === 'string' && value.length > 0 && value.length <= 256) (identity as any)[keys[i]] = value;
      else if (value !== undefined && value !== null) logger.warn('tv-telemetry: identity.' + keys[i] + ': must be a non-empty string, ignored');
    }
  }

  function headers(): StringMap {
    var out: StringMap = {};
    for (var name in vault.headers) if (hasOwn(vault.headers, name)) out[name] = vault.headers[name];
    if (authToken) out.Authorization = 'Bearer ' + authToken;
    return out;
  }

  function learnClock(outcome: SendOutcome): void {
    if (outcome.kind !== 'success' || outcome.serverDateMs === null) return;
    var difference = outcome.serverDateMs - clock.now();
    skewMs = Math.abs(difference) > SKEW_THRESHOLD_MS ? difference : 0;
  }

  function vaultChannel(activity: ActivityName, capacity: number, maxChars: number, urgent: boolean): Channel {
    var url = vault.endpoint.replace(/\/+$/, '') + VAULT_PATH + activity;
    return createChannel({
      name: activity,
      ring: createRing(capacity, maxChars),
      transport: transport,
      clock: clock,
      random: random,
      logger: logger,
      encode: function (records, dropped) {
        var first = dropped > 0 ? '{"droppedRecords":' + dropped + ',' + records[0].substring(1) : records[0];
        var body = vault.body === 'single' ? first : '[' + [first].concat(records.slice(1)).join(',') + ']';
        return { url: url, method: 'POST', body: body };
      },
      maxBatchSize: vault.body === 'single' ? 1 : vault.maxBatchSize,
      maxBodyChars: MAX_BODY_CHARS,
      contentType: vault.contentType,
      headers: headers,
      timeoutMs: vault.requestTimeoutSeconds * 1000,
      retryBaseMs: profile.retry.baseSeconds * 1000,
      retryCapMs: profile.retry.maxSeconds * 1000,
      flushEveryMs: urgent ? null : vault.flushIntervalSeconds * 1000,
      flushAfterEnqueueMs: urgent ? vault.errorFlushSeconds * 1000 : null,
      beaconAllowed: true,
      isOnline: function () {
        return online;
      },
      onSuccess: learnClock,
    });
  }

  var channels: { [activity: string]: Channel } = {
    playback_metrics: vaultChannel('playback_metrics', profile.queue.capacity, profile.queue.maxBytes, false),
    playerError: vaultChannel(
      'playerError',
      Math.min(ERROR_RING_CAPACITY, profile.queue.capacity),
      Math.min(ERROR_RING_CHARS, profile.queue.maxBytes),
      true
    ),
  };
  var channelList = [channels.playback_metrics, channels.playerError];

  var pluginHost = {
    profile: profile,
    clock: clock,
    random: random,
    logger: logger,
    platform: platform,
    appSessionId: appSessionId,
    agentVersion: AGENT_VERSION,
    createChannel: function (o: PluginChannelOptions): Channel {
      var channel = createChannel({
        name: o.name,
        ring: createRing(o.capacity, o.maxChars),
        transport: o.transport || transport,
        clock: clock,
        random: random,
        logger: logger,
        encode: o.encode,
        maxBatchSize: o.maxBatchSize,
        maxBodyChars: MAX_BODY_CHARS,
        contentType: o.contentType,
        headers: function () {
          return {};
        },
        timeoutMs: vault.requestTimeoutSeconds * 1000,
        retryBaseMs: profile.retry.baseSeconds * 1000,
        retryCapMs: profile.retry.maxSeconds * 1000,
        flushEveryMs: null,
        flushAfterEnqueueMs: o.flushAfterEnqueueMs,
        beaconAllowed: o.beaconAllowed,
        isOnline: function () {
          return online;
        },
        onSuccess: o.onSuccess || function () {},
      });
      channelList.push(channel);
      return channel;
    },
  };
  var plugins: PluginInstance[] = [];
  var pluginList = (options.plugins || []).slice(0, MAX_PLUGINS);
  for (var p = 0; p < pluginList.length; p++) {
    var instance = guard(logger, 'plugin start', function (plugin: AgentPlugin) {
      return plugin.start(pluginHost);
    })(pluginList[p]);
    if (instance) plugins.push(instance);
  }
  if (profile.kava.enabled && !plugins.length) logger.warn('tv-telemetry: kava.enabled, but the Kava plugin is not loaded');

  function eachChannel(fn: (channel: Channel) => void): void {
    for (var i = 0; i < channelList.length; i++) fn(channelList[i]);
  }

  /** Flushes until nothing is queued or a round makes no progress (retry pending, offline), then calls `done`. */
  function drain(done: () => void): void {
    var before = status().queued;
    eachChannel(function (c) {
      c.flush();
    });
    whenSettled(function () {
      var queued = status().queued;
      if (queued > 0 && queued < before) drain(done);
      else done();
    });
  }

  /** Calls `done` once every channel has nothing in flight. */
  function whenSettled(done: () => void): void {
    var pending = channelList.length;
    eachChannel(function (channel) {
      channel.whenSettled(function () {
        if (--pending === 0) done();
      });
    });
  }

  var stopLifecycle = platform.onLifecycle(
    guard(logger, 'lifecycle', function (event) {
      if (event === 'offline') online = false;
      else if (event === 'online') {
        online = true;
        eachChannel(function (c) {
          c.flush();
        });
      } else if (event === 'hide' || event === 'exit') {
        // The app may be frozen (Tizen) or gone next: close the playbacks' intervals on exit and hand
        // everything to sendBeacon.
        if (event === 'exit') endAll();
        eachChannel(function (c) {
          c.flushOnHide();
        });
      } else if (event === 'lowMemory') {
        eachChannel(function (c) {
          c.flush();
        });
      }
    })
  );

  function endAll(): void {
    var list = playbacks.slice();
    for (var i = 0; i < list.length; i++) list[i].end();
  }

  var context = {
    profile: profile,
    clock: clock,
    random: injectedRandom,
    logger: logger,
    shaka: options.shaka || null,
    appSessionId: appSessionId,
    broadcastId: function () {
      return platform.broadcastChannelId();
    },
    emit: function (activity: ActivityName, metadata: { [key: string]: unknown }) {
      if (stopped) return;
      var record = serializeRecord(
        {
          activityName: activity,
          eventId: uuid4(injectedRandom),
          timestamp: new Date(clock.now() + skewMs).toISOString(),
          sequence: ++sequences[activity],
          identity: identity,
          sessionId: identity.sessionId || appSessionId,
        },
        metadata
      );
      channels[activity].enqueue(record);
    },
    allowError: function () {
      return errorBudget.allow(clock.monotonic());
    },
    count: function (counter: 'rejected' | 'suppressedErrors' | 'recoverableErrors') {
      counters[counter]++;
    },
    ended: function (playback: Playback) {
      var i = playbacks.indexOf(playback);
      if (i >= 0) playbacks.splice(i, 1);
    },
    observe: function (view: any) {
      var observers: PlaybackObserver[] = [];
      for (var i = 0; i < plugins.length; i++) {
        var observer = guard(logger, 'plugin track', function (instance: PluginInstance) {
          return instance.track(view);
        })(plugins[i]);
        if (observer) observers.push(observer);
      }
      return observers;
    },
  };

  function status(): AgentStatus {
    var s: AgentStatus = {
      queued: 0,
      sent: 0,
      dropped: 0,
      rejected: counters.rejected,
      retrying: 0,
      overflowed: 0,
      refused: 0,
      suppressedErrors: counters.suppressedErrors,
      recoverableErrors: counters.recoverableErrors,
    };
    eachChannel(function (channel) {
      var c = channel.counts();
      s.queued += c.queued;
      s.sent += c.sent;
      s.retrying += c.retrying;
      s.overflowed += c.overflowed;
      s.refused += c.refused;
    });
    s.dropped = s.overflowed + s.refused;
    return s;
  }

  var noopPlayback = function (player: ShakaPlayerLike): Playback {
    return { player: player, update: function () {}, end: function () {} };
  };

  return {
    profile: profile,
    platform: platform,
    appSessionId: appSessionId,
    track: function (player, content) {
      try {
        if (stopped || !player || typeof player.addEventListener !== 'function') {
          logger.error('tv-telemetry: track: ' + (stopped ? 'agent is shut down' : 'not a Shaka player'));
          return noopPlayback(player);
        }
        for (var i = playbacks.length - 1; i >= 0; i--) if (playbacks[i].player === player) playbacks[i].end();
        if (playbacks.length >= MAX_PLAYBACKS) {
          logger.warn('tv-telemetry: track: more than ' + MAX_PLAYBACKS + ' playbacks, ending the oldest');
          playbacks[0].end();
        }
        var playback = startPlayback(context, player, content);
        playbacks.push(playback);
        return playback;
      } catch (e) {
        guard(logger, 'track', function () {
          throw e;
        })();
        return noopPlayback(player);
      }
    },
    flush: guard(logger, 'flush', function (done?: (status: AgentStatus) => void) {
      eachChannel(function (c) {
        c.flush();
      });
      whenSettled(function () {
        if (done) guard(logger, 'flush callback', done)(status());
      });
    }),
    shutdown: guard(logger, 'shutdown', function (done?: (status: AgentStatus) => void) {
      if (stopped) return done && done(status());
      endAll();
      stopped = true;
      // A request in flight would hold back the final records: keep flushing while batches go through.
      drain(function () {
        eachChannel(function (c) {
          c.destroy();
        });
        stopLifecycle();
        for (var i = 0; i < plugins.length; i++) guard(logger, 'plugin destroy', plugins[i].destroy)();
        platform.destroy();
        if (done) guard(logger, 'shutdown callback', done)(status());
      });
    }),
    status: function () {
      return status();
    },
    setAuthToken: guard(logger, 'setAuthToken', function (token: string | null) {
      authToken = typeof token === 'string' && token.length > 0 && token.length <= 4096 ? token : null;
    }),
  };
}

/** A logger that never throws into the agent (a broken console must not break the app either). */
function safeLogger(target: Logger): Logger {
  function level(name: 'debug' | 'info' | 'warn' | 'error'): (message: string) => void {
    return function (message) {
      try {
        if (target && typeof target[name] === 'function') target[name](message);
      } catch (e) {
        // nothing sensible left to do
      }
    };
  }
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}
