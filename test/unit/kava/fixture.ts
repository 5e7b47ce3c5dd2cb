/**
 * Kava test fixture: a Shaka-like player (the shared FakePlayer plus the API Kava reads) with a
 * scriptable media element, an agent running the Kava plugin over a scripted transport, and the
 * events as the collector would parse them.
 */
import * as sinon from 'sinon';
import { AgentOptions } from '../../../src/agent/agent';
import { Playback } from '../../../src/agent/playback';
import { plugin } from '../../../src/kava';
import { ContentDescription } from '../../../src/vault/content';
import { flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { FakeMedia as SharedMedia, FakePlayer, REQUEST_MANIFEST, REQUEST_SEGMENT } from '../../helpers/fake-player';
import { HttpRequest } from '../../../src/core/types';
import { ScriptedTransport, Step } from '../../helpers/scripted-transport';

export { START };
export var KAVA_ENDPOINT = 'https://analytics.example/api_v3/index.php';
export var VOD_URI = 'https://cdn.example/vod/movie/manifest.mpd';
export var HLS_URI = 'https://cdn.example/live/ch-1/master.m3u8?token=1';
export var ENTRY = '1_abcdef';
export var PARTNER = 1234;

type Listener = (event: any) => void;

/** The shared media element plus the state Kava reads and the events it listens to. */
export class FakeMedia extends SharedMedia {
  duration = NaN;
  paused = true;
  ended = false;
  readyState = 0;
  playbackRate = 1;
  muted = false;
  volume = 1;
  listeners: { [type: string]: Listener[] } = {};
  rect: { left: number; top: number; right: number; bottom: number; width: number; height: number } | null = null;

  addEventListener(type: string, listener: Listener): void {
    (this.listeners[type] = this.listeners[type] || []).push(listener);
  }
  removeEventListener(type: string, listener: Listener): void {
    var list = this.listeners[type] || [];
    var i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }
  fire(type: string): void {
    (this.listeners[type] || []).slice().forEach(function (l) {
      l({ type: type });
    });
  }
  listenerCount(): number {
    var n = 0;
    for (var type in this.listeners) n += this.listeners[type].length;
    return n;
  }
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number; height: number } {
    return this.rect || { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };
  }
}

/** FakePlayer plus manifest type, configuration, seek range, playback rate and text tracks. */
export class KavaFakePlayer extends FakePlayer {
  video = new FakeMedia();
  manifestType: string | null = null;
  bufferingGoal = 10;
  range = { start: 0, end: 0 };
  rate = 1;
  textTracks: Array<{ id: number; language: string; active: boolean }> = [];
  textVisible = false;
  audioLanguage = 'en';

  constructor() {
    super();
    this.media = this.video;
  }

  getMediaElement(): FakeMedia {
    return this.video;
  }
  getManifestType(): string | null {
    return this.manifestType;
  }
  getConfiguration(): { streaming: { bufferingGoal: number } } {
    return { streaming: { bufferingGoal: this.bufferingGoal } };
  }
  seekRange(): { start: number; end: number } {
    return this.range;
  }
  getPlaybackRate(): number {
    return this.rate;
  }
  getTextTracks(): Array<{ id: number; language: string; active: boolean }> {
    return this.textTracks;
  }
  isTextTrackVisible(): boolean {
    return this.textVisible;
  }
  getVariantTracks(): any[] {
    var language = this.audioLanguage;
    return super.getVariantTracks().map(function (t) {
      return { id: t.id, bandwidth: t.bandwidth, videoBandwidth: t.bandwidth - 64000, active: t.active, language: language };
    });
  }
}

export interface Kava extends TestAgent {
  player: KavaFakePlayer;
  playback: Playback | null;
}

export var BASE_KAVA = { enabled: true, endpoint: KAVA_ENDPOINT, partnerId: PARTNER };

/** A content description with the Kava entry. */
export function content(extra?: Partial<ContentDescription>): ContentDescription {
  var c: any = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'content-5', entryId: ENTRY };
  for (var k in extra || {}) c[k] = (extra as any)[k];
  return c;
}

/** An agent with the Kava plugin (kava section merged over BASE_KAVA) and a transport answering at once. */
export function startKava(
  timers: sinon.SinonFakeTimers,
  kava?: { [key: string]: unknown },
  options?: Partial<AgentOptions> & { transport?: ScriptedTransport; profile?: { [key: string]: unknown } }
): Kava {
  var section: { [key: string]: unknown } = {};
  var key: string;
  for (key in BASE_KAVA) section[key] = (BASE_KAVA as any)[key];
  for (key in kava || {}) section[key] = kava![key];
  var profileExtra: { [key: string]: unknown } = { kava: section };
  for (key in (options && options.profile) || {}) profileExtra[key] = options!.profile![key];
  var agentOptions: any = { plugins: [plugin], transport: (options && options.transport) || new ScriptedTransport(0) };
  for (key in options || {}) if (key !== 'profile') agentOptions[key] = (options as any)[key];
  var t = startAgent(timers, profileExtra, agentOptions) as Kava;
  t.player = new KavaFakePlayer();
  t.playback = null;
  return t;
}

