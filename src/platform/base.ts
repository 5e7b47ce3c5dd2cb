import { Identity } from '../core/types';
import { LifecycleEvent, Platform, PlatformName } from './platform';
import { attempt, guard } from '../core/guard';
import { isText } from '../core/values';
import { EventTargetLike, Handler, HostWindow, PlatformDeps } from './host';

/**
 * The group of each change-only event (1 visibility, 2 network, 3 exit): an event that is its
 * group's last one already is not announced.
 */
var GROUP_OF: { [event: string]: number } = { hide: 1, show: 1, online: 2, offline: 2, exit: 3 };

/**
 * Announces a lifecycle event to the platform's listener, each once per change: `hide` only when
 * visible, `show` only when hidden, `online`/`offline` only on a change, `exit` once.
 */
export type Emit = (event: LifecycleEvent) => void;
/** addEventListener (never throws), removed by destroy(). */
export type Listen = (target: EventTargetLike | null | undefined, type: string, handler: Handler) => void;
/** Registers an undo step for destroy() (a vendor listener, a patched method). */
export type Cleanup = (undo: () => void) => void;

/**
 * Builds an adapter's vendor part from the window and the base's lifecycle hub: `emit`, `listen`,
 * `cleanup` above, and `net`, which re-reads the network state and emits online/offline on a
 * change. Handed over as plain arguments (every adapter gets the same five), not as an object.
 */
export type MakeVendor = (win: HostWindow, emit: Emit, listen: Listen, cleanup: Cleanup, net: Handler) => Vendor;

/** The vendor-specific part of an adapter; every member may throw (the base catches). */
export interface Vendor {
  /** Calls back once with the platform's device ID, or null/undefined/"#n" when it has none. */
  id?(done: (id: string | null | undefined) => void): void;
  /** [model, firmware], raw: Platform.info() passes it on, the overlay formats it. */
  info?(): unknown[];
  /** false when the platform knows it is offline. */
  online?(): boolean;
  channel?(): string | null;
}

/**
 * The common platform: the lifecycle hub (visibility/pagehide/online events, and what the vendor
 * part emits) and navigator.onLine. `make` adds the vendor part (device ID, model, network,
 * broadcast). No storage: the device UUID stored for a platform without an ID of its own is the
 * persistence add-on's (delivery/persist.ts).
 */
export function createBase(
  name: PlatformName,
  win: HostWindow,
  deps: PlatformDeps,
  make?: MakeVendor,
): Platform {
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
  // The last event of each group, by GROUP_OF: visible and online until told otherwise.
  var last: Array<LifecycleEvent | undefined> = [, 'show', 'online'];

  function emit(event: LifecycleEvent): void {
    var group = GROUP_OF[event];
    if (group) {
      if (last[group] == event) return;
      last[group] = event;
    }
    if (listener) listener(event);
  }

  function listen(target: EventTargetLike | null | undefined, type: string, handler: Handler): void {
    // A host without DOM events (or without this target) gives no events of this kind.
    attempt(function () {
      target!.addEventListener!(type, handler, false);
      undos.push(function () {
        target!.removeEventListener!(type, handler, false);
      });
    });
  }

  function cleanup(undo: () => void): void {
    undos.push(undo);
  }

  /**
   * What a vendor member answers, or `fallback` when the platform has no such member or it throws.
   * A missing member is tested, not called: a thrown TypeError costs about 30 µs in Chromium, and
   * broadcastChannelId() is asked for every record.
   */
  function ask<T>(member: (() => T) | undefined, fallback: T): T {
    return member ? attempt(member, fallback) : fallback;
  }

  function isOnline(): boolean {
    return nav.onLine !== false && ask(vendor.online, true);
  }

  function net(): void {
    emit(isOnline() ? 'online' : 'offline');
  }

  function visibility(): void {
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

  listen(doc, 'visibilitychange', visibility);
  listen(doc, 'webkitvisibilitychange', visibility);
  listen(win, 'pagehide', exit);
  listen(win, 'beforeunload', exit);
  listen(win, 'online', net);
  listen(win, 'offline', net);
  if (make) {
    try {
      vendor = make(win, emit, listen, cleanup, net);
    } catch (e) {
      log.error('tv-telemetry: ' + name + ' add-on failed (not the agent\'s version?): ' + e);
    }
  }
  // No listener yet: these only set the starting state.
  visibility();
  net();

  return {
    name: name,
    info: function () {
      return attempt(vendor.info!, null);
    },
    identity: function (done) {
      finish(); // an earlier caller still waiting (not the agent's way) gets the fallback now
      waiting = done;
      timer = deps.clock.setTimeout(finish, deps.identityTimeoutMs || 1000);
      try {
        vendor.id!(finish); // no id member throws too: no device ID
      } catch (e) {
        finish();
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
