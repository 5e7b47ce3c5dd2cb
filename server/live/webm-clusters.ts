// Just enough WebM (EBML) parsing to loop WebM DASH segments as a live stream: each segment is one
// Cluster whose Timecode is the only absolute time in it (blocks are relative to it), so moving a
// segment in time rewrites that one element.

const CLUSTER_ID = 0x1f43b675;
const TIMECODE_ID = 0xe7;
const TIMECODE_SCALE_ID = [0x2a, 0xd7, 0xb1];
const DEFAULT_TIMECODE_SCALE_NS = 1000000;

interface Vint {
  value: number;
  length: number;
}

/** An EBML variable-length integer (the size of an element) at `offset`. */
function readVint(data: Buffer, offset: number): Vint {
  const first = data[offset];
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8) throw new Error(`malformed WebM: bad size at ${offset}`);
  let value = first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + data[offset + i];
  return { value, length };
}

function readUnsigned(data: Buffer, offset: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + data[offset + i];
  return value;
}

interface ClusterLayout {
  /** Offset of the Cluster's content (after its ID and size). */
  contentStart: number;
  contentEnd: number;
  timecode: number;
  /** The Timecode element's end: the blocks follow. */
  timecodeEnd: number;
}

function clusterLayout(segment: Buffer): ClusterLayout {
  if (segment.readUInt32BE(0) !== CLUSTER_ID) throw new Error('malformed WebM: a segment must start with a Cluster');
  const size = readVint(segment, 4);
  const contentStart = 4 + size.length;
  const contentEnd = Math.min(segment.length, contentStart + size.value);
  if (segment[contentStart] !== TIMECODE_ID) throw new Error('malformed WebM: the Cluster does not start with its Timecode');
  const timecodeSize = readVint(segment, contentStart + 1);
  const valueStart = contentStart + 1 + timecodeSize.length;
  return { contentStart, contentEnd, timecode: readUnsigned(segment, valueStart, timecodeSize.value), timecodeEnd: valueStart + timecodeSize.value };
}

/** Ticks per second of the Cluster timecodes (1000 for WebM's default TimecodeScale of 1 ms). */
export function readWebmTimescale(init: Buffer): number {
  for (let i = 0; i + 3 < init.length; i++) {
    if (init[i] === TIMECODE_SCALE_ID[0] && init[i + 1] === TIMECODE_SCALE_ID[1] && init[i + 2] === TIMECODE_SCALE_ID[2]) {
      const size = readVint(init, i + 3);
      return 1e9 / readUnsigned(init, i + 3 + size.length, size.value);
    }
  }
  return 1e9 / DEFAULT_TIMECODE_SCALE_NS;
}

export function readClusterTimecode(segment: Buffer): number {
  return clusterLayout(segment).timecode;
}

/** A copy of the segment with its Cluster Timecode moved by `shift` (the Cluster's size follows). */
export function shiftClusterTime(segment: Buffer, shift: number): Buffer {
  const layout = clusterLayout(segment);
  const timecode = Buffer.alloc(10);
  timecode[0] = TIMECODE_ID;
  timecode[1] = 0x88; // 8 bytes
  timecode.writeBigUInt64BE(BigInt(layout.timecode + shift), 2);
  const blocks = segment.subarray(layout.timecodeEnd, layout.contentEnd);
  const size = Buffer.alloc(8); // an 8-byte size: marker 0x01, then 7 bytes of length
  size.writeBigUInt64BE(BigInt(timecode.length + blocks.length), 0);
  size[0] = 0x01;
  return Buffer.concat([segment.subarray(0, 4), size, timecode, blocks, segment.subarray(layout.contentEnd)]);
}
