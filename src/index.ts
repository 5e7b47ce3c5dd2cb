/**
 * tv-telemetry-agent: Shaka Player playback telemetry for Smart TV and set-top-box web apps.
 * Loaded by a plain <script>, the UMD bundle defines the global `TvTelemetry`. This is the default,
 * lossless entry (persistence built in); lean.ts is the same API without it. Its add-ons have
 * entries of their own: `tv-telemetry-agent/kava`, `/overlay`, `/tizen`, `/webos`, `/hbbtv`, `/persist`.
 */
export { createAgent } from './agent/lossless';
export type { Agent, AgentOptions, AgentStatus } from './agent/agent';
export type { Playback } from './agent/playback';
export { validateProfile } from './profile/validate';
export type { ProfileResult } from './profile/validate';
export { profileFromJson } from './profile/json';
export type { ProfileInput, ProfileOverride } from './profile/input';
export type { Profile, ContentSource } from './profile/types';
export type { ContentDescription, ContentType } from './vault/content';
export type { Clock, Identity, Logger, Random, SendOutcome, Storage, Transport, HttpRequest } from './core/types';
export type { ShakaPlayerLike, ShakaModuleLike, ShakaEnumLike } from './player/types';

export { AGENT_VERSION as version } from './agent/agent';
export type { AgentPlugin, PluginHost, PluginInstance, PlaybackView, PlaybackObserver, PlaybackEvents } from './agent/plugin';
export type { PlatformAddon, PlatformName, DeviceDescription } from './platform/platform';
