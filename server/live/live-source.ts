// Loads a static DASH presentation (SegmentTemplate, $Number$) into memory as the material
// that the live stream loops: per representation its init segment, its media segments and
// their decode times.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { readFragmentTiming, readTrackTimescale, readTrexDefaultDuration } from './mp4-boxes';

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

  for (const set of period.AdaptationSet as XmlNode[]) {
    for (const rep of set.Representation as XmlNode[]) {
      const template = (rep.SegmentTemplate ?? set.SegmentTemplate) as XmlNode | undefined;
      if (!template) throw new Error(`live source: representation ${String(rep.id)} has no SegmentTemplate`);
      const mimeType = String(rep.mimeType ?? set.mimeType ?? '');
      const contentType = String(set.contentType ?? mimeType.split('/')[0]);
      if (contentType !== 'video' && contentType !== 'audio') continue;
      representations.push(loadRepresentation(baseDir, set, rep, template, contentType));
    }
  }
  if (representations.length === 0) throw new Error(`live source: no audio or video in ${manifestPath}`);
  return checkLoopable(representations, manifestPath);
}

function loadRepresentation(
  baseDir: string, set: XmlNode, rep: XmlNode, template: XmlNode, contentType: 'video' | 'audio',
): SourceRepresentation {
  const id = String(rep.id);
  const fileFor = (pattern: string, number?: number) =>
    join(baseDir, pattern.replace(/\$RepresentationID\$/g, id).replace(/\$Number\$/g, String(number)));
  const init = readFileSync(fileFor(String(template.initialization)));
  const timescale = readTrackTimescale(init);
  const trexDuration = readTrexDefaultDuration(init);

  const segments: SourceSegment[] = [];
  const startNumber = Number(template.startNumber ?? 1);
  for (let number = startNumber; existsSync(fileFor(String(template.media), number)); number++) {
    const data = readFileSync(fileFor(String(template.media), number));
    segments.push({ data, ...readFragmentTiming(data, trexDuration) });
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
    id, contentType, attributes, timescale, init, segments, firstDecodeTime,
    audioChannels: channelConfig ? String(channelConfig.value) : undefined,
    loopDuration: last.baseMediaDecodeTime + last.duration - firstDecodeTime,
  };
}

// Looping only works if every track loops after the same time and has the same segment count;
// otherwise audio and video would drift apart a little more on every loop.
function checkLoopable(representations: SourceRepresentation[], manifestPath: string): LiveSource {
  const [first] = representations;
  const loopSeconds = first.loopDuration / first.timescale;
  for (const rep of representations) {
    const seconds = rep.loopDuration / rep.timescale;
    if (Math.abs(seconds - loopSeconds) > 0.001) {
      throw new Error(`live source ${manifestPath}: representation ${rep.id} loops after ${seconds} s, ` +
        `representation ${first.id} after ${loopSeconds} s`);
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
