import { attempt } from '../core/guard';
import { UUID_PATTERN, uuid4 } from '../core/ids';
import { Clock, Logger, Random, Storage } from '../core/types';
import type { HostWindow } from '../platform/host';
import { createStorage } from '../platform/storage';
import type { Profile } from '../profile/types';
import { Channel } from './channel';

/**
 * What the queues hold, as text for storage, so records survive an app restart or a power cut: a
 * header line with each queue's overflow count still to be reported, then one line per record
 * (JSON.stringify never emits a raw newline), each queue's oldest first. A record names its queue
 * (activityName). Nothing read back is trusted: a line that is not a valid record of a known
 * queue is discarded and counted.
 */
export interface QueueSnapshot {
  /** overflow not yet reported to the collector */
  dropped: number;
  /** oldest first */
  records: string[];
}

var MAGIC = 'tvt-queue 2';

/**
 * Encodes the queues within `maxChars`. Queues earlier in the list have the budget first (the
 * agent lists errors first); within a queue the newest are kept, and the older ones that do not
 * fit are added to its dropped count, as ring overflow is, so the collector still learns of them.
 */
export function encodeQueues(queues: QueueSnapshot[], maxChars: number): string {
  var total = MAGIC.length + 10 * queues.length; // the header line, at most
  var dropped: number[] = [];
  var lines: string[] = [];
  for (var i = 0; i < queues.length; i++) {
    var records = queues[i].records;
    var r = records.length;
    while (r > 0 && total + records[r - 1].length < maxChars) total += records[--r].length + 1;
    dropped.push(queues[i].dropped + r);
    lines = lines.concat(records.slice(r));
  }
  return [MAGIC + ' ' + dropped.join(' ')].concat(lines).join('\n');
}

/** The activity of a stored Vault record, trusted only with a UUID eventId, a timestamp, a sequence and metadata. */
export function vaultActivityOf(line: string): string | null {
  return attempt(function () {
    var record = JSON.parse(line);
    return typeof record.eventId === 'string' &&
      UUID_PATTERN.test(record.eventId) &&
      typeof record.timestamp === 'string' &&
      typeof record.sequence === 'number' &&
      typeof record.metadata === 'object' &&
      record.metadata
      ? record.activityName
      : null;
  }, null);
}

/** What persistChannels gives: the queues' side of the persistence. */
export interface QueuePersistence {
  /**
   * Writes what waits to storage unless nothing changed since the last write. After a delivery
   * (`delivered`) it only clears storage, once nothing waits, so a restart does not send again
   * what the collector took.
   */
  save(delivered?: boolean): void;
  /** A send failed or was held back offline (an outage): saves, at most once per `minGapMs`. */
  failed(): void;
  /** Stored lines discarded at start as corrupt or foreign. */
  discarded: number;
}

/** What the add-on gives the agent: the queues' persistence and the stored device UUID. */
export interface Persistence extends QueuePersistence {
  /**
   * The device UUID kept in storage (storedDeviceId): the agent's deviceId when neither the platform
   * nor the app gives one. The agent's stand-in without the add-on gives undefined (no deviceId).
   */
  deviceId(): string | undefined;
}

/** Storage key (after the prefix) of the random device UUID. */
export var DEVICE_KEY = 'device';

/**
 * The device UUID kept in storage: a random UUID v4 made and stored at the first call (from the
 * window's crypto.getRandomValues, else `random`), and again when what is stored is not one. With
 * storage that keeps nothing across starts (memory only), a new one each start, stable within it.
 */
export function storedDeviceId(storage: Storage, win: HostWindow, random: Random): string {
  var id = storage.get(DEVICE_KEY);
  if (!id || !UUID_PATTERN.test(id)) {
    // One byte at a time: all uuid4 takes from a random number.
    var webCrypto = win.crypto;
    id = uuid4(function () {
      if (webCrypto && webCrypto.getRandomValues) {
        try {
          return webCrypto.getRandomValues(new Uint8Array(1))[0] / 256;
        } catch (e) {
          // an engine whose crypto throws: Math.random-grade randomness below
        }
      }
      return random();
    });
    storage.set(DEVICE_KEY, id);
  }
  return id;
}

var KEY = 'queue';

export interface ChannelPersistenceOptions {
  storage: Storage;
  logger: Logger;
  clock: Clock;
  /** The channels, keyed by the activity their records name. */
  channels: { [activity: string]: Channel };
  /** The activities in priority order: the first has the storage budget first. */
  names: string[];
  /** The storage budget in characters; 0 persists nothing (and removes what an earlier run stored). */
  maxChars: number;
  /** After failures, a save at most once per this long. */
  minFailureGapMs: number;
}

/**
 * Mirrors the channels to one storage key within `maxChars`, after queueing what a previous run
 * stored ahead of anything new. Writes are rare (flash wear): the caller saves on hide and exit,
 * after failures and after deliveries, and a save writes only when what waits changed. Never
 * throws: every storage call is attempted.
 */
