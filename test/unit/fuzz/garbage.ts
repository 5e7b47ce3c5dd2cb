/**
 * Hostile values for the fuzz suites, drawn from a seeded PRNG so a failure reproduces: set
 * FUZZ_SEED=<n> to replay a run (each suite prints its seed in its title).
 *
 * Every draw picks a family (nothing, numbers, strings, arrays, objects, traps), then a member:
 * NaN and ±Infinity, negative and huge numbers, huge and odd strings, prototype keys
 * (__proto__, constructor), objects whose getters, toString or valueOf throw, cyclic objects,
 * Proxies that throw on every trap, functions, symbols and BigInts (which JSON.stringify refuses).
 */
import { Random } from '../../../src/core/types';
import { seededRandom } from '../../helpers/env';

export var FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261121;

export interface Fuzzer {
  random: Random;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(list: T[]): T;
  chance(p: number): boolean;
  /** Any hostile value; `depth` bounds nesting. */
  any(depth?: number): unknown;
  number(): number;
  string(): string;
  /** An object of hostile fields (possibly with throwing getters or prototype keys). */
  object(depth?: number): { [key: string]: unknown };
}

/** One huge string shared by every draw (building a megabyte per draw would make the suites slow). */
var HUGE = new Array(1 << 20).join('x') + '?token=secret#frag';
var LONG_URI = 'https://cdn.example/' + new Array(5000).join('a/') + 'manifest.mpd?token=secret';

export var ODD_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  -1,
  -1e308,
  1e308,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  0.5,
  1.5,
  2.5e-7,
  1e21,
  4294967296,
  -4294967296,
];

export var ODD_STRINGS = [
  '',
  ' ',
  '\n\t\r',
  '0',
  '-1',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '{"a":1}',
  '[]',
  '\u0000\u0001\u001f',
  '\ud800', // a lone surrogate
  '\udfff\ud800',
  'é😀\u202e',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'https://cdn.example/a.mpd?token=secret#t=1',
  'dvb://1.2.3',
  'a'.repeat(256),
  'a'.repeat(257),
  HUGE,
  LONG_URI,
];

export function fuzzer(seed: number): Fuzzer {
  var random = seededRandom(seed);
  function int(n: number): number {
    return Math.floor(random() * n);
  }
  function pick<T>(list: T[]): T {
    return list[int(list.length)];
  }
  function number(): number {
    switch (int(4)) {
      case 0:
        return pick(ODD_NUMBERS);
      case 1:
        return (random() - 0.5) * Math.pow(10, int(40));
      case 2:
        return int(1000) - 500;
      default:
        return random() * 1e7;
    }
  }
  function string(): string {
    return random() < 0.7
      ? pick(ODD_STRINGS)
      : random()
          .toString(36)
          .substring(2, 2 + int(12));
  }
  function thrower(): never {
    throw new Error('fuzz: getter throws');
  }
  function trapProxy(): object {
    var handler: ProxyHandler<object> = {};
    ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'apply', 'construct'].forEach(function (trap) {
      (handler as any)[trap] = thrower;
    });
    return new Proxy({}, handler);
  }
  function object(depth?: number): { [key: string]: unknown } {
    var d = depth === undefined ? 2 : depth;
    var o: { [key: string]: unknown } = int(5) === 0 ? Object.create(null) : {};
    var n = int(6);
    for (var i = 0; i < n; i++) {
      var key = random() < 0.3 ? pick(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'toJSON', 'length', 'then']) : string().substring(0, 40);
      if (random() < 0.15) Object.defineProperty(o, key, { get: thrower, enumerable: true, configurable: true });
      else Object.defineProperty(o, key, { value: any(d - 1), enumerable: true, writable: true, configurable: true });
    }
    if (random() < 0.1) o.self = o; // cyclic
    return o;
  }
  function any(depth?: number): unknown {
    var d = depth === undefined ? 2 : depth;
    switch (int(d > 0 ? 12 : 8)) {
      case 0:
        return pick([undefined, null, true, false]);
      case 1:
      case 2:
        return number();
      case 3:
      case 4:
        return string();
      case 5:
        return pick([
          function () {
            return 1;
          },
          Symbol('fuzz'),
          BigInt(1) << BigInt(70),
          new Date(NaN),
          new Date(8.64e15),
          /x/g,
          new Uint8Array(4),
          new Error('fuzz error'),
        ]);
      case 6:
        return trapProxy();
      case 7:
        return pick([
          [],
          new Array(3), // holes
          { length: 1e15 }, // array-like that must not be walked
          JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
          {
            toString: thrower,
            valueOf: thrower,
            toJSON: thrower,
          },
        ]);
      case 8:
      case 9:
        return object(d);
      default:
        var list: unknown[] = [];
        var n = int(8);
        for (var i = 0; i < n; i++) list.push(any(d - 1));
        return list;
    }
  }
  return {
    random: random,
    int: int,
    pick: pick,
    chance: function (p) {
      return random() < p;
    },
    any: any,
    number: number,
    string: string,
    object: object,
  };
}
