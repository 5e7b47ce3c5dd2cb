/**
 * Reads a Unix `ar` archive (the outer layer of a webOS .ipk, like a .deb): "!<arch>\n", then per
 * member a 60-byte header (name 16, mtime 12, uid 6, gid 6, mode 8, size 10, "`\n") and the data,
 * padded to an even length.
 */
export interface ArMember {
  name: string;
  data: Buffer;
}

const MAGIC = '!<arch>\n';

export function readAr(archive: Buffer): ArMember[] {
  if (archive.subarray(0, 8).toString('latin1') !== MAGIC) throw new Error('not an ar archive (no !<arch> magic)');
  const members: ArMember[] = [];
  let offset = 8;
  while (offset + 60 <= archive.length) {
    const header = archive.subarray(offset, offset + 60).toString('latin1');
    if (header.slice(58, 60) !== '`\n') throw new Error('ar: bad member header at byte ' + offset);
    const size = parseInt(header.slice(48, 58).trim(), 10);
    // GNU ar ends names with "/"; BSD-style padding is spaces
    const name = header.slice(0, 16).trim().replace(/\/$/, '');
    const start = offset + 60;
    if (!(size >= 0) || start + size > archive.length) throw new Error('ar: member ' + name + ' runs past the end');
    members.push({ name: name, data: archive.subarray(start, start + size) });
    offset = start + size + (size % 2);
  }
  return members;
}
