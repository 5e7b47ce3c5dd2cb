import { systemClock } from '../core/clock';
import { attempt, guard } from '../core/guard';
import { uuid4 } from '../core/ids';
import { safeLogger } from '../core/logger';
import { Clock, Identity, Logger, Random, Storage, StringMap, Transport } from '../core/types';
import { copyOwn, isText } from '../core/values';
import { Channel, ChannelOptions, createChannel, DeliveredOutcome } from '../delivery/channel';
import { createPlatform } from '../platform/detect';
import { HostWindow } from '../platform/host';
import { LifecycleEvent, Platform, PlatformName } from '../platform/platform';
import { ShakaModuleLike, ShakaPlayerLike } from '../player/types';
import type { ProfileInput } from '../profile/input';
import { Profile } from '../profile/types';
import { Fields, validateProfile } from '../profile/validate';
import type { Persistence } from '../delivery/persist';
import { createXhrTransport } from '../transport/xhr';
import { vaultEncoder } from '../vault/batch';
import { ContentDescription } from '../vault/content';
import { ActivityName, serializeRecord } from '../vault/record';
import { createErrorBudget } from './error-budget';
import { Playback, PlaybackContext, startPlayback } from './playback';
import { AgentPlugin, PlaybackObserver, PlaybackView, PluginHost, PluginInstance } from './plugin';
import { AgentStatus } from './status';

export type { AgentStatus } from './status';

/** What `createAgent` takes. Only `profile` is required. */
export interface AgentOptions {
  /**
   * The operator profile. Validated at once: an invalid one makes `createAgent` throw one error that
   * lists every problem with its path. A profile loaded as JSON goes in through `profileFromJson`.
   */
  profile: ProfileInput;
  /**
   * Who is watching: `{ deviceId, accountId, userId, sessionId }`, each optional (non-empty, at most
   * 256 characters). What the app gives wins over what the platform reads.
   */
  identity?: Identity;
  /**
   * `'auto'` (default): detected among the platform add-ons in `plugins`. A TV platform named without
   * its add-on is logged as an error and runs as `'browser'`.
   */
  platform?: 'auto' | PlatformName;
  /**
   * The app's Shaka module (`import shaka from 'shaka-player'`, or the `shaka` global), used only to
   * name error categories and codes (`NETWORK.BAD_HTTP_STATUS`); without it records carry the numbers.
   */
  shaka?: ShakaModuleLike;
  /** Where the agent's own messages go (default: the console). One that throws is ignored. */
  logger?: Logger;
  /** How requests are sent (default: XMLHttpRequest, and sendBeacon on hide). For tests and unusual hosts. */
  transport?: Transport;
  /** Wall-clock, monotonic time and timers (default: Date, performance, setTimeout). For tests. */
  clock?: Clock;
  /** Uniform random numbers in [0, 1) for IDs and retry jitter (default: Math.random). For tests. */
  random?: Random;
  /** Storage for the persistence (the queues, the device UUID); default: localStorage. */
  storage?: Storage;
  /** The window-like global the platform layer reads (default: `window`). */
  window?: HostWindow;
  /**
   * Add-ons from their own bundles, at most 8: platform adapters (`tv-telemetry-agent/tizen`, `/webos`,
   * `/hbbtv`), queue persistence (`/persist`), sinks (`/kava`) and the debug overlay (`/overlay`); each
   * entry's `plugin`.
   */
  plugins?: AgentPlugin[];
}

