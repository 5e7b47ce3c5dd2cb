import { Random } from '../../src/core/types';

/** Deterministic uniform numbers in [0, 1) (mulberry32): distinct UUIDs, repeatable runs. */
export function seededRandom(seed?: number): Random {
  var state = (seed === undefined ? 0x2545f491 : seed) >>> 0;
  return function () {
    state = (state + 0x6d2b79f5) >>> 0;
    var t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
