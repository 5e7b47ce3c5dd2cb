import { Platform, PlatformName } from './platform';
import { attempt } from '../core/guard';
import { HostWindow, PlatformDeps } from './host';
import { createBase } from './base';
import { createTizenPlatform } from './tizen';
import { createWebosPlatform } from './webos';
import { APP_MANAGER, createHbbtvPlatform, findObject } from './hbbtv';

/** A plain browser: localStorage, visibility/pagehide/online events, stored UUID, navigator.onLine. */
export function createBrowserPlatform(win: HostWindow, deps: PlatformDeps): Platform {
  return createBase('browser', win, deps);
}

/** Chooses by feature: webapis/tizen, then webOSSystem/webOS/PalmSystem, then OIPF or "HbbTV/". */
export function detectPlatform(win: HostWindow): PlatformName {
  return attempt(function (): PlatformName {
    if (win.webapis || win.tizen) return 'tizen';
    if (win.webOSSystem || win.webOS || win.PalmSystem) return 'webos';
    if (
      win.oipfObjectFactory ||
      findObject(win.document, APP_MANAGER) ||
      /HbbTV\//.test((win.navigator && win.navigator.userAgent) || '')
    )
      return 'hbbtv';
    return 'browser';
  }, 'browser');
}

/** The platform for `name` ('auto' detects; an explicit name wins). Never throws. */
export function createPlatform(name: 'auto' | PlatformName, win: HostWindow, deps: PlatformDeps): Platform {
  var chosen = name == 'auto' ? detectPlatform(win) : name;
  var make =
    chosen == 'tizen'
      ? createTizenPlatform
      : chosen == 'webos'
        ? createWebosPlatform
        : chosen == 'hbbtv'
          ? createHbbtvPlatform
          : createBrowserPlatform;
  return make(win, deps);
}
