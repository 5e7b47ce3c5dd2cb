// Loads a static DASH presentation (SegmentTemplate, $Number$) into memory as the material
// that the live stream loops: per representation its init segment, its media segments and
// their decode times.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { readFragmentTiming, readTrackTimescale, readTrexDefaultDuration } from './mp4-boxes';
import { readClusterTimecode, readWebmTimescale } from './webm-clusters';

/** fMP4 (init .mp4, media .m4s) or WebM (both .webm), from the source's mimeType. */
export type LiveContainer = 'mp4' | 'webm';

export interface SourceSegment {
  data: Buffer;
  baseMediaDecodeTime: number;
  duration: number;
}

export interface SourceRepresentation {
  id: string;
  contentType: 'video' | 'audio';
  /** Attributes copied to the live manifest's Representation element. */
  attributes: Record<string, string>;
  audioChannels?: string;
  timescale: number;
  init: Buffer;
  segments: SourceSegment[];
  /** Decode time of the first source segment. */
  firstDecodeTime: number;
  /** Length of one loop in timescale units: the sum of all segment durations. */
  loopDuration: number;
}

export interface LiveSource {
  container: LiveContainer;
  representations: SourceRepresentation[];
  segmentCount: number;
  /** Nominal segment duration in seconds (loop length / segment count). */
  segmentSeconds: number;
  loopSeconds: number;
}

const COPIED_ATTRIBUTES = ['mimeType', 'codecs', 'bandwidth', 'width', 'height', 'frameRate', 'sar', 'audioSamplingRate'];

type XmlNode = Record<string, unknown>;

export function loadLiveSource(manifestPath: string): LiveSource {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['Period', 'AdaptationSet', 'Representation', 'S'].includes(name),
  });
  const mpd = (parser.parse(readFileSync(manifestPath, 'utf8')) as { MPD: XmlNode }).MPD;
  const [period] = mpd.Period as XmlNode[];
  const baseDir = dirname(manifestPath);
  const representations: SourceRepresentation[] = [];
  let container: LiveContainer = 'mp4';

  for (const set of period.AdaptationSet as XmlNode[]) {
    for (const rep of set.Representation as XmlNode[]) {
      const template = (rep.SegmentTemplate ?? set.SegmentTemplate) as XmlNode | undefined;
      if (!template) throw new Error(`live source: representation ${String(rep.id)} has no SegmentTemplate`);
      const mimeType = String(rep.mimeType ?? set.mimeType ?? '');
      const contentType = String(set.contentType ?? mimeType.split('/')[0]);
      if (contentType !== 'video' && contentType !== 'audio') continue;
      if (mimeType.indexOf('webm') >= 0) container = 'webm';
      representations.push(loadRepresentation(baseDir, set, rep, template, contentType, container));
    }
  }
  if (representations.length === 0) throw new Error(`live source: no audio or video in ${manifestPath}`);
  if (container === 'webm') endWebmLoops(representations);
  return { container, ...checkLoopable(representations, manifestPath) };
}

function loadRepresentation(
  baseDir: string,
  set: XmlNode,
  rep: XmlNode,
  template: XmlNode,
  contentType: 'video' | 'audio',
  container: LiveContainer
): SourceRepresentation {
  const id = String(rep.id);
  const fileFor = (pattern: string, number?: number) => join(baseDir, pattern.replace(/\$RepresentationID\$/g, id).replace(/\$Number\$/g, String(number)));
  const init = readFileSync(fileFor(String(template.initialization)));
  const timescale = container === 'webm' ? readWebmTimescale(init) : readTrackTimescale(init);
  const trexDuration = container === 'webm' ? 0 : readTrexDefaultDuration(init);

  const segments: SourceSegment[] = [];
  const startNumber = Number(template.startNumber ?? 1);
  for (let number = startNumber; existsSync(fileFor(String(template.media), number)); number++) {
    const data = readFileSync(fileFor(String(template.media), number));
    segments.push(
      container === 'webm' ? { data, baseMediaDecodeTime: readClusterTimecode(data), duration: 0 } : { data, ...readFragmentTiming(data, trexDuration) }
    );
  }
  if (container === 'webm') {
    // a Cluster lasts until the next one; the last until the loop ends (endWebmLoops)
    segments.forEach((segment, i) => {
      const next = segments[i + 1];
      segment.duration = next ? next.baseMediaDecodeTime - segment.baseMediaDecodeTime : i > 0 ? segments[i - 1].duration : 0;
    });
  }
  if (segments.length === 0) throw new Error(`live source: no media segments for representation ${id}`);

  const attributes: Record<string, string> = {};
  for (const name of COPIED_ATTRIBUTES) {
    const value = rep[name] ?? set[name];
    if (value !== undefined) attributes[name] = String(value);
  }
  const channelConfig = (rep.AudioChannelConfiguration ?? set.AudioChannelConfiguration) as XmlNode | undefined;
  const firstDecodeTime = segments[0].baseMediaDecodeTime;
  const last = segments[segments.length - 1];
  return {
    id,
    contentType,
    attributes,
    timescale,
    init,
    segments,
    firstDecodeTime,
    audioChannels: channelConfig ? String(channelConfig.value) : undefined,
    loopDuration: last.baseMediaDecodeTime + last.duration - firstDecodeTime,
  };
}

// A WebM Cluster carries no duration: the last one of each track lasts until the first video
// track's loop ends (its segments are whole GOPs of the nominal length), so every track loops together.
function endWebmLoops(representations: SourceRepresentation[]): void {
  const video = representations.find((rep) => rep.contentType === 'video') ?? representations[0];
  const loopSeconds = video.loopDuration / video.timescale;
  for (const rep of representations) {
    const last = rep.segments[rep.segments.length - 1];
    last.duration = Math.round(loopSeconds * rep.timescale) - (last.baseMediaDecodeTime - rep.firstDecodeTime);
    rep.loopDuration = last.baseMediaDecodeTime + last.duration - rep.firstDecodeTime;
  }
}

// Looping only works if every track loops after the same time and has the same segment count;
// otherwise audio and video would drift apart a little more on every loop.
function checkLoopable(representations: SourceRepresentation[], manifestPath: string): Omit<LiveSource, 'container'> {
  const [first] = representations;
  const loopSeconds = first.loopDuration / first.timescale;
  for (const rep of representations) {
    const seconds = rep.loopDuration / rep.timescale;
    if (Math.abs(seconds - loopSeconds) > 0.001) {
      throw new Error(`live source ${manifestPath}: representation ${rep.id} loops after ${seconds} s, ` + `representation ${first.id} after ${loopSeconds} s`);
    }
    if (rep.segments.length !== first.segments.length) {
      throw new Error(`live source ${manifestPath}: representations have different segment counts`);
    }
  }
  return {
    representations,
    segmentCount: first.segments.length,
    segmentSeconds: loopSeconds / first.segments.length,
    loopSeconds,
  };
}
