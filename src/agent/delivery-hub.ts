import { attempt } from '../core/guard';
import { Clock, Logger, Random, Storage, StringMap, Transport } from '../core/types';
import { copyOwn } from '../core/values';
import type { Persistence, VaultPersistenceOptions } from '../delivery/persist';
import { Channel, ChannelOptions, createChannel, DeliveredOutcome } from '../delivery/channel';
import { HostWindow } from '../platform/host';
import { LifecycleEvent } from '../platform/platform';
import { Profile } from '../profile/types';
import { vaultEncoder } from '../vault/batch';
import { ActivityName } from '../vault/record';
import { each } from './each';

var VAULT_PATH = '/useractivityvault/v1/useractivity/';
/** Errors get a small ring of their own, so metrics cannot crowd them out. */
var ERROR_RING_CAPACITY = 32;
var ERROR_RING_CHARS = 32768;

/** What makes the queues and the device UUID survive a restart (persistVaultQueues). */
export type PersistenceFactory = (options: VaultPersistenceOptions) => Persistence;

/** The Vault channels, one per activity. */
export type VaultChannels = { [activity in ActivityName]: Channel };

export interface DeliveryHubOptions {
  profile: Profile;
  logger: Logger;
  clock: Clock;
  random: Random;
  transport: Transport;
  /** Whether the network is up now (the platform's answer at start). */
  online: boolean;
  /** Makes the Vault queues survive a restart; null: memory only, and no stored device UUID. */
  persist: PersistenceFactory | null;
  /** For the persistence: where storage is found, and the app's own. */
  window: HostWindow;
  storage: Storage | undefined;
  /** After each delivery, the collector's Date header (ms since the epoch), when it sent one. */
  onServerDate(serverDateMs: number): void;
}

/**
 * Every channel, Vault's and the plugins', sharing the transport, timers and retry policy, and the
 * persistence of the Vault queues.
 */
export interface DeliveryHub {
  vault: VaultChannels;
  /** A channel like Vault's (a plugin's), flushed and counted with them. */
  add(options: ChannelOptions): Channel;
  /** Every channel, for the status. */
  channels(): Channel[];
  /** The stored device UUID, when there is persistence and storage. */
  storedDeviceId(): string | undefined;
  /** Stored queue entries discarded at start as corrupt or foreign. */
  discarded: number;
  setAuthToken(token: string | null): void;
  /** What the channels do on a lifecycle event. */
  lifecycle(event: LifecycleEvent): void;
  /**
   * Flushes every channel, then calls `done` once none has anything in flight. `again`: flushes
   * until nothing is queued or a round makes no progress (retry pending, offline).
   */
  drain(again: boolean, done: () => void): void;
  /** Stores what is queued (with persistence), then stops every channel. */
  destroy(): void;
}

var NO_PERSISTENCE: Persistence = {
  save: function () {},
  failed: function () {},
  discarded: 0,
  deviceId: function () {
    return undefined;
  },
};

export function createDeliveryHub(options: DeliveryHubOptions): DeliveryHub {
  var profile = options.profile;
  var vault = profile.vault;
  var channels: Channel[] = [];
  var online = options.online;
  var authToken: string | null = null;
  // Until the persistence is made (it needs the Vault channels), nothing is stored.
  var persistence = NO_PERSISTENCE;

  function add(channelOptions: ChannelOptions): Channel {
    var channel = createChannel(channelOptions, {
      logger: options.logger,
      clock: options.clock,
      random: options.random,
      transport: options.transport,
      retry: profile.retry,
      timeoutMs: vault.requestTimeoutSeconds * 1000,
      isOnline: function () {
        return online;
      },
      onOutage: function () {
        persistence.failed(); // the queues are persisted, at most once per flush interval
      },
      /** After a delivery: clears the persisted queues once they are empty, and learns the clock skew. */
      onSuccess: function (outcome: DeliveredOutcome) {
        persistence.save(true);
        if (outcome.serverDateMs !== null) options.onServerDate(outcome.serverDateMs);
      },
    });
    channels.push(channel);
    return channel;
  }

  function vaultChannel(activity: ActivityName, capacity: number, maxChars: number, urgent: boolean): Channel {
    var single = vault.body === 'single';
    return add({
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

  var vaultChannels: VaultChannels = {
    playback_metrics: vaultChannel('playback_metrics', profile.queue.capacity, profile.queue.maxBytes, false),
    playerError: vaultChannel('playerError', Math.min(ERROR_RING_CAPACITY, profile.queue.capacity), Math.min(ERROR_RING_CHARS, profile.queue.maxBytes), true),
  };

  var persist = options.persist;
  if (persist) {
    var factory = persist;
    // Records a previous run could not deliver go first. A throwing persistence: memory only.
    persistence = attempt(function () {
      return factory({
        window: options.window,
        storage: options.storage,
        logger: options.logger,
        clock: options.clock,
        random: options.random,
        channels: vaultChannels,
        profile: profile,
      });
    }, NO_PERSISTENCE);
  } else if (profile.persistence.maxBytes) {
    options.logger.info('tv-telemetry: lean bundle: queued records will not survive a restart without tv-telemetry-persist.js');
  }

  function drain(again: boolean, done: () => void): void {
    var before = queued();
    var pending = channels.length;
    each(channels, function (channel) {
      channel.flush();
    });
    each(channels, function (channel) {
      channel.whenSettled(function () {
        pending -= 1;
        if (pending) return;
        var after = queued();
        if (again && after > 0 && after < before) drain(again, done);
        else done();
      });
    });
  }

  function queued(): number {
    var total = 0;
    for (var i = 0; i < channels.length; i++) total += channels[i].counts().queued;
    return total;
  }

  return {
    vault: vaultChannels,
    add: add,
    channels: function () {
      return channels;
    },
    storedDeviceId: function () {
      return attempt(function () {
        return persistence.deviceId();
      }, undefined);
    },
    discarded: persistence.discarded,
    setAuthToken: function (token) {
      authToken = token;
    },
    lifecycle: function (event) {
      if (event === 'offline' || event === 'online') online = event === 'online';
      // The app may be frozen (Tizen) or gone next after hide and exit: store first (a beacon may
      // not arrive), then everything goes to sendBeacon. Back online: send now. Short of memory: shrink.
      if (event === 'hide' || event === 'exit') {
        persistence.save();
        each(channels, function (channel) {
          channel.flushOnHide();
        });
      }
      if (event === 'online')
        each(channels, function (channel) {
          channel.flush();
        });
      if (event === 'lowMemory')
        each(channels, function (channel) {
          channel.shrink();
        });
    },
    drain: drain,
    destroy: function () {
      persistence.save(); // what the collector did not take goes first at the next start
      each(channels, function (channel) {
        channel.destroy();
      });
    },
  };
}
