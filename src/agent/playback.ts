import { attempt, guard, logInternalError } from '../core/guard';
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
import { PlaybackCounters } from './status';
import { PlaybackEventName, PlaybackEvents, PlaybackObserver, PlaybackView } from './plugin';

/** What a playback needs from its agent. */
export interface PlaybackContext {
  profile: Profile;
  clock: Clock;
  random: Random | null;
  logger: Logger;
  platform: Platform;
  shaka: ShakaModuleLike | null;
  /** The current app session's ID (a new one after a long suspend). */
  appSessionId(): string;
  /** Sends a Vault record. */
  record(activity: ActivityName, metadata: { [key: string]: unknown }): void;
  /** the device-wide playerError budget, on the monotonic clock */
  allowError: ErrorBudget;
  count(counter: keyof PlaybackCounters): void;
  /** The playback ended: the agent stops tracking it. */
  untrack(playback: Playback): void;
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

  /** The last technical-ID problem logged and counted, so each is told once (null: resolved). */
  var unresolved: string | null = null;

  var sessionId = '';
  var sessionOpen = false;
  /** The session's content came by a load() in it: a load() of other content ends it. */
  var sessionLoaded = false;
  /** The reading when track() opened the session: content playing since then was what track() described. */
  var trackedOn: PlayerReading | null = null;
  /** load() calls not settled yet: a new one may interrupt one still running (which then rejects with 7000). */
  var loadsRunning = 0;
  /**
   * What the app last passed to load(). Shaka clears its asset URI before a failed load() rejects,
   * and a Blend path (hence the technical ID) is known from the URI only.
   */
  var requestedUri: string | null = null;
  var sampler: Sampler;
  var metricsTimer = createTimer(clock, logger, 'metrics', function () {
    metricsTimer.start(intervalMs);
    // Nothing plays while load() runs (Shaka may retry for a while): that time goes with the next
    // record, and with none when the load fails.
    if (!loadsRunning) takeRecord();
  });
  var stallSeconds = profile.errors.stallThresholdSeconds;
  var stallTimer = createTimer(clock, logger, 'stall', function () {
    reportError({ errorCode: 'STALL', errorMsg: 'STALL: buffering for more than ' + stallSeconds + ' s' });
  });
  var isRepeat = createRepeatFilter(60000);
  var observers: PlaybackObserver[] = [];

  /** Tells the plugins; one that throws is logged and cannot disturb the others or the player. */
  function emit<E extends PlaybackEventName>(event: E, payload: PlaybackEvents[E]): void {
    for (var i = 0; i < observers.length; i++) {
      var handler = observers[i][event];
      if (!handler) continue;
      // Called on every segment response and media event: no wrapper is made unless one throws.
      try {
        (handler as (payload: PlaybackEvents[E]) => void).call(observers[i], payload);
      } catch (e) {
        logInternalError(logger, 'plugin ' + event, e);
      }
    }
  }

  /** Logs and counts a problem of the content once; `sticky`: the description itself is invalid, until update() fixes it. */
  function reject(problems: string[], sticky: boolean): void {
    if (!rejected) {
      logger.error('tv-telemetry: content rejected' + (sticky ? ' until fixed: ' : ': ') + problems.join('; '));
      ctx.count('rejected');
    }
    rejected = sticky;
  }

  function accept(raw: unknown): void {
    described = raw;
    unresolved = null;
    var result = checkContent(raw, profile);
    if (!result.ok) return reject(result.problems, true);
    if (result.unknownKeys.length) logger.warn('tv-telemetry: content: unknown keys ignored: ' + result.unknownKeys.join(', '));
    content = result.content;
    rejected = false;
    // Catch a missing technical ID now when the delivery path is already known (not Blend before load).
    if (content.contentSource !== 'Blend') ids(null);
  }

  /**
   * The record's IDs, or null when a required one cannot be resolved. That is not held against the
   * description: the next record tries again (another stream URI, a tuned service). A Blend path
   * not known yet (no URI) is no problem at all.
   */
  function ids(uri: string | null): Metadata | null {
    if (!content || rejected) return null;
    var technical = resolveTechnicalId(content, profile, uri, ctx.platform.broadcastChannelId());
    if (technical.ok) {
      unresolved = null;
      return recordIds(ctx.appSessionId(), sessionId, content, technical.technicalId);
    }
    if (!technical.uriNeeded && technical.problem !== unresolved) {
      unresolved = technical.problem;
      reject([technical.problem], false);
    }
    return null;
  }

