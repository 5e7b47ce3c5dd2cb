/**
 * A tiny PNG writer for the packages' app icons, so packaging needs no image tools or binary files
 * in the repository: an RGBA image from a per-pixel function, deflated with zlib.
 */
import * as zlib from 'zlib';

export type Rgba = [number, number, number, number];

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table: number[] = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table.push(c >>> 0);
  }
  return table;
})();

export function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** PNG (8-bit RGBA, no interlace) of width x height, each pixel from `pixel(x, y)`. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const rows = Buffer.alloc(height * (1 + width * 4));
  let i = 0;
  for (let y = 0; y < height; y++) {
    rows[i++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      for (let k = 0; k < 4; k++) rows[i++] = p[k];
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** The app icon: a play triangle on a rounded blue square, transparent outside. */
export function appIconPng(size: number): Buffer {
  const radius = size * 0.18;
  const inside = (x: number, y: number): boolean => {
    const cx = Math.min(Math.max(x, radius), size - radius);
    const cy = Math.min(Math.max(y, radius), size - radius);
    return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
  };
  const inTriangle = (x: number, y: number): boolean => {
    const left = size * 0.36;
    const right = size * 0.72;
    const half = (size * 0.36 * (right - x)) / (right - left) / 2;
    return x >= left && x <= right && Math.abs(y - size / 2) <= half;
  };
  return encodePng(size, size, (x, y) => {
    const px = x + 0.5;
    const py = y + 0.5;
    if (!inside(px, py)) return [0, 0, 0, 0];
    return inTriangle(px, py) ? [255, 255, 255, 255] : [30, 111, 217, 255];
  });
}
