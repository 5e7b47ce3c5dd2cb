import { Random } from './types';

var HEX = '0123456789abcdef';

/** Random bytes from crypto.getRandomValues when the engine has it, else from `random`. */
export function randomBytes(count: number, random: Random | null): number[] {
  var out: number[] = [];
  var cryptoObj = !random && typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function' ? crypto : null;
  if (cryptoObj) {
    var buffer = new Uint8Array(count);
    cryptoObj.getRandomValues(buffer);
    for (var i = 0; i < count; i++) out.push(buffer[i]);
    return out;
  }
  var source = random || Math.random;
  for (var j = 0; j < count; j++) out.push(Math.floor(source() * 256) & 255);
  return out;
}

/** RFC 4122 version 4 UUID, lowercase. */
export function uuid4(random: Random | null): string {
  var bytes = randomBytes(16, random);
  var text = '';
  for (var i = 0; i < 16; i++) {
    var b = bytes[i];
    if (i === 6) b = (b & 0x0f) | 0x40;
    if (i === 8) b = (b & 0x3f) | 0x80;
    text += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
    if (i === 3 || i === 5 || i === 7 || i === 9) text += '-';
  }
  return text;
}

export var UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
