import { Identity } from '../core/types';
import type { EventTargetLike, Handler, HostWindow } from './host';

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

/**
 * The vendor's model and firmware as it reports them: unformatted, so either may be missing, empty
 * or not a string (webOS parses them from JSON). The debug overlay formats them (describeDevice).
 */
export interface DeviceInfo {
  model: unknown;
  firmware: unknown;
}

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
  /** The vendor's model and firmware, or null without a vendor part. Only the debug overlay reads it. */
  info(): DeviceInfo | null;
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

/**
 * What the common base hands a vendor part (PlatformAddon.vendor) to build itself with: the window
 * and the base's lifecycle hub.
 */
export interface VendorHooks {
  window: HostWindow;
  /**
   * Announces a lifecycle event to the platform's listener, each once per change: `hide` only when
   * visible, `show` only when hidden, `online`/`offline` only on a change, `exit` once.
   */
  emit(event: LifecycleEvent): void;
  /** addEventListener where the target has it (never throws); removed by destroy(). */
  listen(target: EventTargetLike | null | undefined, type: string, handler: Handler): void;
  /** Registers an undo step for destroy() (a vendor listener, a patched method). */
  cleanup(undo: () => void): void;
  /** Re-reads the network state (navigator.onLine and the vendor's online()) and emits online/offline on a change. */
  checkNetwork(): void;
}

/** Builds a platform's vendor part. */
export type MakeVendor = (hooks: VendorHooks) => Vendor;

/** The vendor-specific part of an adapter. Any member may be absent; one that throws (a TV API without its privilege) reads as absent. */
export interface Vendor {
  /** Calls back once with the platform's device ID, or null/undefined/"#n" when it has none. */
  id?(done: (id: string | null | undefined) => void): void;
  /** Model and firmware, raw: Platform.info() passes them on, the overlay formats them. */
  info?(): DeviceInfo;
  /** false when the platform knows it is offline. */
  online?(): boolean;
  /** The tuned broadcast service (see Platform.broadcastChannelId), or null. */
  channel?(): string | null;
}
