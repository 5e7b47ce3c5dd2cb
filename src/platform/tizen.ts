import { attempt } from '../core/guard';
import { createBase } from './base';
import { HostWindow, PlatformDeps } from './host';
import { Platform, PlatformAddon } from './platform';

/**
 * Samsung Tizen: DUID, model and firmware from `webapis.productinfo` (each throws without the
 * productinfo privilege: then no device ID / null), network state from `webapis.network`
 * (active connection type 0 = disconnected, gateway state listener). Tizen has no exit hook of its
 * own: visibilitychange fires on exit too, and pagehide/beforeunload follow.
 */
export var tizen: PlatformAddon = {
  name: 'tizen',
  detect: function (win) {
    return !!(win.webapis || win.tizen);
  },
  vendor: function (hooks) {
    var api = hooks.window.webapis || {};
    var info = api.productinfo || {};
    var network = api.network || {};
    var gateway: boolean | null = null;
    function read(method: 'getModel' | 'getFirmware'): string | null {
      return attempt(function () {
        var getter = info[method];
        return getter ? getter.call(info) : null; // throws without the productinfo privilege
      }, null);
    }
    if (network.addNetworkStateChangeListener) {
      try {
        var states = network.NetworkState || {};
        var id = network.addNetworkStateChangeListener(function (state) {
          if (state == (states.GATEWAY_DISCONNECTED || 5)) gateway = false;
          else if (state == (states.GATEWAY_CONNECTED || 4)) gateway = true;
          hooks.checkNetwork();
        });
        hooks.cleanup(function () {
          if (network.removeNetworkStateChangeListener) network.removeNetworkStateChangeListener(id);
        });
      } catch (e) {
        // no listener: getActiveConnectionType() and navigator.onLine still answer
      }
    }
    return {
      id: function (done) {
        done(info.getDuid ? info.getDuid() : null); // throws without the privilege: no device ID
      },
      info: function () {
        return { model: read('getModel'), firmware: read('getFirmware') };
      },
      online: function () {
        return (
          gateway !== false &&
          attempt(function () {
            return network.getActiveConnectionType ? network.getActiveConnectionType() !== 0 : true;
          }, true)
        );
      },
    };
  },
};

export function createTizenPlatform(win: HostWindow, deps: PlatformDeps): Platform {
  return createBase('tizen', win, deps, tizen.vendor);
}
