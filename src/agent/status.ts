import { Channel } from '../delivery/channel';

/**
 * The agent's counters, from `agent.status()` and the `flush`/`shutdown` callbacks. The delivery
 * counters (`queued`, `sent`, `retrying`, `overflowed`, `refused`, `dropped`) cover every channel:
 * Vault's and the add-ons' (Kava's events count in them too).
 */
export interface AgentStatus {
  /** Records waiting in the queues. */
  queued: number;
  /** Records the collector acknowledged. */
  sent: number;
  /** Records lost: `overflowed` plus `refused`. */
  dropped: number;
  /** Content descriptions rejected as invalid (that playback sends nothing until `update()` fixes it). */
  rejected: number;
  /** Entries of the stored queue discarded at start as corrupt or foreign. */
  discarded: number;
  /** Records in batches waiting for a retry. */
  retrying: number;
  /** Records dropped, oldest first, because a queue was full (`queue.capacity`, `queue.maxBytes`). */
  overflowed: number;
  /** Records in batches the collector refused for good (a 4xx other than 408 and 429). */
  refused: number;
  /** playerError records not sent because of `errors.maxPerMinute`. */
  suppressedErrors: number;
  /** Recoverable Shaka errors seen (reported only with `errors.reportRecoverable`). */
  recoverableErrors: number;
}

/** What the playbacks count, beside what the channels count. */
export interface PlaybackCounters {
  rejected: number;
  suppressedErrors: number;
  recoverableErrors: number;
}

/** The counters the agent keeps itself; the channels keep theirs. */
export interface AgentCounters extends PlaybackCounters {
  discarded: number;
}

/** The status now: the agent's counters and the sum over every channel. */
export function readStatus(counters: AgentCounters, channels: Channel[]): AgentStatus {
  var status: AgentStatus = {
    queued: 0,
    sent: 0,
    dropped: 0,
    rejected: counters.rejected,
    discarded: counters.discarded,
    retrying: 0,
    overflowed: 0,
    refused: 0,
    suppressedErrors: counters.suppressedErrors,
    recoverableErrors: counters.recoverableErrors,
  };
  for (var i = 0; i < channels.length; i++) {
    var counts = channels[i].counts();
    status.queued += counts.queued;
    status.sent += counts.sent;
    status.retrying += counts.retrying;
    status.overflowed += counts.overflowed;
    status.refused += counts.refused;
  }
  status.dropped = status.overflowed + status.refused;
  return status;
}