/** A running agent, from `createAgent`. No method throws into the app. */
export interface Agent {
  /**
   * Starts tracking `player` (a `shaka.Player`, or any object of its shape) playing `content`. Call it
   * before `player.load()`, so the manifest is measured. Tracking the same player again ends its
   * previous playback first; at most 4 playbacks run at once (the oldest is ended).
   */
  track(player: ShakaPlayerLike, content: ContentDescription): Playback;
  /** Sends what is queued now; `done` gets the status once no request is in flight. */
  flush(done?: (status: AgentStatus) => void): void;
  /**
   * Ends every playback, sends what is queued, stores what the collector did not take (with the
   * persistence add-on), and stops; `done` gets the final status. Later calls do nothing.
   */
  shutdown(done?: (status: AgentStatus) => void): void;
  /** The counters now: queue depth, sent, dropped and why. */
  status(): AgentStatus;
  /** Bearer token for the collector, sent as an Authorization header (null clears it). Never logged. */
  setAuthToken(token: string | null): void;
  /** Shows or hides the debug overlay; needs its plugin (`TvTelemetryOverlay.plugin`), else logs a warning. */
  debugOverlay(on: boolean): void;
  /** The profile as validated, every default applied, this platform's overrides merged. */
  readonly profile: Profile;
  /** The platform the agent runs on (detected or named in the options). */
  readonly platform: Platform;
  /** This app session's ID: a new one after the app was hidden longer than `session.resumeGapSeconds`. */
  readonly appSessionId: string;
}

type Counter = 'rejected' | 'suppressedErrors' | 'recoverableErrors' | 'discarded';

var MAX_PLAYBACKS = 4;
var MAX_PLUGINS = 8;
var VAULT_PATH = '/useractivityvault/v1/useractivity/';
/** Errors get a small ring of their own, so metrics cannot crowd them out. */
var ERROR_RING_CAPACITY = 32;
var ERROR_RING_CHARS = 32768;
/** Server clock differences under this are Date-header resolution and transit, not skew. */
var SKEW_THRESHOLD_MS = 2000;
var IDENTITY_KEYS = ['deviceId', 'accountId', 'userId', 'sessionId'];
/**
 * What the channels do on a lifecycle event. The app may be frozen (Tizen) or gone next after
 * hide and exit: everything goes to sendBeacon. Back online or short of memory: send now.
 */
var CHANNEL_ACTIONS: { [event: string]: keyof Channel | undefined } = { hide: 'flushOnHide', exit: 'flushOnHide', online: 'flush', lowMemory: 'shrink' };

declare var __AGENT_VERSION__: string;
/** The agent's version, as records carry it (e.g. "0.1.0"). */
export var AGENT_VERSION: string = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : 'dev';

/** What makes the queues and the device UUID survive a restart (persistVaultQueues). */
export type PersistenceFactory = NonNullable<AgentPlugin['persistence']>;

/**
 * Creates the lean agent: queues in memory only, unless a plugin brings persistence
 * (`TvTelemetryPersist.plugin`). The default entry (index.ts) builds the persistence in. Throws
 * only for an invalid profile (one error listing every problem); all later calls never throw into
 * the host app.
 */
export function createAgent(options: AgentOptions): Agent {
  return assembleAgent(options, null);
}

/**
 * The agent with `builtIn` persistence, used when no plugin brings its own (a plugin's wins), or
 * none (null): the lean core.
 */
