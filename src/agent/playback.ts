import { attempt, guard } from '../core/guard';
import { uuid4 } from '../core/ids';
import { createTimer } from '../core/timer';
import { Clock, Logger, Random } from '../core/types';
import { copyOwn, isPlainObject } from '../core/values';
import { attachShaka, PlayerAdapter } from '../player/shaka';
import { Platform } from '../platform/platform';
import { PlayerFault, PlayerReading, ShakaModuleLike, ShakaPlayerLike } from '../player/types';
import { Profile } from '../profile/types';
import { createSampler, Sampler } from '../sample/metrics';
import { checkContent, CheckedContent, ContentDescription, resolveTechnicalId } from '../vault/content';
import { ActivityName, describeFault, ErrorDescription, errorMetadata, Metadata, metricsMetadata, recordIds } from '../vault/record';
import { createRepeatFilter, ErrorBudget } from './error-budget';
import { PlaybackObserver, PlaybackView } from './plugin';

/** What a playback needs from its agent. */
export interface PlaybackContext {
  profile: Profile;
  clock: Clock;
  random: Random | null;
  logger: Logger;
  platform: Platform;
  shaka: ShakaModuleLike | null;
  appSessionId: string;
  emit(activity: ActivityName, metadata: { [key: string]: unknown }): void;
  /** the device-wide playerError budget, on the monotonic clock */
  allowError: ErrorBudget;
  count(counter: 'rejected' | 'suppressedErrors' | 'recoverableErrors'): void;
  ended(playback: Playback): void;
  /** Plugins' observers for a new playback. */
  observe(view: PlaybackView): PlaybackObserver[];
}

/** One tracked player, from `agent.track`. */
export interface Playback {
  /** Changes content fields on the running playback, e.g. the programme on a live channel. */
  update(partial: Partial<ContentDescription>): void;
  /** Sends the final partial-interval record and stops tracking. */
  end(): void;
  /** The player given to `agent.track`. */
  readonly player: ShakaPlayerLike;
}

var LOAD_INTERRUPTED = 7000;
var SEVERITY_CRITICAL = 2;

/**
 * One tracked player. A playback session (playbackSessionId) runs from track() or a load() to the
 * player's unload, the next load of other content, destroy() or end(); each session has its own
 * metrics interval and a final record for its partial last interval.
 */
