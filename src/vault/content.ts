import { hasOwn, isPlainObject, isText, positiveOrNull } from '../core/values';
import { CONTENT_SOURCES } from '../profile/content-sources';
import { ContentSource, Profile } from '../profile/types';

/** What is played: a live event, live start-over or catch-up, a recording, video on demand. */
export type ContentType = 'live-event' | 'live-stcu-event' | 'start-over' | 'ltcu' | 'npvr-event' | 'vod-ed';
export var CONTENT_TYPES: ContentType[] = ['live-event', 'live-stcu-event', 'start-over', 'ltcu', 'npvr-event', 'vod-ed'];

/** The first three types count playbackProgress from the event/programme start, on the wall clock. */
var EVENT_RELATIVE_TYPES = 3;

/** What the app tells the agent about a playback (`agent.track`, `playback.update`). */
export interface ContentDescription {
  /** What is played: a live event, a start-over, a recording, video on demand… */
  contentType: ContentType;
  /** How it is delivered (default: the profile's `contentSource`; with `'Blend'`, decided by the stream URI). */
  contentSource?: ContentSource;
  /** The editorial channel or asset ID (1 to 256 characters). */
  editorialId: string;
  /** The technical channel ID; default: from the profile's `channels` map (or the HbbTV broadcast). */
  technicalId?: string;
  /** The programme ID; required for `'live-event'`. */
  programmeId?: string;
  /** Epoch ms of the event or programme start. */
  eventStart?: number;
  /** Kava only: the Kaltura entry ID. */
  entryId?: string;
  /** Kava only: the Kaltura session. */
  ks?: string;
  /** Kava only: the virtual event ID. */
  virtualEventId?: string | number;
}

export interface CheckedContent {
  contentType: ContentType;
  contentSource: ContentSource;
  editorialId: string;
  technicalId: string | null;
  programmeId: string | null;
  eventStart: number | null;
  eventRelative: boolean;
  raw: ContentDescription;
}

var KNOWN_KEYS = ['contentType', 'contentSource', 'editorialId', 'technicalId', 'programmeId', 'eventStart', 'entryId', 'ks', 'virtualEventId'];
var MAX_ID = 256;

export type ContentResult = { ok: true; content: CheckedContent; unknownKeys: string[] } | { ok: false; problems: string[] };

/** Validates a content description (IDs that depend on the stream are resolved later). */
export function checkContent(raw: unknown, profile: Profile): ContentResult {
  var problems: string[] = [];
  var unknownKeys: string[] = [];
  var content: CheckedContent | null = null;
  try {
    if (!isPlainObject(raw)) problems.push('content: must be an object');
    else {
      for (var key in raw) if (hasOwn(raw, key) && KNOWN_KEYS.indexOf(key) < 0) unknownKeys.push(key);
      var type = raw.contentType as ContentType;
      var source = (raw.contentSource === undefined ? profile.contentSource : raw.contentSource) as ContentSource;
      if (CONTENT_TYPES.indexOf(type) < 0) problems.push('contentType: must be one of ' + CONTENT_TYPES.join(', '));
      if (CONTENT_SOURCES.indexOf(source) < 0) problems.push('contentSource: must be one of ' + CONTENT_SOURCES.join(', '));
      else if (source === 'Blend' && !profile.blend.iptvUriPattern) problems.push('blend.iptvUriPattern: is required for Blend');
      checkId(raw, 'editorialId', true, problems);
      checkId(raw, 'technicalId', false, problems);
      checkId(raw, 'programmeId', type === 'live-event', problems);
      var start = raw.eventStart;
      var eventStart = positiveOrNull(start);
      if (start !== undefined && eventStart === null) problems.push('eventStart: must be epoch milliseconds');
      content = {
        contentType: type,
        contentSource: source,
        editorialId: raw.editorialId as string,
        technicalId: (raw.technicalId as string) || null,
        programmeId: (raw.programmeId as string) || null,
        eventStart: eventStart,
        eventRelative: CONTENT_TYPES.indexOf(type) < EVENT_RELATIVE_TYPES,
        raw: raw as unknown as ContentDescription,
      };
    }
  } catch (e) {
    problems = ['content: cannot be read (a getter or proxy threw)'];
  }
  return content && !problems.length ? { ok: true, unknownKeys: unknownKeys, content: content } : { ok: false, problems: problems };
}

function checkId(raw: { [key: string]: unknown }, name: string, required: boolean, problems: string[]): void {
  var value = raw[name];
  if (value === undefined || value === null) {
    if (required) problems.push(name + ': is required');
  } else if (!isText(value, MAX_ID)) {
    problems.push(name + ': must be a non-empty string, at most ' + MAX_ID + ' characters');
  }
}

/**
 * Which path the stream takes: the content source for IPTV and OTT; for Blend, the profile's URI
 * rule decides (null while the stream URI is not known yet).
 */
export function deliverySource(content: CheckedContent, profile: Profile, uri: string | null): 'IPTV' | 'OTT' | null {
  if (content.contentSource !== 'Blend') return content.contentSource;
  if (!uri) return null;
  return new RegExp(profile.blend.iptvUriPattern || '').test(uri) ? 'IPTV' : 'OTT';
}

/**
 * `uriNeeded`: the problem is only that the Blend path is not known before a stream URI is, which
 * says nothing against the content description.
 */
export type TechnicalIdResult = { ok: true; technicalId: string | null } | { ok: false; problem: string; uriNeeded: boolean };

/**
 * Technical channel ID in the contract's order: the app's, the profile's channel map for the source
 * in use, the tuned broadcast service on IPTV. Required only for live-event.
 */
export function resolveTechnicalId(content: CheckedContent, profile: Profile, uri: string | null, broadcastId: string | null): TechnicalIdResult {
  if (content.technicalId) return { ok: true, technicalId: content.technicalId };
  var source = deliverySource(content, profile, uri); // Blend: a RegExp, so only when needed
  var editorial = content.editorialId;
  var id = (source && hasOwn(profile.channels, editorial) && profile.channels[editorial][source]) || (source === 'IPTV' && broadcastId) || null;
  if (id || content.contentType !== 'live-event') return { ok: true, technicalId: id };
  return { ok: false, problem: 'technicalId: none for editorialId "' + editorial + '" on ' + (source || 'Blend (URI not known yet)'), uriNeeded: !source };
}
