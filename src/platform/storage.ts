import { attempt } from '../core/guard';
import { Logger, Storage } from '../core/types';
import { hasOwn } from '../core/values';
import { HostWindow, LocalStorageLike } from './host';

/** Bounds of the in-memory fallback: keys, and characters of keys plus values (about 128 KB). */
export var MEMORY_MAX_KEYS = 16;
export var MEMORY_MAX_CHARS = 131072;

export interface StorageOptions {
  window: HostWindow;
  logger: Logger;
  /** The app's storage (the agent's `storage` option), used instead of localStorage. */
  given?: Storage;
  /** Key prefix in localStorage (default "tvt:"). */
  prefix?: string;
}

/**
 * The platform's storage; no method ever throws.
 *
 * Without `given` (the app's storage): window.localStorage, test-written at creation, keys under `prefix` (default
 * "tvt:"). Missing, throwing or full storage degrades to a bounded in-memory map. A value that
 * localStorage refuses (quota) is kept in memory instead, and memory is read first, so reads stay
 * consistent. `set` returns false only when the value could be kept nowhere (memory bounds reached,
 * or a `durable` value that localStorage refused); the key then holds nothing, rather than an older
 * value.
 *
 * With `given` (an app-given storage, keys as they are): held to the same promise, so a method that
 * throws reads as absent or not kept, and a read that is not a string as absent.
 */
export function createStorage(options: StorageOptions): Storage {
  var win = options.window;
  var logger = options.logger;
  var given = options.given;
  var p = given ? '' : options.prefix || 'tvt:';
  var mem: { [key: string]: string } = {};
  var local: LocalStorageLike | null = given ? null : usableLocalStorage(win, p);
  if (!given && !local) logger.info('tv-telemetry: storage in memory');

  function remove(k: string): void {
    delete mem[k];
    attempt(function () {
      if (given) given.remove(k);
      else if (local) local.removeItem(k);
    });
  }

  return {
    get: function (key) {
      var k = p + key;
      return hasOwn(mem, k)
        ? mem[k]
        : attempt(function () {
            var value = given ? given.get(k) : local ? local.getItem(k) : null;
            return typeof value == 'string' ? value : null;
          }, null);
    },
    set: function (key, value, durable) {
      var k = p + key;
      if (given) {
        var app = given;
        return attempt(function () {
          return app.set(k, value, durable) !== false;
        }, false);
      }
      delete mem[k];
      if (local) {
        try {
          local.setItem(k, value);
          return true;
        } catch (e) {
          remove(k); // quota or a broken backend: keep this value in memory
        }
      }
      if (durable) return false;
      // The memory map holds at most 16 keys: counting it afresh is cheap.
      var keys = 0;
      var chars = k.length + value.length;
      for (var other in mem) {
        keys++;
        chars += other.length + mem[other].length;
      }
      var fits = chars <= MEMORY_MAX_CHARS && keys < MEMORY_MAX_KEYS;
      if (fits) mem[k] = value;
      return fits;
    },
    remove: function (key) {
      remove(p + key);
    },
  };
}

/** The window's localStorage if it takes a write (test-written under the bare prefix, a key the agent never uses), else null. */
function usableLocalStorage(win: HostWindow, prefix: string): LocalStorageLike | null {
  return attempt(function () {
    var ls = win.localStorage; // reading it throws where storage is disabled
    if (!ls) return null;
    ls.setItem(prefix, prefix); // throws when full or refused
    ls.removeItem(prefix);
    return ls;
  }, null);
}
