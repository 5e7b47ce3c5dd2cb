import { Identity } from '../core/types';
import type { MakeVendor } from './base';
import type { HostWindow } from './host';

/** The platforms the agent knows; `browser` is any other. */
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

/** The device as the debug overlay shows it (overlay/format.ts describeDevice). */
export interface DeviceDescription {
  /** The platform the agent runs on. */
  platform: PlatformName;
  /** e.g. "Chromium 85", "WebKit 538" or null when unknown. */
  engine: string | null;
  /** The vendor's model name, or null when unknown. */
  model: string | null;
  /** The firmware version, or null when unknown. */
  firmware: string | null;
}

/**
 * Everything device-specific the agent needs, behind one interface. Nothing outside the platform
 * layer touches vendor objects; only the debug overlay add-on reads the user agent (the engine it
 * shows).
 */
export interface Platform {
  name: PlatformName;
  /**
   * The vendor's [model, firmware] as it reports them (unformatted: any part may be missing, empty
   * or not a string), or null. Only the debug overlay reads it (describeDevice).
   */
  info(): unknown[] | null;
  /**
   * Calls back once with the device identity the platform can read (app-given identity always wins
   * over it): `{ deviceId }` from the vendor (a TV add-on's) within identityTimeoutMs, else `{}`.
   * The agent asks once; a second call asks the vendor again, and an earlier caller still waiting
   * gets `{}` at once.
   */
  identity(done: (identity: Identity) => void): void;
  /**
   * Sets the one lifecycle listener (the agent's; a later call replaces it), called with each event
   * once per change; one that throws is logged. destroy() removes it.
   */
  onLifecycle(listener: (event: LifecycleEvent) => void): void;
  /** false only when the platform knows it is offline. */
  isOnline(): boolean;
  /** The tuned broadcast service as a technical channel ID (HbbTV `dvb://onid.tsid.sid`), or null. */
  broadcastChannelId(): string | null;
  destroy(): void;
}

/**
 * A TV platform's own part, shipped in a bundle of its own (`tv-telemetry-tizen.js`, `-webos.js`,
 * `-hbbtv.js`) and given to the agent as a plugin's `platform`: the core bundle carries only the
 * common base (lifecycle, navigator.onLine), so an app pays for the one platform it runs on.
 */
export interface PlatformAddon {
  /** The platform it adapts. */
  name: PlatformName;
  /** true when the window has this platform's objects (checked for `platform: 'auto'`; may throw) */
  detect(win: HostWindow): boolean;
  /** the vendor part (identity, model, network, broadcast) the base is built with */
  vendor: MakeVendor;
}