export function startPlayback(ctx: PlaybackContext, player: ShakaPlayerLike, description: unknown): Playback {
  var profile = ctx.profile;
  var clock = ctx.clock;
  var logger = ctx.logger;
  var intervalMs = profile.vault.metricsIntervalSeconds * 1000;
  var content: CheckedContent | null = null;
  /** The description as the app last gave it, valid or not: update() merges over it. */
  var described: unknown = null;
  var rejected = false;
  var ended = false;

  var sessionId = '';
  var sessionOpen = false;
  var sessionLoaded = false;
  var loadInProgress = false;
  var sampler: Sampler;
  var metricsTimer = createTimer(clock, logger, 'metrics', function () {
    metricsTimer.start(intervalMs);
    takeRecord();
  });
  var stallSeconds = profile.errors.stallThresholdSeconds;
  var stallTimer = createTimer(clock, logger, 'stall', function () {
    reportError({ errorCode: 'STALL', errorMsg: 'STALL: buffering for more than ' + stallSeconds + ' s' });
  });
  var isRepeat = createRepeatFilter(60000);
  var observers: PlaybackObserver[] = [];

  /** Tells the plugins; one that throws is logged and cannot disturb the others or the player. */
  function notify(event: keyof PlaybackObserver, arg?: unknown): void {
    for (var i = 0; i < observers.length; i++) {
      var fn = observers[i][event] as ((arg?: unknown) => void) | undefined;
      if (fn) guard(logger, 'plugin ' + event, fn).call(observers[i], arg);
    }
  }

  function reject(problems: string[]): void {
    if (!rejected) {
      logger.error('tv-telemetry: content rejected until fixed: ' + problems.join('; '));
      ctx.count('rejected');
    }
    rejected = true;
  }

  function accept(raw: unknown): void {
    described = raw;
    var result = checkContent(raw, profile);
    if (!result.ok) return reject(result.problems);
    if (result.unknownKeys.length) logger.warn('tv-telemetry: content: unknown keys ignored: ' + result.unknownKeys.join(', '));
    content = result.content;
    rejected = false;
    // Catch a missing technical ID now when the delivery path is already known (not Blend before load).
    if (content.contentSource !== 'Blend') ids(null);
  }

  /** The record's IDs, or null (and the playback rejected) when a required one cannot be resolved. */
  function ids(uri: string | null): Metadata | null {
    if (!content || rejected) return null;
    var technical = resolveTechnicalId(content, profile, uri, ctx.platform.broadcastChannelId());
    if (!technical.ok) {
      reject([technical.problem]);
      return null;
    }
    return recordIds(ctx.appSessionId, sessionId, content, technical.technicalId);
  }

  /** The playhead's date is asked for only where playbackProgress counts from it. */
  function read(): PlayerReading {
    return adapter.read(!!content && content.eventRelative);
  }

  function takeRecord(): void {
    var reading = read();
    var sample = sampler(reading);
    var record = ids(reading.uri);
    if (record) ctx.emit('playback_metrics', metricsMetadata(record, content!, reading, sample, profile.privacy.keepUriQuery));
  }

  /**
   * Opens a session unless one is open, and samples from now on. `loading`: after load(), which
   * restarts the player's frame counters and play time: the new content's count from zero.
   */
  function openSession(loading: boolean): void {
    if (!sessionOpen) {
      sessionId = uuid4(ctx.random);
      sessionOpen = true;
      metricsTimer.start(intervalMs);
      notify('sessionStarted');
    }
    sessionLoaded = loading;
    var baseline = read();
    if (loading) baseline.decodedFrames = baseline.droppedFrames = baseline.playTimeSeconds = null;
    sampler = createSampler(baseline);
  }

  function closeSession(): void {
    if (!sessionOpen) return;
    metricsTimer.stop();
    stallTimer.stop();
    takeRecord();
    sessionOpen = false;
    notify('sessionEnded');
  }

  function reportError(error: ErrorDescription): void {
    var now = clock.monotonic();
    if (isRepeat(error.errorCode, now) || !ctx.allowError(now)) return ctx.count('suppressedErrors');
    var record = ids(read().uri);
    if (record) ctx.emit('playerError', errorMetadata(record, error, adapter.version()));
  }

  function onFault(fault: PlayerFault): void {
    if (fault.code === LOAD_INTERRUPTED) return;
    notify('fault', fault);
    var critical = fault.fromLoad || fault.severity === null || fault.severity >= SEVERITY_CRITICAL;
    if (!critical) {
      ctx.count('recoverableErrors');
      if (!profile.errors.reportRecoverable) return;
    }
    reportError(describeFault(fault));
  }

  var adapter: PlayerAdapter = attachShaka(
    player,
    ctx.shaka,
    {
      fault: onFault,
      buffering: function (active) {
        notify('buffering', active);
        stallTimer.stop();
        if (active && sessionOpen) stallTimer.start(stallSeconds * 1000);
      },
      loading: function () {
        loadInProgress = true;
        notify('loading');
        // Loading new content on a player that already played some ends that playback session.
        if (sessionOpen && sessionLoaded) closeSession();
        openSession(true);
      },
      loadSettled: function () {
        loadInProgress = false;
      },
      unloading: function () {
        notify('unloading');
        // load() unloads the previous content itself; that was handled in `loading`.
        if (!loadInProgress) closeSession();
      },
      destroyed: function () {
        playback.end();
      },
      recovered: function () {
        ctx.count('recoverableErrors');
      },
    },
    logger
  );

  var playback: Playback = {
    player: player,
    update: guard(logger, 'update', function (partial: Partial<ContentDescription>) {
      if (ended) return;
      var merged: { [key: string]: unknown } = {};
      attempt(function () {
        // what can be read of the last description (its getters may throw): update() can still fix it
        if (isPlainObject(described)) copyOwn(described, merged);
      });
      copyOwn(partial, merged);
      // The interval so far belongs to the previous programme: close it with a record of its own.
      if (sessionOpen && content && !rejected) {
        takeRecord();
        metricsTimer.start(intervalMs); // restarts the interval; a stall timer keeps running
      }
      accept(merged);
      notify('contentChanged');
    }),
    end: guard(logger, 'end', function () {
      if (ended) return;
      closeSession();
      ended = true;
      notify('ended');
      adapter.detach();
      ctx.ended(playback);
    }),
  };

  accept(description);
  observers = ctx.observe({
    player: player,
    content: function () {
      return rejected ? null : content;
    },
    read: read,
    playerVersion: adapter.version,
    playbackSessionId: function () {
      return sessionId;
    },
  });
  openSession(false);
  return playback;
}
