/** Shared pieces for the benchmarks: a manual clock, a silent transport, a Shaka-like player. */

export interface ManualClock {
  now(): number;
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: unknown): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 10, 21, 12)): ManualClock {
  // Plain arrays rather than a Map: the benchmark's own bookkeeping must not add heap noise.
  let now = 0;
  let nextId = 0;
  const ids: number[] = [];
  const due: number[] = [];
  const fns: (() => void)[] = [];
  return {
    now: () => start + now,
    monotonic: () => now,
    setTimeout(fn, ms) {
      ids.push(++nextId);
      due.push(now + ms);
      fns.push(fn);
      return nextId;
    },
    clearTimeout(id) {
      const i = ids.indexOf(id as number);
      if (i >= 0) {
        ids.splice(i, 1);
        due.splice(i, 1);
        fns.splice(i, 1);
      }
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let first = -1;
        for (let i = 0; i < due.length; i++) if (due[i] <= end && (first < 0 || due[i] < due[first])) first = i;
        if (first < 0) break;
        const fn = fns[first];
        now = due[first];
        ids.splice(first, 1);
        due.splice(first, 1);
        fns.splice(first, 1);
        fn();
      }
      now = end;
    },
  };
}

/** A collector outage: every request fails at once as a network error, so records stay queued. */
export const downTransport = {
  send(_request: unknown, done: (outcome: unknown) => void) {
    done({ kind: 'retryable', status: 0, retryAfterMs: null });
  },
  beacon: () => false,
};

export function fakePlayer() {
  // What the agent reads from the media element: position, frames, buffered and played ranges.
  const ranges = (end: () => number) => ({ length: 1, start: () => 0, end });
  const video = { currentTime: 0 };
  const media = Object.assign(video, {
    getVideoPlaybackQuality: () => ({ totalVideoFrames: video.currentTime * 25, droppedVideoFrames: 3 }),
    buffered: ranges(() => video.currentTime + 12),
    played: ranges(() => video.currentTime),
  });
  let filter: ((type: number, response: unknown) => void) | null = null;
  return {
    constructor: { version: 'v4.16.50' },
    getStats: () => ({
      streamBandwidth: 1200000,
      decodedFrames: video.currentTime * 25,
      droppedFrames: 3,
      playTime: video.currentTime,
      switchHistory: [{ bandwidth: 1200000 }],
    }),
    getVariantTracks: () => [{ bandwidth: 400000 }, { bandwidth: 1200000, active: true }, { bandwidth: 2500000 }],
    getBufferedInfo: () => ({ total: [{ start: 0, end: video.currentTime + 12 }] }),
    getMediaElement: () => media,
    getAssetUri: () => 'https://cdn.example.com/live/channel-1/manifest.mpd?token=abc',
    getPlayheadTimeAsDate: () => new Date(Date.UTC(2026, 10, 21, 12) + video.currentTime * 1000),
    getNetworkingEngine: () => ({ registerResponseFilter: (f: any) => (filter = f), unregisterResponseFilter: () => (filter = null) }),
    addEventListener() {},
    removeEventListener() {},
    advance(seconds: number) {
      video.currentTime += seconds;
      if (filter) filter(1, { data: { byteLength: 150000 * seconds }, timeMs: 120 * seconds });
    },
  };
}

export function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export const liveContent = {
  contentType: 'live-event',
  contentSource: 'IPTV',
  editorialId: 'bbc-one',
  programmeId: 'prog-20261121-1200',
  eventStart: Date.UTC(2026, 10, 21, 12),
};

export function benchProfile(extra: object = {}) {
  return {
    name: 'bench',
    vault: { endpoint: 'https://vault.example.com', metricsIntervalSeconds: 60, flushIntervalSeconds: 300 },
    channels: { 'bbc-one': { IPTV: '239.100.1.1', OTT: 'ott-bbc-one' } },
    ...extra,
  };
}