/**
 * Lets the channel deliver what is queued: it sends right after an enqueue, each answer scheduling
 * the next send, and fake timers put a 0 ms timer set inside a tick 1 ms later.
 */
export function settle(timers: sinon.SinonFakeTimers): void {
  timers.tick(20);
}

/** Tracks the player, then loads `uri` as Shaka would: load(), tracks, manifest, `loaded`. */
export async function loadMedia(
  k: Kava,
  opts?: { uri?: string; duration?: number; live?: boolean; manifestType?: string | null; contentExtra?: Partial<ContentDescription> }
): Promise<void> {
  var o = opts || {};
  var player = k.player;
  if (!k.playback) k.playback = k.agent.track(player as any, content(o.contentExtra));
  var uri = o.uri || VOD_URI;
  player.load(uri);
  player.resetCounters();
  player.video.ended = false;
  player.video.paused = true;
  player.live = !!o.live;
  player.video.duration = o.live ? Infinity : o.duration === undefined ? 100 : o.duration;
  player.manifestType = o.manifestType === undefined ? (/\.m3u8/.test(uri) ? 'HLS' : 'DASH') : o.manifestType;
  player.download(REQUEST_MANIFEST, 5000, 120);
  player.setVariants([564000, 1064000, 2064000], 1); // trackschanged
  player.resolveLoad();
  await flushPromises();
  player.emit('loaded');
  settle(k.timers);
}

/** The viewer presses play; the first frame comes after `joinMs` (buffering meanwhile). */
export function play(k: Kava, joinMs?: number): void {
  var v = k.player.video;
  v.paused = false;
  v.fire('play');
  if (joinMs) {
    k.player.emit('buffering', { buffering: true });
    k.timers.tick(joinMs);
    k.player.emit('buffering', { buffering: false });
  }
  v.readyState = 4;
  v.fire('playing');
  settle(k.timers);
}

/** Plays `seconds` of media in quarter-second steps: the playhead, the counters and the clock move together. */
export function advance(k: Kava, seconds: number, segmentEvery?: number): void {
  for (var i = 0; i < seconds * 4; i++) {
    k.player.play(0.25);
    if (segmentEvery && i % (segmentEvery * 4) === 0) k.player.download(REQUEST_SEGMENT, 250000, 400);
    k.timers.tick(250);
  }
}

export function pause(k: Kava): void {
  k.player.video.paused = true;
  k.player.video.fire('pause');
  settle(k.timers);
}

export function resume(k: Kava): void {
  k.player.video.paused = false;
  k.player.video.fire('play');
  k.player.video.fire('playing');
  settle(k.timers);
}

export function seek(k: Kava, to: number): void {
  k.player.video.currentTime = to;
  k.player.video.fire('seeking');
  k.player.video.fire('seeked');
  settle(k.timers);
}

export function end(k: Kava): void {
  var v = k.player.video;
  v.currentTime = v.duration;
  v.ended = true;
  v.paused = true;
  v.fire('pause');
  v.fire('ended');
  settle(k.timers);
}

export type KavaEvent = { [key: string]: string };

/** The parameters of one request (query for GET, form body for POST), without service/action. */
export function parseRequest(request: HttpRequest): KavaEvent {
  var query = request.method === 'GET' ? request.url.split('?')[1] : request.body || '';
  var out: KavaEvent = {};
  query.split('&').forEach(function (pair) {
    if (!pair) return;
    var i = pair.indexOf('=');
    var key = decodeURIComponent(pair.substring(0, i));
    if (key === 'service' || key === 'action') return;
    out[key] = decodeURIComponent(pair.substring(i + 1));
  });
  return out;
}

/** Every Kava request sent (attempts, including retries), parsed. */
export function attempts(k: Kava): KavaEvent[] {
  return k.transport
    .requests()
    .filter(function (r) {
      return r.url.indexOf(KAVA_ENDPOINT) === 0;
    })
    .map(parseRequest);
}

/** Kava events the collector acknowledged, in order. */
export function events(k: Kava): KavaEvent[] {
  return k.transport.exchanges
    .filter(function (e) {
      return e.request.url.indexOf(KAVA_ENDPOINT) === 0 && e.outcome !== null && e.outcome.kind === 'success';
    })
    .map(function (e) {
      return parseRequest(e.request);
    });
}

export function types(list: KavaEvent[]): number[] {
  return list.map(function (e) {
    return Number(e.eventType);
  });
}

export function ofType(list: KavaEvent[], type: number): KavaEvent[] {
  return list.filter(function (e) {
    return Number(e.eventType) === type;
  });
}

export function last(list: KavaEvent[], type: number): KavaEvent {
  var found = ofType(list, type);
  if (!found.length) throw new Error('no event of type ' + type + ' in ' + JSON.stringify(types(list)));
  return found[found.length - 1];
}

/** A collector answering every request with this JSON body. */
export function answering(body: string | ((request: HttpRequest) => string)): ScriptedTransport {
  var transport = new ScriptedTransport(0);
  transport.responder = function (request): Step {
    return { kind: 'success', status: 200, body: typeof body === 'function' ? body(request) : body };
  };
  return transport;
}
