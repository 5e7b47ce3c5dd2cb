import { Logger, Storage } from '../core/types';
import { HostWindow, LocalStorageLike } from './host';

/** Bounds of the in-memory fallback: keys, and characters of keys plus values (about 128 KB). */
export var MEMORY_MAX_KEYS = 16;
export var MEMORY_MAX_CHARS = 131072;

/**
 * Storage over window.localStorage, test-written at creation. Missing, throwing or full storage
 * degrades to a bounded in-memory map; no method ever throws. A value that localStorage refuses
 * (quota) is kept in memory instead, and memory is read first, so reads stay consistent.
 * `set` returns false only when the value could be kept nowhere (memory bounds reached); the key
 * then holds nothing, rather than an older value.
 */
export function createStorage(win: HostWindow, logger: Logger, prefix?: string): Storage {
  var p = prefix || 'tvt:';
  var local: LocalStorageLike | null = null;
  var mem: { [key: string]: string } = {};
  var keys = 0;
  var chars = 0;
  try {
    local = win.localStorage || null;
    if (local) {
      local.setItem(p + '~', '1');
      local.removeItem(p + '~');
    }
  } catch (e) {
    local = null;
  }
  if (!local) logger.info('tvt: storage in memory');

  function drop(k: string): void {
    if (mem.hasOwnProperty(k)) {
      keys--;
      chars -= k.length + mem[k].length;
      delete mem[k];
    }
  }

  return {
    get: function (key) {
      var k = p + key;
      if (mem.hasOwnProperty(k)) return mem[k];
      try {
        return local ? local.getItem(k) : null;
      } catch (e) {
        return null;
      }
    },
    set: function (key, value) {
      var k = p + key;
      if (local) {
        try {
          local.setItem(k, value);
          drop(k);
          return true;
        } catch (e) {
          // quota or a broken backend: keep this value in memory
          try {
            local.removeItem(k);
          } catch (e2) {
            // a stale value is shadowed by memory anyway
          }
        }
      }
      var had = mem.hasOwnProperty(k);
      var size = chars - (had ? k.length + mem[k].length : 0) + k.length + value.length;
      drop(k);
      if (size > MEMORY_MAX_CHARS || (!had && keys >= MEMORY_MAX_KEYS)) return false;
      mem[k] = value;
      keys++;
      chars += k.length + value.length;
      return true;
    },
    remove: function (key) {
      var k = p + key;
      drop(k);
      try {
        if (local) local.removeItem(k);
      } catch (e) {
        // nothing to undo
      }
    },
  };
}
