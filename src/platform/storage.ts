import { attempt } from '../core/guard';
import { Logger, Storage } from '../core/types';
import { hasOwn } from '../core/values';
import { HostWindow, LocalStorageLike } from './host';

/** Bounds of the in-memory fallback: keys, and characters of keys plus values (about 128 KB). */
export var MEMORY_MAX_KEYS = 16;
export var MEMORY_MAX_CHARS = 131072;

/**
 * Storage over window.localStorage, test-written at creation. Missing, throwing or full storage
 * degrades to a bounded in-memory map; no method ever throws. A value that localStorage refuses
 * (quota) is kept in memory instead, and memory is read first, so reads stay consistent.
 * `set` returns false only when the value could be kept nowhere (memory bounds reached, or a
 * `durable` value that localStorage refused); the key then holds nothing, rather than an older value.
 */
export function createStorage(win: HostWindow, logger: Logger, prefix?: string): Storage {
  var p = prefix || 'tvt:';
  var mem: { [key: string]: string } = {};
  var local: LocalStorageLike | null = attempt(function () {
    var ls = win.localStorage;
    if (ls) {
      ls.setItem(p + '~', '1');
      ls.removeItem(p + '~');
    }
    return ls || null;
  }, null);
  if (!local) logger.info('tvt: storage in memory');

  function removeLocal(k: string): void {
    attempt(function () {
      if (local) local.removeItem(k);
    }, undefined);
  }

  return {
    get: function (key) {
      var k = p + key;
      if (hasOwn(mem, k)) return mem[k];
      return attempt(function () {
        return local ? local.getItem(k) : null;
      }, null);
    },
    set: function (key, value, durable) {
      var k = p + key;
      delete mem[k];
      if (local) {
        try {
          local.setItem(k, value);
          return true;
        } catch (e) {
          removeLocal(k); // quota or a broken backend: keep this value in memory
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
      if (chars > MEMORY_MAX_CHARS || keys >= MEMORY_MAX_KEYS) return false;
      mem[k] = value;
      return true;
    },
    remove: function (key) {
      delete mem[p + key];
      removeLocal(p + key);
    },
  };
}

/** An app-given storage, held to our own's promise: a method that throws reads as absent or not kept. */
export function guardStorage(given: Storage): Storage {
  return {
    get: function (key) {
      var value = attempt(function () {
        return given.get(key);
      }, null);
      return typeof value === 'string' ? value : null;
    },
    set: function (key, value, durable) {
      return attempt(function () {
        return given.set(key, value, durable) !== false;
      }, false);
    },
    remove: function (key) {
      attempt(function () {
        given.remove(key);
      }, undefined);
    },
  };
}