export function persistChannels(options: ChannelPersistenceOptions): QueuePersistence {
  var storage = options.storage;
  var logger = options.logger;
  var channels = options.channels;
  var names = options.names;
  var maxChars = options.maxChars;
  var written: string | undefined; // what waited when storage last matched the queues
  var warned = false;
  var lastFailure = -Infinity;

  /** Changes whenever what waits changes: how many records wait, and how many left, and how. */
  function state(): string {
    var text = '';
    for (var i = 0; i < names.length; i++) text += JSON.stringify(channels[names[i]].counts());
    return text;
  }

  /** Whether storage may hold the key: a delivery with nothing left then asks storage nothing. */
  var stored = false;

  function remove(): void {
    attempt(function () {
      storage.remove(KEY);
    }, undefined);
    stored = false;
  }

  function save(delivered?: boolean): void {
    var now = state();
    if (!maxChars || now === written) return;
    var queues: QueueSnapshot[] = [];
    var waiting = 0;
    for (var i = 0; i < names.length; i++) {
      var snapshot = channels[names[i]].snapshot();
      waiting += snapshot.records.length + snapshot.dropped;
      queues.push(snapshot);
    }
    // Only an acknowledgement clears storage: records that left by beacon (which may not arrive)
    // stay persisted. After one, storage is only cleared, so a backlog drains without writes, and
    // a delivery that leaves nothing waiting asks storage nothing once the key is gone.
    if (waiting ? delivered : !delivered) return;
    if (!waiting) {
      if (stored) remove();
    } else if (
      attempt(function () {
        return storage.set(KEY, encodeQueues(queues, maxChars), true);
      }, false)
    ) {
      stored = true;
    } else {
      // Full, throwing or memory-only storage: the queues work on, they just do not survive a restart.
      if (!warned) logger.warn('tv-telemetry: queues not persisted: storage refused');
      warned = true;
      return;
    }
    written = now;
  }

  var text = maxChars
    ? attempt(function () {
        return storage.get(KEY);
      }, null)
    : remove(); // disabled: drop what an earlier profile stored
  var discarded = 0;
  stored = !!text;
  if (text) {
    var lines = typeof text === 'string' && text.length <= maxChars ? text.split('\n') : [''];
    var header = lines[0].split(' ');
    if (!RegExp('^' + MAGIC + '( \\d{1,9}){' + names.length + '}$').test(lines[0])) discarded = lines.length;
    else {
      for (var i = 0; i < names.length; i++) channels[names[i]].carryOverflow(+header[i + 2]);
      for (i = 1; i < lines.length; i++) {
        var activity = vaultActivityOf(lines[i]);
        if (activity !== null && names.indexOf(activity) >= 0)
          channels[activity].enqueue(lines[i]); // oldest first, ahead of anything new
        else discarded++;
      }
    }
  }
  if (discarded) logger.warn('tv-telemetry: ' + discarded + ' corrupt or foreign stored lines discarded');
  else written = state();

  return {
    save: save,
    failed: function () {
      var now = options.clock.monotonic();
      if (now - lastFailure < options.minFailureGapMs) return;
      lastFailure = now;
      save();
    },
    discarded: discarded,
  };
}

export interface VaultPersistenceOptions {
  window: HostWindow;
  /** The app's storage (the agent's `storage` option); absent: the window's localStorage. */
  storage?: Storage;
  logger: Logger;
  clock: Clock;
  random: Random;
  /** The Vault channels, keyed by activity (playerError, playback_metrics). */
  channels: { [activity: string]: Channel };
  profile: Profile;
}

/**
 * What survives a restart: the agent's Vault queues and the device UUID, in the app's storage or
 * else the window's localStorage (createStorage: tested, with a bounded memory fallback). Errors
 * have the storage budget first, and after failures it saves at most once per flush interval.
 */
export function persistVaultQueues(options: VaultPersistenceOptions): Persistence {
  var storage = createStorage({ window: options.window, logger: options.logger, given: options.storage });
  var queues = persistChannels({
    storage: storage,
    logger: options.logger,
    clock: options.clock,
    channels: options.channels,
    names: ['playerError', 'playback_metrics'],
    maxChars: options.profile.persistence.maxBytes,
    minFailureGapMs: options.profile.vault.flushIntervalSeconds * 1000,
  });
  return {
    save: queues.save,
    failed: queues.failed,
    discarded: queues.discarded,
    deviceId: function () {
      return storedDeviceId(storage, options.window, options.random);
    },
  };
}

/**
 * The plugin the agent takes its persistence from (`TvTelemetryPersist.plugin`, an AgentPlugin): a
 * bundle of its own, so the core bundle carries none of this file, nor storage.ts. Typed by its
 * shape: delivery does not import the agent layer above it.
 */
export var persistencePlugin = { name: 'persistence', persistence: persistVaultQueues };
