import { Clock, Identity, Logger } from '../core/types';
import { Channel, ChannelOptions } from '../delivery/channel';
import type { persistVaultQueues } from '../delivery/persist';
import { Platform, PlatformAddon } from '../platform/platform';
import { PlayerFault, PlayerNews, PlayerReading, ShakaPlayerLike } from '../player/types';
import type { FieldSpec } from '../profile/spec';
import { Profile } from '../profile/types';
import { CheckedContent, ContentDescription } from '../vault/content';
import type { AgentStatus } from './status';

/**
 * A second sink (e.g. Kava) ships as a separate bundle and plugs in here: it is fed by the same
 * player adapter and delivers through the same bounded channels and retry policy, so it costs the
 * default bundle nothing but this interface.
 */
export interface AgentPlugin {
  /** Its name in logs (e.g. "kava"). */
  name: string;
  /** Called once per agent; null keeps the plugin out (e.g. disabled in the profile). */
  start?(host: PluginHost): PluginInstance | null;
  /** A TV platform adapter (the platform add-on bundles' plugins): see PlatformAddon. */
  platform?: PlatformAddon;
  /**
   * What survives a restart, in storage: the queues and the device UUID (the tv-telemetry-persist.js
   * add-on's plugin). Without it queues live in memory only and nothing is stored.
   */
  persistence?: typeof persistVaultQueues;
  /**
   * The specs of the profile sections this add-on reads, which the core keeps as written (kava,
   * debug): given the plugin, createAgent checks them (their rules included) and applies their defaults.
   */
  profile?: { [section: string]: FieldSpec };
}

/** What a plugin is given when the agent starts it. */
export interface PluginHost {
  /** The validated profile, the plugin's section checked with its fields. */
  profile: Profile;
  /** The agent's clock and timers. */
  clock: Clock;
  /** The agent's logger (never throws). */
  logger: Logger;
  /** The platform the agent runs on. */
  platform: Platform;
  /** The current app session's ID (a new one after a long suspend). */
  appSessionId: string;
  /** The agent's version. */
  agentVersion: string;
  /** A channel like Vault's (ring, batching, retry, beacon on hide), flushed and counted with them. */
  createChannel(options: PluginChannelOptions): Channel;
  /** The agent's counters, as agent.status() gives them (queue depth, sent, drops). */
  status(): AgentStatus;
  /** The identity as merged so far (the app's over the platform's). Show it masked, if at all. */
  identity(): Identity;
}

/** A plugin's channel: the channel's own settings, sent after an enqueue rather than periodically, without headers. */
export type PluginChannelOptions = Omit<ChannelOptions, 'headers' | 'flushEveryMs' | 'flushAfterEnqueueMs' | 'beaconAllowed'> & {
  /** After an enqueue, send within about this long. */
  flushAfterEnqueueMs: number;
  beaconAllowed: boolean;
};

/** A started plugin. */
export interface PluginInstance {
  /** A new playback; return null to ignore it. */
  track(view: PlaybackView): PlaybackObserver | null;
  /** The agent shuts down: remove everything the plugin added. */
  destroy(): void;
  /** agent.debugOverlay(on), for the plugin that shows one. */
  debugOverlay?(on: boolean): void;
}

/** What a plugin may see of a playback. */
export interface PlaybackView {
  /** The tracked player. */
  player: ShakaPlayerLike;
  /** The current valid content, or null while it is rejected. */
  content(): CheckedContent | null;
  /**
   * The content description as the app last gave it (update()s merged), whatever Vault makes of
   * it: a sink with a contract of its own (Kava) checks its own fields. Null when not an object.
   */
  description(): Partial<ContentDescription> | null;
  /** Cumulative counters from the shared adapter (bytes, segment times, frames…). */
  read(): PlayerReading;
  /** e.g. "shaka-player/v4.16.50". */
  playerVersion(): string;
  /** The current playback session's ID (a new one per load of other content). */
  playbackSessionId(): string;
}

/**
 * Each event a playback tells its plugins, with its payload (`undefined`: none). The player's news
 * (media events, track changes, responses: PlayerNews) come from the same adapter, listeners and
 * response filter that feed the agent's own records.
 */
export interface PlaybackEvents extends PlayerNews {
  /** A player error, normalised. */
  fault: PlayerFault;
  /** Buffering started (true) or ended (false). */
  buffering: boolean;
  /** The player started loading content. */
  loading: undefined;
  /** The player is unloading its content. */
  unloading: undefined;
  /** A playback session started (track, or a load of other content). */
  sessionStarted: undefined;
  /** A playback session ended. */
  sessionEnded: undefined;
  /** The app changed the content description (playback.update). */
  contentChanged: undefined;
  /** The playback ended for good (playback.end, player destroyed, agent shut down). */
  ended: undefined;
}

export type PlaybackEventName = keyof PlaybackEvents;

/** A plugin's handlers, one per event it listens to, each typed by its payload. */
export type PlaybackObserver = { [E in PlaybackEventName]?: (payload: PlaybackEvents[E]) => void };