export function assembleAgent(options: AgentOptions, builtIn: PersistenceFactory | null): Agent {
  options = options || ({} as AgentOptions); // no options: the profile error below, not a TypeError
  var logger = safeLogger(options.logger);
  var clock = options.clock || systemClock();
  var injectedRandom = options.random || null;
  var random = injectedRandom || Math.random;
  var win: HostWindow = options.window || (typeof window !== 'undefined' ? (window as unknown as HostWindow) : {});
  var given: AgentPlugin[] = attempt(function () {
    return (options.plugins || []).slice(0, MAX_PLUGINS);
  }, []);
  /** The plugins' `member` parts, from those that have one (a getter that throws: as if absent). */
  function pluginParts<K extends keyof AgentPlugin>(member: K): NonNullable<AgentPlugin[K]>[] {
    var parts: NonNullable<AgentPlugin[K]>[] = [];
    each(given, function (plugin) {
      var part = attempt(function () {
        return plugin[member];
      }, null);
      if (part) parts.push(part);
    });
    return parts;
  }
  // The profile sections the plugins bring the fields of (kava, debug).
  var sections: Fields = {};
  each(pluginParts('profile'), function (fields) {
    attempt(function () {
      copyOwn(fields, sections);
    });
  });
  var platform = createPlatform(options.platform || 'auto', win, { logger: logger, clock: clock }, pluginParts('platform'));
  var result = validateProfile(options.profile, platform.name, sections);
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
  /**
   * Corrected time minus monotonic time, from the last Date header: timestamps then follow the
   * monotonic clock, which a wall-clock jump (an NTP fix after boot) does not move. Null before any
   * Date header, and once shown again (a suspend may have stopped the monotonic clock).
   */
  var clockBase: number | null = null;
  var online = platform.isOnline();
  var sequences = { playback_metrics: 0, playerError: 0 };
  var counters = { rejected: 0, suppressedErrors: 0, recoverableErrors: 0, discarded: 0 };
  var playbacks: Playback[] = [];
  var plugins: PluginInstance[] = [];
  var channels: Channel[] = [];
  var stopped = false;

  function mergeIdentity(from: Identity | undefined): void {
    if (from && typeof from == 'object')
      each(IDENTITY_KEYS, function (key) {
        var value = attempt(function () {
          return (from as any)[key]; // a getter or Proxy that throws: as if absent
        }, null);
        if (isText(value, 256)) (identity as any)[key] = value;
        else if (value != null) logger.warn('tv-telemetry: identity.' + key + ': must be a non-empty string, ignored');
      });
  }

  /** Every channel, Vault's and the plugins', shares the transport, timers and retry policy. */
  function addChannel(o: ChannelOptions): Channel {
    var channel = createChannel(o, {
      logger: logger,
      clock: clock,
      random: random,
      transport: transport,
      retry: profile.retry,
      timeoutMs: vault.requestTimeoutSeconds * 1000,
      isOnline: function () {
        return online;
      },
      onOutage: function () {
        persistence.failed(); // the queues are persisted, at most once per flush interval
      },
      /** After a delivery: learns the clock skew, and clears the persisted queues once they are empty. */
      onSuccess: function (outcome: DeliveredOutcome) {
        persistence.save(true);
        if (outcome.serverDateMs === null) return;
        var difference = outcome.serverDateMs - clock.now();
        skewMs = Math.abs(difference) > SKEW_THRESHOLD_MS ? difference : 0;
        clockBase = clock.now() + skewMs - clock.monotonic();
      },
    });
    channels.push(channel);
    return channel;
  }

  function vaultChannel(activity: ActivityName, capacity: number, maxChars: number, urgent: boolean): Channel {
    var single = vault.body === 'single';
    return addChannel({
      name: activity,
      capacity: capacity,
      maxChars: maxChars,
      encode: vaultEncoder(vault.endpoint.replace(/\/+$/, '') + VAULT_PATH + activity, single),
      maxBatchSize: single ? 1 : vault.maxBatchSize,
      contentType: vault.contentType,
      headers: function () {
        var out = copyOwn(vault.headers, {} as StringMap);
        if (authToken) out.Authorization = 'Bearer ' + authToken;
        return out;
      },
      flushEveryMs: urgent ? null : vault.flushIntervalSeconds * 1000,
      flushAfterEnqueueMs: urgent ? vault.errorFlushSeconds * 1000 : null,
    });
  }

  var vaultChannels = {
    playback_metrics: vaultChannel('playback_metrics', profile.queue.capacity, profile.queue.maxBytes, false),
    playerError: vaultChannel(
      'playerError',
      Math.min(ERROR_RING_CAPACITY, profile.queue.capacity),
      Math.min(ERROR_RING_CHARS, profile.queue.maxBytes),
      true
    ),
  };
  // Persistence: the first plugin with a factory (tv-telemetry-persist.js), else the entry's own
  // (the default bundle's; none in the lean one).
  var persist = pluginParts('persistence')[0] || builtIn;
  // Records a previous run could not deliver go first. No persistence (or a throwing one): memory
  // only, and no stored device UUID.
  var persistence: Persistence = attempt(function () {
    return persist!({ window: win, storage: options.storage, logger: logger, clock: clock, random: random, channels: vaultChannels, profile: profile });
  }, { save: function () {}, failed: function () {}, discarded: 0, deviceId: function (): undefined {} });
  if (!persist && profile.persistence.maxBytes) logger.info('tv-telemetry: lean bundle: queued records will not survive a restart without tv-telemetry-persist.js');
  counters.discarded = persistence.discarded;
  /**
   * The deviceId after the app's and the platform's: the stored device UUID, else (no storage, or
   * the lean bundle) a random UUID for this page's life, which a restart does not keep. Taken now,
   * so even a record before the vendor answers has one.
   */
  var fallbackDeviceId =
    attempt(function () {
      return persistence.deviceId();
    }, undefined) || uuid4(injectedRandom);
  mergeIdentity({ deviceId: fallbackDeviceId });
  mergeIdentity(options.identity); // the app's identity always wins
  // The platform's vendor ID (a TV add-on's) replaces the fallback when it comes; the platform logs a throw in here.
  platform.identity(function (found: Identity) {
    mergeIdentity({ deviceId: found.deviceId || fallbackDeviceId });
    mergeIdentity(options.identity);
  });

  function each<T>(list: T[], fn: (item: T) => void): void {
    var copy = list.slice(); // a callback may end a playback, which removes it from the list
    for (var i = 0; i < copy.length; i++) fn(copy[i]);
  }
  function callEach<T>(list: T[], method: keyof T): void {
    each(list, function (item) {
      (item as any)[method]();
    });
  }

  /** What plugins (PluginHost) and playbacks (PlaybackContext) are given: one object, so a new app session reaches both. */
  var context: PlaybackContext & PluginHost = {
    profile: profile,
    clock: clock,
    random: injectedRandom,
    logger: logger,
    platform: platform,
    shaka: options.shaka || null,
    appSessionId: appSessionId,
    agentVersion: AGENT_VERSION,
    status: status,
    identity: function () {
      return identity;
    },
    createChannel: addChannel,
    emit: function (activity, metadata) {
      // Paused by the collector: not taken, so no sequence number is spent on it.
      if (stopped || vaultChannels[activity].paused()) return;
      vaultChannels[activity].enqueue(
        serializeRecord(
          activity,
          uuid4(injectedRandom),
          new Date(clockBase === null ? clock.now() + skewMs : clock.monotonic() + clockBase).toISOString(),
          ++sequences[activity],
          identity,
          identity.sessionId || appSessionId,
          metadata
        )
      );
    },
    allowError: createErrorBudget(profile.errors.maxPerMinute),
    count: function (counter: Counter) {
      counters[counter]++;
    },
    ended: function (playback) {
      var i = playbacks.indexOf(playback);
      if (i >= 0) playbacks.splice(i, 1);
    },
    observe: function (view: PlaybackView) {
      var observers: PlaybackObserver[] = [];
      each(plugins, function (instance) {
        var observer = guard(logger, 'plugin track', function () {
          return instance.track(view);
        })();
        if (observer) observers.push(observer);
      });
      return observers;
    },
  };


  each(given, function (plugin) {
    var instance = guard(logger, 'plugin start', function () {
      return plugin && plugin.start ? plugin.start(context) : null;
    })();
    if (instance) plugins.push(instance);
  });
  if (profile.kava.enabled && !plugins.length) logger.warn('tv-telemetry: kava.enabled without the Kava plugin');

  /**
   * Flushes every channel, then calls `done` once none has anything in flight. `again`: flushes
   * until nothing is queued or a round makes no progress (retry pending, offline).
   */
  function drain(again: boolean, done: () => void): void {
    var before = status().queued;
    var pending = channels.length;
    callEach(channels, 'flush');
    each(channels, function (channel) {
      channel.whenSettled(function () {
        if (--pending) return;
        var queued = status().queued;
        if (again && queued > 0 && queued < before) drain(again, done);
        else done();
      });
    });
  }

  var hiddenAt: number | null = null;
  /** A TV resumed after a long suspend is a new visit: new appSessionId, sequences from 1. */
  function resume(): void {
    if (hiddenAt !== null && clock.now() - hiddenAt >= profile.session.resumeGapSeconds * 1000) {
      appSessionId = context.appSessionId = uuid4(injectedRandom);
      sequences.playback_metrics = sequences.playerError = 0;
      logger.info('tv-telemetry: resumed after ' + Math.round((clock.now() - hiddenAt) / 1000) + ' s hidden: new app session');
    }
    hiddenAt = null;
  }

  platform.onLifecycle(
    // The platform's one listener: it logs a throw, and platform.destroy() removes it.
    function (event: LifecycleEvent) {
      if (event === 'hide') hiddenAt = clock.now();
      if (event === 'show') {
        resume();
        clockBase = null; // a suspend may have stopped the monotonic clock
      }
      if (event === 'offline' || event === 'online') online = event === 'online';
      if (event === 'exit') callEach(playbacks, 'end'); // closes the playbacks' last intervals
      if (event === 'hide' || event === 'exit') persistence.save(); // first: a beacon may not arrive
      if (CHANNEL_ACTIONS[event]) callEach(channels, CHANNEL_ACTIONS[event]!);
    }
  );

  function status(): AgentStatus {
    var s: { [key: string]: number } = copyOwn(counters, {});
    each(channels, function (channel) {
      var counts = channel.counts() as unknown as { [key: string]: number };
      for (var key in counts) s[key] = (s[key] || 0) + counts[key];
    });
    s.dropped = s.overflowed + s.refused;
    return s as unknown as AgentStatus;
  }

  /** `done`, guarded, with the status: after flush() or shutdown(). */
  function finish(name: string, done?: (status: AgentStatus) => void): void {
    if (done) guard(logger, name + ' callback', done)(status());
  }

  return {
    profile: profile,
    platform: platform,
    get appSessionId() {
      return appSessionId;
    },
    track: function (player, content) {
      var playback: Playback | undefined = guard(logger, 'track', function () {
        if (stopped || !player || typeof player.addEventListener !== 'function') {
          logger.error('tv-telemetry: track: ' + (stopped ? 'agent is shut down' : 'not a Shaka player'));
          return undefined;
        }
        each(playbacks, function (p) {
          if (p.player === player) p.end();
        });
        if (playbacks.length >= MAX_PLAYBACKS) {
          logger.warn('tv-telemetry: track: more than ' + MAX_PLAYBACKS + ' playbacks, ending the oldest');
          playbacks[0].end();
        }
        var started = startPlayback(context, player, content);
        playbacks.push(started);
        return started;
      })();
      return playback || { player: player, update: function () {}, end: function () {} };
    },
    flush: guard(logger, 'flush', function (done?: (status: AgentStatus) => void) {
      drain(false, function () {
        finish('flush', done);
      });
    }),
    shutdown: guard(logger, 'shutdown', function (done?: (status: AgentStatus) => void) {
      if (stopped) return finish('shutdown', done);
      callEach(playbacks, 'end');
      stopped = true;
      // A request in flight would hold back the final records: keep flushing while batches go through.
      drain(true, function () {
        persistence.save(); // what the collector did not take goes first at the next start
        callEach(channels, 'destroy');
        each(plugins, function (p) {
          guard(logger, 'plugin destroy', p.destroy)();
        });
        platform.destroy();
        finish('shutdown', done);
      });
    }),
    status: status,
    debugOverlay: guard(logger, 'debugOverlay', function (on: boolean) {
      var shown = 0;
      each(plugins, function (p) {
        if (p.debugOverlay) shown = 1, p.debugOverlay(on);
      });
      if (!shown) logger.warn('tv-telemetry: debugOverlay: no overlay plugin');
    }),
    setAuthToken: guard(logger, 'setAuthToken', function (token: string | null) {
      authToken = isText(token, 4096) ? token : null;
    }),
  };
}

