import { attempt } from '../core/guard';
import { Logger } from '../core/types';
import { LifecycleEvent } from './platform';
import { EventTargetLike, Handler } from './host';

/** At most this many lifecycle listeners; past it onLifecycle() ignores the listener and warns. */
export var MAX_LISTENERS = 8;

export type LifecycleListener = (event: LifecycleEvent) => void;

/**
 * The lifecycle hub shared by all adapters: turns raw host events into `LifecycleEvent`s, each
 * once per change (`hide` only when visible, `show` only when hidden, `online`/`offline` only on a
 * change, `exit` once), and undoes every DOM listener and vendor hook on destroy().
 */
export interface Lifecycle {
  on(listener: LifecycleListener): () => void;
  emit(event: LifecycleEvent): void;
  /** addEventListener (never throws), removed by destroy(). */
  listen(target: EventTargetLike | null | undefined, type: string, handler: Handler): void;
  /** Registers an undo step for destroy() (a vendor listener, a patched method). */
  cleanup(undo: () => void): void;
  destroy(): void;
}

/**
 * The group of each change-only event (1 visibility, 2 network, 3 exit): an event that is its
 * group's last one already is not announced.
 */
var GROUP_OF: { [event: string]: number } = { hide: 1, show: 1, online: 2, offline: 2, exit: 3 };

export function createLifecycle(logger: Logger): Lifecycle {
  var slots: Array<LifecycleListener | null> = [];
  // One entry per listen()/cleanup() call site in the adapters: bounded by the code, not by use.
  var undos: Array<() => void> = [];
  // The last event of each group, by GROUP_OF: visible and online until told otherwise.
  var last: Array<LifecycleEvent | undefined> = [, 'show', 'online'];

  return {
    on: function (listener) {
      for (var i = 0; i < MAX_LISTENERS; i++) {
        if (!slots[i]) {
          slots[i] = listener;
          return function () {
            if (slots[i] === listener) slots[i] = null;
          };
        }
      }
      logger.warn('tvt: listener cap');
      return function () {};
    },
    emit: function (event) {
      var group = GROUP_OF[event];
      if (group) {
        if (last[group] == event) return;
        last[group] = event;
      }
      for (var i = 0; i < slots.length; i++) {
        try {
          if (slots[i]) slots[i]!(event);
        } catch (e) {
          logger.error('tvt: ' + event + ': ' + e);
        }
      }
    },
    listen: function (target, type, handler) {
      // A host without DOM events (or without this target) gives no events of this kind.
      attempt(function () {
        target!.addEventListener!(type, handler, false);
        undos.push(function () {
          target!.removeEventListener!(type, handler, false);
        });
      });
    },
    cleanup: function (undo) {
      undos.push(undo);
    },
    destroy: function () {
      for (var i = 0; i < undos.length; i++) attempt(undos[i]); // keep undoing the rest
      undos = [];
      slots = [];
    },
  };
}
