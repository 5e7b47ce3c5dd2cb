import { attempt } from './guard';
import { Random } from './types';

var POOL_SIZE = 256;
/** Bytes from crypto.getRandomValues, fetched for 16 UUIDs at a time: a call into the engine is the dear part. */
var pool: Uint8Array | null = null;
var poolNext = POOL_SIZE;

/**
 * A random byte: from crypto.getRandomValues when no `random` is given and the engine has it (an
 * engine without it, or whose call throws, gets Math.random, and is asked again after 256 bytes).
 */
function randomByte(random: Random | null): number {
  if (!random && poolNext >= POOL_SIZE) {
    pool =
      typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function'
        ? attempt(function () {
            return crypto.getRandomValues(new Uint8Array(POOL_SIZE));
          }, null)
        : null;
    poolNext = 0;
  }
  return !random && pool ? pool[poolNext++] : ((random || Math.random)() * 256) & 255;
}

/** RFC 4122 version 4 UUID, lowercase. */
export function uuid4(random: Random | null): string {
  var text = '';
  for (var i = 0; i < 16; i++) {
    var byte = randomByte(random);
    if (i == 6) byte = (byte & 0x0f) | 0x40; // version 4
    if (i == 8) byte = (byte & 0x3f) | 0x80; // variant 10
    text += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (byte + 256).toString(16).substring(1);
  }
  return text;
}

export var UUID_PATTERN = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
