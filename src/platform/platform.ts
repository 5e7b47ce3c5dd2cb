import { Identity, Storage } from '../core/types';

export type PlatformName = 'tizen' | 'webos' | 'hbbtv' | 'browser';

export type LifecycleEvent =
  /** App hidden or suspended: flush now, it may never come back. */
  | 'hide'
  /** Visible again (after `hide`). */
  | 'show'
  /** Page or app is going away for good. */
  | 'exit'
  /** The platform asked us to use less memory. */
  | 'lowMemory'
  | 'online'
  | 'offline';

export interface DeviceDescription {
  platform: PlatformName;
  /** e.g. "Chromium 85", "WebKit 538" or null when unknown. */
  engine: string | null;
  model: string | null;
  firmware: string | null;
}

/**
 * Everything device-specific the agent needs, behind one interface. Nothing outside the platform
 * layer sniffs the user agent or touches vendor objects.
 */
export interface Platform {
  name: PlatformName;
  describe(): DeviceDescription;
  /** Device identity the platform can read (app-given identity always wins over it). */
  identity(done: (identity: Identity) => void): void;
  storage: Storage;
  /** Subscribe to lifecycle events; returns the unsubscribe function. */
  onLifecycle(listener: (event: LifecycleEvent) => void): () => void;
  /** false only when the platform knows it is offline. */
  isOnline(): boolean;
  /** The tuned broadcast service as a technical channel ID (HbbTV `dvb://onid.tsid.sid`), or null. */
  broadcastChannelId(): string | null;
  /** A random UUID v4 from the window's crypto.getRandomValues where present (optional, added). */
  uuid?(): string;
  destroy(): void;
}
