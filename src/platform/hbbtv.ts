import { intercept } from '../core/intercept';
import { Platform, PlatformAddon } from './platform';
import { DocumentLike, ElementLike, HostWindow, PlatformDeps } from './host';
import { Cleanup, createBase } from './base';

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
    var t = list[i].getAttribute!('type');
    if (t && t.toLowerCase() == type.toLowerCase()) return list[i];
  }
  return null;
}

/** The page's object of this type, or one created (hidden, removed on destroy). Throws without a DOM. */
function obtain(win: HostWindow, cleanup: Cleanup, type: string): ElementLike {
  var doc = win.document!;
  var found = findObject(doc, type);
  if (found) return found;
  var o = doc.createElement!('object');
  o.setAttribute!('type', type);
  o.setAttribute!('style', 'position:absolute;width:0;height:0;visibility:hidden');
  (doc.body || doc.documentElement)!.appendChild(o);
  cleanup(function () {
    if (o.parentNode) o.parentNode.removeChild(o);
  });
  return o;
}

function trim(s: string): string {
  return s.replace(/^\s+|\s+$/g, '');
}

function hex(n: unknown): string {
  if (typeof n != 'number' || n < 0 || n % 1) throw n;
  return n.toString(16);
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
  vendor: function (win, emit, listen, cleanup) {
    var broadcast: { currentChannel?: OipfChannel | null } | null = null;
    function exit() {
      emit('exit');
    }
    listen(win, 'unload', exit);
    try {
      var manager = obtain(win, cleanup, APP_MANAGER) as ElementLike & { getOwnerApplication?(doc: unknown): object | null };
      cleanup(
        intercept(manager, 'onLowMemory', function () {
          emit('lowMemory');
        })
      );
      var app = manager.getOwnerApplication!(win.document) as { destroyApplication?: Method } | null;
      if (app && app.destroyApplication) cleanup(intercept(app, 'destroyApplication', exit));
    } catch (e) {
      // not an HbbTV page after all: no lowMemory, exit from pagehide/unload only
    }
    return {
      id: function (done) {
        var c = (obtain(win, cleanup, CONFIGURATION) as { configuration?: { deviceId?: string } }).configuration;
        done(c && c.deviceId);
      },
      info: function () {
        var m = /HbbTV\/[\d.]+ \(([^;]*);([^;]*);([^;]*);([^;)]*)/.exec(win.navigator!.userAgent!);
        return m ? [trim(trim(m[2]) + ' ' + trim(m[3])), trim(m[4])] : [];
      },
      channel: function () {
        broadcast = broadcast || (obtain(win, cleanup, BROADCAST) as { currentChannel?: OipfChannel | null });
        var c = broadcast.currentChannel;
        return c ? 'dvb://' + hex(c.onid) + '.' + hex(c.tsid) + '.' + hex(c.sid) : null;
      },
    };
  },
};

export function createHbbtvPlatform(win: HostWindow, deps: PlatformDeps): Platform {
  return createBase('hbbtv', win, deps, hbbtv.vendor);
}
