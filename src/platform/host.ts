import { Clock, Logger } from '../core/types';

/**
 * The shapes of the window-like global each adapter is given. Only what the platform layer reads is
 * declared, all optional, so a real `window` fits and unit tests pass small fake objects.
 */

export type Handler = (event?: unknown) => void;

export interface EventTargetLike {
  addEventListener?(type: string, fn: Handler, capture?: boolean): void;
  removeEventListener?(type: string, fn: Handler, capture?: boolean): void;
}

export interface ElementLike extends EventTargetLike {
  getAttribute?(name: string): string | null;
  setAttribute?(name: string, value: string): void;
  parentNode?: { removeChild(child: ElementLike): unknown } | null;
}

export interface DocumentLike extends EventTargetLike {
  hidden?: boolean;
  webkitHidden?: boolean;
  body?: { appendChild(child: ElementLike): unknown } | null;
  documentElement?: { appendChild(child: ElementLike): unknown } | null;
  createElement?(tag: string): ElementLike;
  getElementsByTagName?(tag: string): ArrayLike<ElementLike>;
}

export interface LocalStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Samsung `webapis` (loaded by the app from `$WEBAPIS/webapis/webapis.js`). */
export interface TizenWebapis {
  productinfo?: { getDuid?(): string; getModel?(): string; getFirmware?(): string };
  network?: {
    getActiveConnectionType?(): number;
    addNetworkStateChangeListener?(listener: (state: number) => void): number;
    removeNetworkStateChangeListener?(id: number): void;
    NetworkState?: { GATEWAY_CONNECTED?: number; GATEWAY_DISCONNECTED?: number };
  };
}

export interface LunaRequest {
  method: string;
  parameters: object;
  onSuccess(response: { idList?: Array<{ idType?: string; idValue?: string }> }): void;
  onFailure(error: unknown): void;
}

export interface HostWindow extends EventTargetLike {
  document?: DocumentLike;
  navigator?: { userAgent?: string; onLine?: boolean };
  localStorage?: LocalStorageLike | null;
  crypto?: { getRandomValues?(array: Uint8Array): Uint8Array };
  webapis?: TizenWebapis;
  tizen?: unknown;
  webOSSystem?: { deviceInfo?: unknown };
  PalmSystem?: { deviceInfo?: unknown };
  webOS?: { service?: { request?(uri: string, request: LunaRequest): unknown } };
  oipfObjectFactory?: unknown;
}

/** What every platform adapter is given besides the window. */
export interface PlatformDeps {
  logger: Logger;
  /** Timers for the identity timeout; the agent's Clock fits. */
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** How long identity() waits for an asynchronous vendor ID (webOS LGUDID); default 1000 ms. */
  identityTimeoutMs?: number;
}
