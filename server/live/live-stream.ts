// A live stream made by looping a static source forever. Segment N covers presentation time
// [N, N+1) x segmentSeconds after availabilityStartTime; its media is source segment N mod count
// with its decode times moved forward by the whole loops played before it.
import { shiftSegmentTime } from './mp4-boxes';
import { shiftClusterTime } from './webm-clusters';
import type { LiveSource, SourceRepresentation } from './live-source';

export interface LiveStreamOptions {
  source: LiveSource;
  /** Wall-clock time (ms since epoch) at which segment 0 starts. */
  availabilityStartTime: number;
  timeShiftBufferDepthSeconds?: number;
  suggestedPresentationDelaySeconds?: number;
  minimumUpdatePeriodSeconds?: number;
}

export type LiveFile =
  | { kind: 'manifest'; contentType: string; body: Buffer }
  | { kind: 'segment'; contentType: string; body: Buffer }
  | { kind: 'other'; contentType: string; body: Buffer }
  | { kind: 'missing'; reason: string };

/** Allow a request this early for a segment that is just completing (clock jitter). */
const AVAILABILITY_TOLERANCE_MS = 1000;

export interface LiveStream {
  readonly availabilityStartTime: number;
  readonly segmentSeconds: number;
  /** Answers a path relative to the live root, e.g. "manifest.mpd" or "seg-1-1234.m4s". */
  get(path: string, nowMs: number): LiveFile;
  dashManifest(nowMs: number): string;
  hlsMasterPlaylist(): string;
  hlsMediaPlaylist(representationId: string, nowMs: number): string | undefined;
}

