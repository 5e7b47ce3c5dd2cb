import { attempt, guard } from '../core/guard';
import { Identity } from '../core/types';
import { isText } from '../core/values';
import { EventTargetLike, Handler, HostWindow, PlatformDeps } from './host';
import { DeviceInfo, LifecycleEvent, MakeVendor, Platform, PlatformName, Vendor } from './platform';

/** Whether `target` takes DOM event listeners. */
function hasEvents(target: EventTargetLike | null | undefined): target is EventTargetLike & Pick<Required<EventTargetLike>, 'addEventListener'> {
  return !!target && typeof target.addEventListener === 'function';
}

/**
 * The common platform: the lifecycle hub (visibility/pagehide/online events, and what the vendor
 * part emits) and navigator.onLine. `makeVendor` adds the vendor part (device ID, model, network,
 * broadcast). No storage: the device UUID stored for a platform without an ID of its own is the
 * persistence add-on's.
 */
export function createBase(name: PlatformName, win: HostWindow, deps: PlatformDeps, makeVendor?: MakeVendor): Platform {
  var log = deps.logger;
  var doc = win.document;
  var nav = win.navigator || {};
  var vendor: Vendor = {};
  // The identity() caller while a vendor lookup runs (the agent asks once).
  var waiting: ((identity: Identity) => void) | null = null;
  var timer: unknown;
  // The lifecycle hub: its one listener (the agent's), and the undo steps of every DOM listener and
  // vendor hook (one per listen()/cleanup() call site in the adapters: bounded by the code, not by use).
  var listener: ((event: LifecycleEvent) => void) | null = null;
  var undos: Array<() => void> = [];
  // What was last announced: visible and online until told otherwise; exit only once.
  var visibility: 'show' | 'hide' = 'show';
  var network: 'online' | 'offline' = 'online';
  var exited = false;

  function emit(event: LifecycleEvent): void {
    if (event === 'show' || event === 'hide') {
      if (visibility === event) return;
      visibility = event;
    } else if (event === 'online' || event === 'offline') {
      if (network === event) return;
      network = event;
    } else if (event === 'exit') {
      if (exited) return;
      exited = true;
    }
    if (listener) listener(event);
  }

  function listen(target: EventTargetLike | null | undefined, type: string, handler: Handler): void {
    // A host without DOM events (or without this target) gives no events of this kind.
    if (!hasEvents(target)) return;
    var eventTarget = target;
    attempt(function () {
      eventTarget.addEventListener(type, handler, false);
      undos.push(function () {
        if (typeof eventTarget.removeEventListener === 'function') eventTarget.removeEventListener(type, handler, false);
      });
    });
  }

  function cleanup(undo: () => void): void {
    undos.push(undo);
  }

  /** A vendor member's answer; its fallback when the member is absent or throws. */
  function ask<T>(member: (() => T) | undefined, fallback: T): T {
    return member ? attempt(member, fallback) : fallback;
  }

  function isOnline(): boolean {
    return nav.onLine !== false && ask(vendor.online, true);
  }

  function checkNetwork(): void {
    emit(isOnline() ? 'online' : 'offline');
  }

  function checkVisibility(): void {
    emit(doc && (doc.hidden != null ? doc.hidden : doc.webkitHidden) ? 'hide' : 'show');
  }

  function exit(): void {
    emit('exit');
  }

  // The vendor's answer, the timeout or destroy(), whichever comes first, answers the waiting
  // caller, once; anything but an ID string (nothing, a timer's argument) means no device ID.
  function finish(id?: unknown): void {
    var done = waiting;
    if (!done) return;
    waiting = null;
    deps.clock.clearTimeout(timer);
    guard(log, 'platform identity', done)(isText(id, 255) && id[0] != '#' ? { deviceId: id } : {});
  }

  listen(doc, 'visibilitychange', checkVisibility);
  listen(doc, 'webkitvisibilitychange', checkVisibility);
  listen(win, 'pagehide', exit);
  listen(win, 'beforeunload', exit);
  listen(win, 'online', checkNetwork);
  listen(win, 'offline', checkNetwork);
  if (makeVendor) {
    try {
      vendor = makeVendor({ window: win, emit: emit, listen: listen, cleanup: cleanup, checkNetwork: checkNetwork }) || {};
    } catch (e) {
      log.error('tv-telemetry: ' + name + " add-on failed (not the agent's version?): " + e);
    }
  }
  // No listener yet: these only set the starting state.
  checkVisibility();
  checkNetwork();

  return {
    name: name,
    info: function () {
      return ask<DeviceInfo | null>(vendor.info, null);
    },
    identity: function (done) {
      finish(); // an earlier caller still waiting (not the agent's way) gets the fallback now
      waiting = done;
      timer = deps.clock.setTimeout(finish, deps.identityTimeoutMs || 1000);
      if (!vendor.id) return finish(); // no vendor ID on this platform
      try {
        vendor.id(finish);
      } catch (e) {
        finish(); // the vendor API refused (no privilege): no device ID
      }
    },
    onLifecycle: function (fn) {
      // A listener that throws is logged, and the vendor or DOM event that called it goes on.
      listener = guard(log, 'lifecycle', fn);
    },
    isOnline: isOnline,
    broadcastChannelId: function () {
      return ask(vendor.channel, null) || null;
    },
    destroy: function () {
      for (var i = 0; i < undos.length; i++) attempt(undos[i]); // keep undoing the rest
      undos = [];
      listener = null;
      finish();
    },
  };
}
