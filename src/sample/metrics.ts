import { round } from '../core/values';
import { PlayerReading } from '../player/types';

/** One interval's worth of metrics: counters as deltas since the previous sample, levels as read. */
export interface MetricsSample {
  positionSeconds: number | null;
  playheadDateMs: number | null;
  selectedBitrate: number | null;
  streamBitrate: number | null;
  availableBitrates: number[];
  bytesDownloaded: number | null;
  downloadBitRate: number | null;
  downloadBitrateAverage: number | null;
  bufferedDuration: number | null;
  droppedVideoFrames: number | null;
  totalVideoFrames: number | null;
  uri: string | null;
}

export interface Sampler {
  take(reading: PlayerReading): MetricsSample;
}

/** Per playback: turns cumulative readings into per-interval samples, from `baseline` on. */
export function createSampler(baseline: PlayerReading): Sampler {
  var previous = baseline;
  var first = baseline;
  return {
    take: function (now) {
      var frames = frameDeltas(previous, now);
      var sample: MetricsSample = {
        positionSeconds: seconds(now.positionSeconds),
        playheadDateMs: now.playheadDateMs,
        selectedBitrate: bits(now.selectedBandwidth),
        streamBitrate: bits(now.streamBandwidth),
        availableBitrates: now.availableBandwidths,
        bytesDownloaded: now.bytes === null || previous.bytes === null ? null : Math.max(0, now.bytes - previous.bytes),
        downloadBitRate: throughput(now.segmentBytes - previous.segmentBytes, now.segmentMs - previous.segmentMs),
        downloadBitrateAverage: throughput(now.segmentBytes - first.segmentBytes, now.segmentMs - first.segmentMs),
        bufferedDuration: seconds(now.bufferedAheadSeconds),
        droppedVideoFrames: frames ? frames.dropped : null,
        totalVideoFrames: frames ? frames.decoded : null,
        uri: now.uri,
      };
      previous = now;
      return sample;
    },
  };
}

function throughput(segmentBytes: number, segmentMs: number): number | null {
  return segmentMs > 0 && segmentBytes > 0 ? Math.round((segmentBytes * 8000) / segmentMs) : null;
}

/**
 * Frame counters for the interval, or null when the engine has none or they are stuck at zero while
 * the media played (its played ranges grew; some Tizen / Chrome 56 engines).
 */
function frameDeltas(before: PlayerReading, now: PlayerReading): { decoded: number; dropped: number } | null {
  if (now.decodedFrames === null || now.droppedFrames === null) return null;
  // load() gives the media element a new source, which restarts its counters: one that went down counts from zero.
  var decoded = delta(before.decodedFrames, now.decodedFrames);
  var dropped = delta(before.droppedFrames, now.droppedFrames);
  var played = now.playTimeSeconds !== null ? now.playTimeSeconds - (before.playTimeSeconds || 0) : 0;
  if (now.decodedFrames === 0 && played > 1) return null;
  return { decoded: decoded, dropped: dropped };
}

function delta(before: number | null, now: number): number {
  return before === null || before > now ? now : now - before;
}

function seconds(value: number | null): number | null {
  return value === null ? null : round(Math.max(0, value), 3);
}

function bits(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
