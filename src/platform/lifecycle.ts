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

export function createLifecycle(logger: Logger): Lifecycle {
  var slots: Array<LifecycleListener | null> = [];
  // One entry per listen()/cleanup() call site in the adapters: bounded by the code, not by use.
  var undos: Array<() => void> = [];
  var hidden = false;
  var online = true;
  var exited = false;

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
      if (event == 'hide' || event == 'show') {
        if (hidden == (event == 'hide')) return;
        hidden = !hidden;
      } else if (event == 'online' || event == 'offline') {
        if (online == (event == 'online')) return;
        online = !online;
      } else if (event == 'exit') {
        if (exited) return;
        exited = true;
      }
      for (var i = 0; i < slots.length; i++) {
        var listener = slots[i];
        try {
          if (listener) listener(event);
        } catch (e) {
          logger.error('tvt: ' + event + ': ' + e);
        }
      }
    },
    listen: function (target, type, handler) {
      try {
        if (target && target.addEventListener) {
          target.addEventListener(type, handler, false);
          undos.push(function () {
            target.removeEventListener!(type, handler, false);
          });
        }
      } catch (e) {
        // a host without DOM events gives no events of this kind
      }
    },
    cleanup: function (undo) {
      undos.push(undo);
    },
    destroy: function () {
      for (var i = 0; i < undos.length; i++) {
        try {
          undos[i]();
        } catch (e) {
          // keep undoing the rest
        }
      }
      undos = [];
      slots = [];
    },
  };
}
