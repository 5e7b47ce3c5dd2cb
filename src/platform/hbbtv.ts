import { attempt } from '../core/guard';
import { intercept } from '../core/intercept';
import { createBase } from './base';
import { DocumentLike, ElementLike, HostWindow, PlatformDeps } from './host';
import { Platform, PlatformAddon, VendorHooks } from './platform';

var APP_MANAGER = 'application/oipfApplicationManager';
var CONFIGURATION = 'application/oipfConfiguration';
var BROADCAST = 'video/broadcast';

type Method = ((...args: unknown[]) => unknown) | null | undefined;
interface OipfChannel {
  onid?: unknown;
  tsid?: unknown;
  sid?: unknown;
}

/** The first <object> of this MIME type in the page, or null. */
export function findObject(doc: DocumentLike | undefined, type: string): ElementLike | null {
  var list = (doc && doc.getElementsByTagName && doc.getElementsByTagName('object')) || [];
  for (var i = 0; i < list.length; i++) {
    var element = list[i];
    var t = element.getAttribute ? element.getAttribute('type') : null;
    if (t && t.toLowerCase() == type.toLowerCase()) return list[i];
  }
  return null;
}

/** The page's object of this type, or one created (hidden, removed on destroy); null without a DOM to create it in. */
function obtain(win: HostWindow, cleanup: VendorHooks['cleanup'], type: string): ElementLike | null {
  var doc = win.document;
  var found = findObject(doc, type);
  if (found) return found;
  var parent = doc && (doc.body || doc.documentElement);
  if (!doc || !doc.createElement || !parent) return null;
  var o = doc.createElement('object');
  if (o.setAttribute) {
    o.setAttribute('type', type);
    o.setAttribute('style', 'position:absolute;width:0;height:0;visibility:hidden');
  }
  parent.appendChild(o);
  cleanup(function () {
    if (o.parentNode) o.parentNode.removeChild(o);
  });
  return o;
}

function trim(s: string): string {
  return s.replace(/^\s+|\s+$/g, '');
}

/** A DVB triplet part as hex (1*4HEXDIG), or null when it is not a non-negative integer. */
function hex(n: unknown): string | null {
  return typeof n == 'number' && n >= 0 && n % 1 === 0 ? n.toString(16) : null;
}

/**
 * HbbTV (OIPF DAE): lowMemory from the application manager's onLowMemory (chained with the app's
 * own handler), exit from the owner application's destroyApplication() and unload, the device ID
 * from oipfConfiguration `configuration.deviceId` (HbbTV 2.0.1+; "#1".."#5" = not granted), the
 * tuned service from a `video/broadcast` object as a DVB URI with hex onid.tsid.sid
 * (ETSI TS 102 851: each part 1*4HEXDIG). Model and firmware from the HbbTV user agent.
 */
export var hbbtv: PlatformAddon = {
  name: 'hbbtv',
  /** An OIPF application manager in the page, the OIPF factory, or an HbbTV user agent. */
  detect: function (win) {
    return !!(win.oipfObjectFactory || findObject(win.document, APP_MANAGER) || /HbbTV\//.test((win.navigator && win.navigator.userAgent) || ''));
  },
  vendor: function (hooks) {
    var win = hooks.window;
    var broadcast: { currentChannel?: OipfChannel | null } | null = null;
    function exit() {
      hooks.emit('exit');
    }
    hooks.listen(win, 'unload', exit);
    var manager = obtain(win, hooks.cleanup, APP_MANAGER) as (ElementLike & { getOwnerApplication?(doc: unknown): object | null }) | null;
    // No manager (not an HbbTV page after all): no lowMemory, exit from pagehide/unload only.
    if (manager) {
      var owner = manager;
      // A broken OIPF object may refuse the patch or throw for a document it does not own: then as without one.
      attempt(function () {
        hooks.cleanup(
          intercept(owner, 'onLowMemory', function () {
            hooks.emit('lowMemory');
          })
        );
        var app = owner.getOwnerApplication ? (owner.getOwnerApplication(win.document) as { destroyApplication?: Method } | null) : null;
        if (app && app.destroyApplication) hooks.cleanup(intercept(app, 'destroyApplication', exit));
      });
    }
    return {
      id: function (done) {
        var config = obtain(win, hooks.cleanup, CONFIGURATION) as { configuration?: { deviceId?: string } } | null;
        var c = config && config.configuration;
        done(c ? c.deviceId : null);
      },
      info: function () {
        var userAgent = (win.navigator && win.navigator.userAgent) || '';
        var m = /HbbTV\/[\d.]+ \(([^;]*);([^;]*);([^;]*);([^;)]*)/.exec(userAgent);
        return m ? { model: trim(trim(m[2]) + ' ' + trim(m[3])), firmware: trim(m[4]) } : { model: undefined, firmware: undefined };
      },
      channel: function () {
        broadcast = broadcast || (obtain(win, hooks.cleanup, BROADCAST) as { currentChannel?: OipfChannel | null } | null);
        var c = broadcast && broadcast.currentChannel;
        if (!c) return null;
        var onid = hex(c.onid);
        var tsid = hex(c.tsid);
        var sid = hex(c.sid);
        return onid !== null && tsid !== null && sid !== null ? 'dvb://' + onid + '.' + tsid + '.' + sid : null;
      },
    };
  },
};

export function createHbbtvPlatform(win: HostWindow, deps: PlatformDeps): Platform {
  return createBase('hbbtv', win, deps, hbbtv.vendor);
}
