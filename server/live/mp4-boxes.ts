// Just enough ISO BMFF (MP4) parsing to loop fragmented MP4 segments as a live stream:
// read timescales and fragment timing, and rewrite the decode times in place.

export interface Box {
  type: string;
  /** Offset of the box header in the buffer. */
  start: number;
  /** Offset of the first byte after the size/type header (a full box's version comes next). */
  contentStart: number;
  end: number;
}

const CONTAINER_TYPES = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf']);

export function readBoxes(data: Buffer, start = 0, end = data.length): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    let headerSize = 8;
    if (size === 1) {
      size = Number(data.readBigUInt64BE(offset + 8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < headerSize || offset + size > end) {
      throw new Error(`malformed MP4: box '${type}' at ${offset} has size ${size}`);
    }
    boxes.push({ type, start: offset, contentStart: offset + headerSize, end: offset + size });
    offset += size;
  }
  return boxes;
}

/** Depth-first search for every box of a type, descending into the usual containers. */
export function findBoxes(data: Buffer, type: string, start = 0, end = data.length): Box[] {
  const found: Box[] = [];
  for (const box of readBoxes(data, start, end)) {
    if (box.type === type) found.push(box);
    if (CONTAINER_TYPES.has(box.type)) found.push(...findBoxes(data, type, box.contentStart, box.end));
  }
  return found;
}

function findOne(data: Buffer, type: string, start = 0, end = data.length): Box {
  const [box] = findBoxes(data, type, start, end);
  if (!box) throw new Error(`MP4 box '${type}' not found`);
  return box;
}

/** Timescale of the (single) track of an init segment, from its mdhd box. */
export function readTrackTimescale(init: Buffer): number {
  const mdhd = findOne(init, 'mdhd');
  const version = init.readUInt8(mdhd.contentStart);
  // version 1 has 64-bit creation and modification times before the timescale
  return init.readUInt32BE(mdhd.contentStart + (version === 1 ? 20 : 12));
}

/** default_sample_duration of the track extends box, used when a fragment gives none. */
export function readTrexDefaultDuration(init: Buffer): number {
  const [trex] = findBoxes(init, 'trex');
  return trex ? init.readUInt32BE(trex.contentStart + 12) : 0;
}

export interface FragmentTiming {
  /** baseMediaDecodeTime of the first track fragment, in track timescale units. */
  baseMediaDecodeTime: number;
  /** Sum of the sample durations of the first track fragment. */
  duration: number;
}

export function readFragmentTiming(segment: Buffer, trexDefaultDuration = 0): FragmentTiming {
  const moof = findOne(segment, 'moof');
  const traf = findOne(segment, 'traf', moof.contentStart, moof.end);
  return {
    baseMediaDecodeTime: readTfdt(segment, findOne(segment, 'tfdt', traf.contentStart, traf.end)),
    duration: trafDuration(segment, traf, trexDefaultDuration),
  };
}

function readTfdt(data: Buffer, tfdt: Box): number {
  const version = data.readUInt8(tfdt.contentStart);
  return version === 1 ? Number(data.readBigUInt64BE(tfdt.contentStart + 4)) : data.readUInt32BE(tfdt.contentStart + 4);
}

function trafDuration(data: Buffer, traf: Box, trexDefaultDuration: number): number {
  const tfhd = findOne(data, 'tfhd', traf.contentStart, traf.end);
  const tfhdFlags = data.readUInt32BE(tfhd.contentStart) & 0xffffff;
  let defaultDuration = trexDefaultDuration;
  if (tfhdFlags & 0x08) {
    // optional fields in order: base_data_offset (8), sample_description_index (4), duration
    let offset = tfhd.contentStart + 8;
    if (tfhdFlags & 0x01) offset += 8;
    if (tfhdFlags & 0x02) offset += 4;
    defaultDuration = data.readUInt32BE(offset);
  }
  let total = 0;
  for (const trun of findBoxes(data, 'trun', traf.contentStart, traf.end)) {
    const flags = data.readUInt32BE(trun.contentStart) & 0xffffff;
    const sampleCount = data.readUInt32BE(trun.contentStart + 4);
    let offset = trun.contentStart + 8;
    if (flags & 0x01) offset += 4; // data_offset
    if (flags & 0x04) offset += 4; // first_sample_flags
    const perSampleBytes = [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length * 4;
    for (let i = 0; i < sampleCount; i++) {
      total += flags & 0x100 ? data.readUInt32BE(offset) : defaultDuration;
      offset += perSampleBytes;
    }
  }
  return total;
}

/**
 * Returns a copy of a media segment whose decode times are moved by `shift` timescale units:
 * every tfdt and the sidx earliest_presentation_time; mfhd gets `sequenceNumber`.
 * Sizes never change, so data offsets inside the segment stay valid.
 */
export function shiftSegmentTime(segment: Buffer, shift: number, sequenceNumber: number): Buffer {
  const out = Buffer.from(segment);
  for (const tfdt of findBoxes(out, 'tfdt')) {
    const version = out.readUInt8(tfdt.contentStart);
    const time = readTfdt(out, tfdt) + shift;
    writeTime(out, tfdt.contentStart + 4, version, time, 'tfdt');
  }
  for (const sidx of readBoxes(out).filter((box) => box.type === 'sidx')) {
    const version = out.readUInt8(sidx.contentStart);
    const offset = sidx.contentStart + 12; // version/flags, reference_ID, timescale
    const time = (version === 1 ? Number(out.readBigUInt64BE(offset)) : out.readUInt32BE(offset)) + shift;
    writeTime(out, offset, version, time, 'sidx');
  }
  for (const mfhd of findBoxes(out, 'mfhd')) out.writeUInt32BE(sequenceNumber >>> 0, mfhd.contentStart + 4);
  return out;
}

function writeTime(data: Buffer, offset: number, version: number, time: number, what: string): void {
  if (time < 0) throw new Error(`${what} time would be negative (${time})`);
  if (version === 1) {
    data.writeBigUInt64BE(BigInt(time), offset);
  } else {
    // A version 0 box cannot grow without moving every data offset: refuse instead of wrapping.
    if (time > 0xffffffff) throw new Error(`${what} time ${time} does not fit a version 0 box`);
    data.writeUInt32BE(time, offset);
  }
}
