import { round } from '../core/values';
import { PlayerReading } from '../player/types';

/**
 * One interval's metrics under the contract's names and in its order (a record copies them as they
 * are): counters as deltas since the previous sample, levels as read.
 */
export interface MetricsSample {
  selectedBitrate: number | null;
  streamBitrate: number | null;
  availableBitrates: number[];
  bytesDownloaded: number | null;
  downloadBitRate: number | null;
  downloadBitrateAverage: number | null;
  bufferedDuration: number | null;
  droppedVideoFrames: number | null;
  totalVideoFrames: number | null;
}

/** Takes the sample of the interval that ends with `reading`. */
export type Sampler = (reading: PlayerReading) => MetricsSample;

/** Per playback: turns cumulative readings into per-interval samples, from `baseline` on. */
export function createSampler(baseline: PlayerReading): Sampler {
  var previous = baseline;
  return function (now) {
    // Frame counters, when the engine has them, unless stuck at zero while the media played (its
    // played ranges grew; some Tizen / Chrome 56 engines).
    var played = (now.playTimeSeconds || 0) - (previous.playTimeSeconds || 0);
    var decoded = now.decodedFrames;
    var dropped = now.droppedFrames;
    var frames = decoded !== null && dropped !== null && !(decoded === 0 && played > 1);
    var sample: MetricsSample = {
      selectedBitrate: rounded(now.selectedBandwidth, 0),
      streamBitrate: rounded(now.streamBandwidth, 0),
      availableBitrates: now.availableBandwidths,
      // (null in every reading of a player without a networking engine)
      bytesDownloaded: now.bytes === null ? null : Math.max(0, now.bytes - (previous.bytes || 0)),
      downloadBitRate: throughput(previous, now),
      downloadBitrateAverage: throughput(baseline, now),
      bufferedDuration: rounded(now.bufferedAheadSeconds, 3),
      droppedVideoFrames: frames && dropped !== null ? delta(previous.droppedFrames, dropped) : null,
      totalVideoFrames: frames && decoded !== null ? delta(previous.decodedFrames, decoded) : null,
    };
    previous = now;
    return sample;
  };
}

/** Bits per second over the segments fetched from the network between two readings. */
function throughput(from: PlayerReading, to: PlayerReading): number | null {
  var bytes = to.segmentBytes - from.segmentBytes;
  var ms = to.segmentMs - from.segmentMs;
  return ms > 0 && bytes > 0 ? Math.round((bytes * 8000) / ms) : null;
}

/** load() gives the media element a new source, which restarts its counters: one that went down counts from zero. */
function delta(before: number | null, now: number): number {
  return before === null || before > now ? now : now - before;
}

/** A level rounded to `digits` decimals (bits per second whole, seconds to the millisecond), never negative. */
export function rounded(value: number | null, digits: number): number | null {
  return value === null ? null : round(Math.max(0, value), digits);
}
