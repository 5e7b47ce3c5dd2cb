import { systemClock } from '../core/clock';
import { guard } from '../core/guard';
import { uuid4 } from '../core/ids';
import { safeLogger } from '../core/logger';
import { Identity, Logger, Random, Storage, Clock, Transport } from '../core/types';
import { hasOwn, isPlainObject, isText } from '../core/values';
import { createPlatform } from '../platform/detect';
import { HostWindow } from '../platform/host';
import { LifecycleEvent, Platform, PlatformName } from '../platform/platform';
import { ShakaModuleLike, ShakaPlayerLike } from '../player/types';
import type { ProfileInput } from '../profile/input';
import { Profile } from '../profile/types';
import { Fields, validateProfile } from '../profile/validate';
import { createXhrTransport } from '../transport/xhr';
import { ContentDescription } from '../vault/content';
import { ActivityName, serializeRecord } from '../vault/record';
import { createAppSession } from './app-session';
import { createDeliveryHub, PersistenceFactory } from './delivery-hub';
import { createErrorBudget } from './error-budget';
import { createIdentity } from './identity';
import { Playback, PlaybackContext, startPlayback } from './playback';
import { createPlaybackList } from './playbacks';
import { AgentPlugin, PluginHost } from './plugin';
import { readPlugins, startPlugins } from './plugins';
import { AgentCounters, AgentStatus, readStatus } from './status';
import { createTimestamps } from './timestamps';

export type { AgentStatus } from './status';
export type { PersistenceFactory } from './delivery-hub';

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

declare var __AGENT_VERSION__: string;
/** The agent's version, as records carry it (e.g. "0.1.0"). */
export var AGENT_VERSION: string = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : 'dev';

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
  var win: HostWindow = options.window || (typeof window !== 'undefined' ? (window as unknown as HostWindow) : {});
  var given = readPlugins(options.plugins);

  var platform = createPlatform(options.platform || 'auto', win, { logger: logger, clock: clock }, given.parts('platform'));
  var sections = given.sections();
  var profile = validProfile(options.profile, platform, sections);
  var timestamps = createTimestamps(clock);
  var appSession = createAppSession({ clock: clock, random: injectedRandom, logger: logger, resumeGapSeconds: profile.session.resumeGapSeconds });
  var delivery = createDeliveryHub({
    profile: profile,
    logger: logger,
    clock: clock,
    random: injectedRandom || Math.random,
    transport: options.transport || createXhrTransport(clock),
    online: platform.isOnline(),
    // The first plugin's persistence (tv-telemetry-persist.js), else the entry's own (none in the lean bundle).
    persist: given.parts('persistence')[0] || builtIn,
    window: win,
    storage: options.storage,
    onServerDate: timestamps.learn,
  });
  var identity = createIdentity({
    logger: logger,
    platform: platform,
    app: options.identity,
    fallbackDeviceId: delivery.storedDeviceId() || uuid4(injectedRandom),
  });
  var counters: AgentCounters = { rejected: 0, suppressedErrors: 0, recoverableErrors: 0, discarded: delivery.discarded };
  var playbacks = createPlaybackList(logger);
  var stopped = false;

  function status(): AgentStatus {
    return readStatus(counters, delivery.channels());
  }

  function record(activity: ActivityName, metadata: { [key: string]: unknown }): void {
    var channel = delivery.vault[activity];
    // Paused by the collector: not taken, so no sequence number is spent on it.
    if (stopped || channel.paused()) return;
    var who = identity();
    var sessionId = who.sessionId || appSession.id();
    channel.enqueue(serializeRecord(activity, uuid4(injectedRandom), timestamps.now(), appSession.nextSequence(activity), who, sessionId, metadata));
  }

  var host: PluginHost = {
    profile: profile,
    clock: clock,
    logger: logger,
    platform: platform,
    get appSessionId() {
      return appSession.id();
    },
    agentVersion: AGENT_VERSION,
    createChannel: delivery.add,
    status: status,
    identity: identity,
  };
  var plugins = startPlugins(given.list, host, logger);
  var kava = profile['kava']; // the Kava add-on's section, kept as written without its plugin
  // The Kava plugin brings its section's fields: without them, another plugin (the overlay) is no Kava.
  if (isPlainObject(kava) && kava.enabled && !hasOwn(sections, 'kava')) logger.warn('tv-telemetry: kava.enabled without the Kava plugin');

  var playbackContext: PlaybackContext = {
    profile: profile,
    clock: clock,
    random: injectedRandom,
    logger: logger,
    platform: platform,
    shaka: options.shaka || null,
    appSessionId: appSession.id,
    record: record,
    allowError: createErrorBudget(profile.errors.maxPerMinute),
    count: function (counter) {
      counters[counter] += 1;
    },
    untrack: playbacks.remove,
    observe: plugins.observe,
  };

  // The platform's one listener: it logs a throw, and platform.destroy() removes it.
  platform.onLifecycle(function (event: LifecycleEvent) {
    if (event === 'hide') appSession.hidden();
    if (event === 'show') {
      appSession.shown();
      timestamps.forget();
    }
    if (event === 'exit') playbacks.endAll(); // closes the playbacks' last intervals
    delivery.lifecycle(event);
  });

  /** `done`, guarded, with the status: after flush() or shutdown(). */
  function finish(name: string, done?: (status: AgentStatus) => void): void {
    if (done) guard(logger, name + ' callback', done)(status());
  }

  return {
    profile: profile,
    platform: platform,
    get appSessionId() {
      return appSession.id();
    },
    track: function (player, content) {
      var playback: Playback | undefined = guard(logger, 'track', function () {
        if (stopped || !player || typeof player.addEventListener !== 'function') {
          logger.error('tv-telemetry: track: ' + (stopped ? 'agent is shut down' : 'not a Shaka player'));
          return undefined;
        }
        return playbacks.add(player, function () {
          return startPlayback(playbackContext, player, content);
        });
      })();
      return playback || { player: player, update: function () {}, end: function () {} };
    },
    flush: guard(logger, 'flush', function (done?: (status: AgentStatus) => void) {
      delivery.drain(false, function () {
        finish('flush', done);
      });
    }),
    shutdown: guard(logger, 'shutdown', function (done?: (status: AgentStatus) => void) {
      if (stopped) return finish('shutdown', done);
      playbacks.endAll();
      stopped = true;
      // A request in flight would hold back the final records: keep flushing while batches go through.
      delivery.drain(true, function () {
        delivery.destroy();
        plugins.destroy();
        platform.destroy();
        finish('shutdown', done);
      });
    }),
    status: status,
    debugOverlay: guard(logger, 'debugOverlay', function (on: boolean) {
      if (!plugins.debugOverlay(on)) logger.warn('tv-telemetry: debugOverlay: no overlay plugin');
    }),
    setAuthToken: guard(logger, 'setAuthToken', function (token: string | null) {
      delivery.setAuthToken(isText(token, 4096) ? token : null);
    }),
  };
}

/** The profile validated with the plugins' sections and the platform's overrides; an invalid one throws (the platform is destroyed first). */
function validProfile(input: ProfileInput, platform: Platform, sections: Fields): Profile {
  var result = validateProfile(input, platform.name, sections);
  if (result.ok) return result.profile;
  platform.destroy();
  throw new Error('tv-telemetry: invalid profile:\n  ' + result.problems.join('\n  '));
}