  /**
   * The playhead's date is asked for only where playbackProgress counts from it. The URI is the
   * player's, else the one the app asked for.
   */
  function read(): PlayerReading {
    var reading = adapter.read(!!content && content.eventRelative);
    if (!reading.uri) reading.uri = requestedUri;
    return reading;
  }

  function takeRecord(): void {
    var reading = read();
    var sample = sampler(reading);
    var record = ids(reading.uri);
    if (record && content) ctx.record('playback_metrics', metricsMetadata(record, content, reading, sample, profile.privacy.keepUriQuery));
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
      emit('sessionStarted', undefined);
    }
    sessionLoaded = loading;
    var baseline = read();
    trackedOn = loading ? null : baseline;
    if (loading) baseline.decodedFrames = baseline.droppedFrames = baseline.playTimeSeconds = null;
    sampler = createSampler(baseline);
  }

  /**
   * Whether the content the player held at track() has played since: then track() described it,
   * and a load() of other content ends its session (as when track() comes before the first load()).
   * Otherwise track() described what the app loads next.
   */
  function playedSinceTrack(): boolean {
    if (!trackedOn || !trackedOn.uri) return false;
    var now = read();
    return trackedOn.playTimeSeconds !== null && now.playTimeSeconds !== null
      ? now.playTimeSeconds > trackedOn.playTimeSeconds
      : now.positionSeconds !== trackedOn.positionSeconds;
  }

  /** Ends the session; `finalRecord`: with the record of its partial last interval. */
  function closeSession(finalRecord: boolean): void {
    if (!sessionOpen) return;
    metricsTimer.stop();
    stallTimer.stop();
    if (finalRecord) takeRecord();
    sessionOpen = false;
    emit('sessionEnded', undefined);
  }

  function reportError(error: ErrorDescription): void {
    var now = clock.monotonic();
    if (isRepeat(error.errorCode, now) || !ctx.allowError(now)) return ctx.count('suppressedErrors');
    var record = ids(read().uri);
    if (record) ctx.record('playerError', errorMetadata(record, error, adapter.version()));
  }

  function onFault(fault: PlayerFault): void {
    if (fault.code === LOAD_INTERRUPTED) return;
    emit('fault', fault);
    var critical = fault.fromLoad || fault.severity === null || fault.severity >= SEVERITY_CRITICAL;
    if (!critical) {
      ctx.count('recoverableErrors');
      if (!profile.errors.reportRecoverable) return;
    }
    reportError(describeFault(fault));
    // A failed load() ends its session: its content never played, so no final record, and no
    // empty interval records while the app shows its error screen. The next load() opens one.
    if (fault.fromLoad) closeSession(false);
  }

  var adapter: PlayerAdapter = attachShaka(
    player,
    ctx.shaka,
    {
      fault: onFault,
      buffering: function (active) {
        emit('buffering', active);
        stallTimer.stop();
        if (active && sessionOpen) stallTimer.start(stallSeconds * 1000);
      },
      loading: function (uri) {
        emit('loading', undefined);
        // Loading new content on a player that already played some ends that playback session,
        // without a record when its own load() is still running (it never played: zapping on).
        if (sessionOpen && (sessionLoaded || playedSinceTrack())) closeSession(!loadsRunning);
        loadsRunning++;
        requestedUri = uri;
        openSession(true);
      },
      loadSettled: function () {
        loadsRunning = Math.max(0, loadsRunning - 1);
      },
      unloading: function () {
        emit('unloading', undefined);
        // load() unloads the previous content itself; that was handled in `loading`.
        if (loadsRunning) return;
        requestedUri = null;
        closeSession(true);
      },
      destroyed: function () {
        playback.end();
      },
      recovered: function () {
        ctx.count('recoverableErrors');
      },
      tell: emit,
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
      emit('contentChanged', undefined);
    }),
    end: guard(logger, 'end', function () {
      if (ended) return;
      closeSession(true);
      ended = true;
      emit('ended', undefined);
      adapter.destroy();
      ctx.untrack(playback);
    }),
  };

  accept(description);
  observers = ctx.observe({
    player: player,
    content: function () {
      return rejected ? null : content;
    },
    description: function () {
      return isPlainObject(described) ? (described as Partial<ContentDescription>) : null;
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