export function createLiveStream(options: LiveStreamOptions): LiveStream {
  const { source, availabilityStartTime } = options;
  const timeShiftBufferDepth = options.timeShiftBufferDepthSeconds ?? 300;
  const presentationDelay = options.suggestedPresentationDelaySeconds ?? 6;
  const updatePeriod = options.minimumUpdatePeriodSeconds ?? 10;
  const segmentSeconds = source.segmentSeconds;
  const byId = new Map(source.representations.map((rep) => [rep.id, rep]));
  const webm = source.container === 'webm';
  // WebM has no HLS: only the DASH manifest names these
  const initExtension = webm ? 'webm' : 'mp4';
  const mediaExtension = webm ? 'webm' : 'm4s';

  function segment(rep: SourceRepresentation, number: number): Buffer {
    const loop = Math.floor(number / source.segmentCount);
    const src = rep.segments[number % source.segmentCount];
    const shift = loop * rep.loopDuration - rep.firstDecodeTime;
    return webm ? shiftClusterTime(src.data, shift) : shiftSegmentTime(src.data, shift, number + 1);
  }

  /** Number of the newest segment whose end is at or before now, or -1 before the first one. */
  function newestAvailable(nowMs: number): number {
    return Math.floor((nowMs - availabilityStartTime) / 1000 / segmentSeconds) - 1;
  }

  function dashManifest(nowMs: number): string {
    const sets = (['video', 'audio'] as const)
      .map((contentType, index) => {
        const reps = source.representations.filter((rep) => rep.contentType === contentType);
        if (reps.length === 0) return '';
        const { timescale } = reps[0];
        const representations = reps
          .map((rep) => {
            const attrs = Object.entries(rep.attributes)
              .map(([k, v]) => ` ${k}="${v}"`)
              .join('');
            const channels = rep.audioChannels
              ? `\n        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${rep.audioChannels}"/>\n      `
              : '';
            return `      <Representation id="${rep.id}"${attrs}>${channels}</Representation>`;
          })
          .join('\n');
        return `    <AdaptationSet id="${index}" contentType="${contentType}" segmentAlignment="true" startWithSAP="1">
      <SegmentTemplate timescale="${timescale}" duration="${Math.round(segmentSeconds * timescale)}" startNumber="0" initialization="init-$RepresentationID$.${initExtension}" media="seg-$RepresentationID$-$Number$.${mediaExtension}"/>
${representations}
    </AdaptationSet>`;
      })
      .filter(Boolean)
      .join('\n');

    return `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="dynamic"
  availabilityStartTime="${isoSeconds(availabilityStartTime)}" publishTime="${isoSeconds(nowMs)}"
  minimumUpdatePeriod="PT${updatePeriod}S" timeShiftBufferDepth="PT${timeShiftBufferDepth}S"
  suggestedPresentationDelay="PT${presentationDelay}S" minBufferTime="PT${segmentSeconds}S" maxSegmentDuration="PT${segmentSeconds}S">
  <Period id="0" start="PT0S">
${sets}
  </Period>
  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="time"/>
</MPD>
`;
  }

  function hlsMasterPlaylist(): string {
    const audio = source.representations.filter((rep) => rep.contentType === 'audio');
    const video = source.representations.filter((rep) => rep.contentType === 'video');
    const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
    audio.forEach((rep, i) => {
      lines.push(
        `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio ${i}",DEFAULT=${i === 0 ? 'YES' : 'NO'},` +
          `AUTOSELECT=YES,CHANNELS="${rep.audioChannels ?? '2'}",URI="playlist-${rep.id}.m3u8"`
      );
    });
    const audioBandwidth = audio.length ? Number(audio[0].attributes.bandwidth ?? 0) : 0;
    const audioCodecs = audio.length ? `,${audio[0].attributes.codecs}` : '';
    for (const rep of video) {
      const a = rep.attributes;
      lines.push(
        `#EXT-X-STREAM-INF:BANDWIDTH=${Number(a.bandwidth ?? 0) + audioBandwidth},` +
          `CODECS="${a.codecs}${audioCodecs}",RESOLUTION=${a.width}x${a.height}` +
          (a.frameRate ? `,FRAME-RATE=${evalFrameRate(a.frameRate)}` : '') +
          (audio.length ? ',AUDIO="audio"' : '')
      );
      lines.push(`playlist-${rep.id}.m3u8`);
    }
    return lines.join('\n') + '\n';
  }

  function hlsMediaPlaylist(representationId: string, nowMs: number): string | undefined {
    const rep = byId.get(representationId);
    if (!rep) return undefined;
    const last = newestAvailable(nowMs);
    const windowSize = Math.max(1, Math.floor(timeShiftBufferDepth / segmentSeconds));
    const first = Math.max(0, last - windowSize + 1);
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      `#EXT-X-TARGETDURATION:${Math.ceil(segmentSeconds)}`,
      `#EXT-X-MEDIA-SEQUENCE:${first}`,
      '#EXT-X-INDEPENDENT-SEGMENTS',
      `#EXT-X-MAP:URI="init-${rep.id}.mp4"`,
    ];
    for (let number = first; number <= last; number++) {
      const src = rep.segments[number % source.segmentCount];
      if (number === first) {
        // The date of the first listed segment's real start; later ones follow from EXTINF.
        const loop = Math.floor(number / source.segmentCount);
        const decodeTime = loop * rep.loopDuration + src.baseMediaDecodeTime - rep.firstDecodeTime;
        lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(availabilityStartTime + (decodeTime / rep.timescale) * 1000).toISOString()}`);
      }
      lines.push(`#EXTINF:${(src.duration / rep.timescale).toFixed(5)},`, `seg-${rep.id}-${number}.m4s`);
    }
    return lines.join('\n') + '\n';
  }

  function get(path: string, nowMs: number): LiveFile {
    if (path === 'manifest.mpd') {
      return { kind: 'manifest', contentType: 'application/dash+xml', body: Buffer.from(dashManifest(nowMs)) };
    }
    if (webm && /\.m3u8$/.test(path)) return { kind: 'missing', reason: 'no HLS for a WebM source' };
    if (path === 'master.m3u8') {
      return { kind: 'manifest', contentType: 'application/vnd.apple.mpegurl', body: Buffer.from(hlsMasterPlaylist()) };
    }
    if (path === 'time') {
      return { kind: 'other', contentType: 'text/plain', body: Buffer.from(new Date(nowMs).toISOString()) };
    }
    let match = /^playlist-(.+)\.m3u8$/.exec(path);
    if (match) {
      const playlist = hlsMediaPlaylist(match[1], nowMs);
      return playlist === undefined
        ? { kind: 'missing', reason: `no representation ${match[1]}` }
        : { kind: 'manifest', contentType: 'application/vnd.apple.mpegurl', body: Buffer.from(playlist) };
    }
    match = new RegExp(`^init-(.+)\\.${initExtension}$`).exec(path);
    if (match) {
      const rep = byId.get(match[1]);
      return rep
        ? { kind: 'segment', contentType: rep.attributes.mimeType ?? 'video/mp4', body: rep.init }
        : { kind: 'missing', reason: `no representation ${match[1]}` };
    }
    match = new RegExp(`^seg-(.+)-(\\d+)\\.${mediaExtension}$`).exec(path);
    if (match) {
      const rep = byId.get(match[1]);
      const number = Number(match[2]);
      if (!rep) return { kind: 'missing', reason: `no representation ${match[1]}` };
      const segmentEnd = availabilityStartTime + (number + 1) * segmentSeconds * 1000;
      if (segmentEnd > nowMs + AVAILABILITY_TOLERANCE_MS) {
        return { kind: 'missing', reason: `segment ${number} is not available yet` };
      }
      return { kind: 'segment', contentType: webm ? rep.attributes.mimeType : 'video/iso.segment', body: segment(rep, number) };
    }
    return { kind: 'missing', reason: `unknown live path ${path}` };
  }

  return { availabilityStartTime, segmentSeconds, get, dashManifest, hlsMasterPlaylist, hlsMediaPlaylist };
}

/** ISO 8601 without milliseconds when they are zero, as most packagers write it. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function evalFrameRate(frameRate: string): string {
  const [num, den] = frameRate.split('/').map(Number);
  return (den ? num / den : num).toFixed(3);
}
