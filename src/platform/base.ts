import { Identity } from '../core/types';
import { UUID_PATTERN, uuid4 } from '../core/ids';
import { Platform, PlatformName } from './platform';
import { attempt, guard } from '../core/guard';
import { isText } from '../core/values';
import { Handler, HostWindow, PlatformDeps } from './host';
import { createLifecycle, Lifecycle } from './lifecycle';
import { createStorage } from './storage';

/** Storage key (after the prefix) of the random device UUID. */
export var DEVICE_KEY = 'device';
/** At most this many identity() calls wait for one vendor lookup; past it, the stored UUID at once. */
var MAX_WAITING = 8;

/** What an adapter gets to build its vendor part. */
export interface VendorContext {
  win: HostWindow;
  lc: Lifecycle;
  ua: string;
  /** Re-reads the network state and emits online/offline on a change. */
  net: Handler;
}

/** The vendor-specific part of an adapter; every member may throw (the base catches). */
export interface Vendor {
  /** Calls back once with the platform's device ID, or null/undefined/"#n" when it has none. */
  id?(done: (id: string | null | undefined) => void): void;
  /** [model, firmware]; empty or missing parts become null, others are made strings. */
  info?(): unknown[];
  /** false when the platform knows it is offline. */
  online?(): boolean;
  channel?(): string | null;
}

/**
 * "Chromium NN", "WebKit NNN" or null: the only user-agent parsing the agent does. Samsung TVs
 * mostly omit "Chrome/": Tizen 5.5+ put the Chromium version after "like Gecko)"; Tizen 3.0-5.0
 * give only the Tizen version (Chromium 47 / 56 / 63; 3.0 still says AppleWebKit/538.1).
 */
export function engineOf(ua: string): string | null {
  var m = /Chrome\/(\d+)/.exec(ua) || /Gecko\) (\d+)\.\d+\.\d+/.exec(ua);
  if (m) return 'Chromium ' + m[1];
  m = /Tizen ([345])\.0/.exec(ua);
  if (m) return 'Chromium ' + [47, 56, 63][+m[1] - 3];
  m = /AppleWebKit\/(\d+)/i.exec(ua);
  return m ? 'WebKit ' + m[1] : null;
}

/**
 * The common platform: storage, visibility/pagehide/online lifecycle, stored random UUID, engine
 * from the user agent. `make` adds the vendor part (identity, model, network, broadcast).
 */
export function createBase(
  name: PlatformName,
  win: HostWindow,
  deps: PlatformDeps,
  make?: (ctx: VendorContext) => Vendor,
): Platform {
  var log = deps.logger;
  var doc = win.document;
  var nav = win.navigator || {};
  var ua = nav.userAgent || '';
  var storage = createStorage(win, log, deps.storagePrefix, deps.storage);
  var lc = createLifecycle(log);
  var vendor: Vendor = {};
  var deviceId: string | null = null;
  // Non-empty while a vendor lookup runs (bounded by MAX_WAITING).
  var waiting: Array<(identity: Identity) => void> = [];
  var timer: unknown;

  // crypto.getRandomValues when the window has it, else the injected random.
  function random(): number {
    try {
      var a = new Uint32Array(1);
      win.crypto!.getRandomValues!(a);
      return a[0] / 4294967296;
    } catch (e) {
      return deps.random();
    }
  }

  // A vendor member that is missing throws in attempt() too, giving the fallback.
  function isOnline(): boolean {
    return nav.onLine !== false && attempt(vendor.online!, true);
  }

  function net(): void {
    lc.emit(isOnline() ? 'online' : 'offline');
  }

  function visibility(): void {
    lc.emit(doc && (doc.hidden != null ? doc.hidden : doc.webkitHidden) ? 'hide' : 'show');
  }

  function exit(): void {
    lc.emit('exit');
  }

  function storedId(): string {
    var id = storage.get(DEVICE_KEY);
    if (!id || !UUID_PATTERN.test(id)) {
      id = uuid4(random);
      storage.set(DEVICE_KEY, id);
    }
    return id;
  }

  function reply(done: (identity: Identity) => void, id: string): void {
    guard(log, 'identity', done)({ deviceId: id });
  }

  // The vendor's answer, the timeout or destroy(), whichever comes first, answers every waiting
  // caller; anything but an ID string (nothing, a timer's argument) means the stored UUID.
  function finish(id?: unknown): void {
    var list = waiting;
    if (!list.length) return;
    waiting = [];
    deps.clock.clearTimeout(timer);
    deviceId = isText(id, 255) && id.charAt(0) != '#' ? id : storedId();
    for (var i = 0; i < list.length; i++) reply(list[i], deviceId);
  }

  lc.listen(doc, 'visibilitychange', visibility);
  lc.listen(doc, 'webkitvisibilitychange', visibility);
  lc.listen(win, 'pagehide', exit);
  lc.listen(win, 'beforeunload', exit);
  lc.listen(win, 'online', net);
  lc.listen(win, 'offline', net);
  if (make) {
    try {
      vendor = make({ win: win, lc: lc, ua: ua, net: net });
    } catch (e) {
      log.warn('tvt: ' + name + ': ' + e);
    }
  }
  // No listener yet: these only set the starting state.
  visibility();
  net();

  return {
    name: name,
    storage: storage,
    describe: function () {
      var info = attempt(vendor.info!, null) || [];
      return {
        platform: name,
        engine: engineOf(ua),
        model: info[0] ? '' + info[0] : null,
        firmware: info[1] ? '' + info[1] : null,
      };
    },
    identity: function (done) {
      if (deviceId) return reply(done, deviceId);
      if (waiting.length >= MAX_WAITING) return reply(done, storedId());
      if (waiting.push(done) > 1) return; // the lookup under way answers this one too
      timer = deps.clock.setTimeout(finish, deps.identityTimeoutMs || 1000);
      try {
        vendor.id!(finish);
      } catch (e) {
        finish();
      }
    },
    onLifecycle: lc.on,
    isOnline: isOnline,
    broadcastChannelId: function () {
      return attempt(vendor.channel!, null) || null;
    },
    destroy: function () {
      lc.destroy();
      finish();
    },
  };
}
