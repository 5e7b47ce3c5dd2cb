/**
 * The remote key that toggles the overlay. TV remotes send keyCodes (the blue colour key is 406 on
 * Tizen, webOS and HbbTV's VK_BLUE); a name matches KeyboardEvent.key, for keyboards and newer
 * engines. On Tizen the app must register colour keys (tizen.tvinputdevice) for them to arrive.
 */

export interface KeyEventLike {
  keyCode?: number;
  which?: number;
  key?: string;
  preventDefault?(): void;
}

export interface KeyTarget {
  addEventListener(type: string, listener: (event: KeyEventLike) => void, capture?: boolean): void;
  removeEventListener(type: string, listener: (event: KeyEventLike) => void, capture?: boolean): void;
}

export var DEFAULT_OVERLAY_KEY = 406;

export function matchesKey(event: KeyEventLike, key: number | string): boolean {
  if (typeof key === 'number') return (event.keyCode || event.which) === key;
  return typeof key === 'string' && event.key === key;
}

/**
 * Calls `toggle` when the key is pressed; returns the function that stops listening. Capture
 * phase, so an app handler that stops propagation cannot swallow it.
 */
export function listenForKey(target: KeyTarget, key: number | string, toggle: () => void): () => void {
  function onKey(event: KeyEventLike): void {
    if (!matchesKey(event, key)) return;
    if (event.preventDefault) event.preventDefault();
    toggle();
  }
  target.addEventListener('keydown', onKey, true);
  return function () {
    target.removeEventListener('keydown', onKey, true);
  };
}
