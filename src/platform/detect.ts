import { Platform, PlatformAddon, PlatformName } from './platform';
import { attempt } from '../core/guard';
import { HostWindow, PlatformDeps } from './host';
import { createBase } from './base';

/** A plain browser: visibility/pagehide/online events, navigator.onLine; no device ID of its own. */
export function createBrowserPlatform(win: HostWindow, deps: PlatformDeps): Platform {
  return createBase('browser', win, deps);
}

/**
 * The platform for `name` from the add-ons the app loaded: 'auto' takes the first add-on that
 * detects its platform, an explicit name takes that add-on. Without one, the browser platform,
 * which works on every TV (and an explicit TV name without its add-on is logged). Never throws.
 */
export function createPlatform(name: 'auto' | PlatformName, win: HostWindow, deps: PlatformDeps, addons: PlatformAddon[]): Platform {
  var chosen: PlatformAddon | undefined;
  for (var i = 0; i < addons.length && !chosen; i++) {
    var addon = addons[i];
    if (
      name == 'auto'
        ? attempt(function () {
            return addon.detect(win);
          }, false)
        : addon.name == name
    )
      chosen = addon;
  }
  if (!chosen && name != 'auto' && name != 'browser')
    deps.logger.error('tv-telemetry: platform ' + name + ' needs its add-on (tv-telemetry-' + name + '.js): browser used');
  return createBase(chosen ? chosen.name : 'browser', win, deps, chosen && chosen.vendor);
}
