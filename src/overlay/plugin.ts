/**
 * The debug overlay as an agent plugin (`TvTelemetryOverlay.plugin`), in a bundle of its own so the
 * agent's bundle carries none of it. It reads what it shows when it draws: the agent's status and
 * identity, the platform, and the current playback's content and live player values (through the
 * same adapter the agent samples); player errors arrive through the playback observer.
 *
 * Armed by the profile (`debug.overlay`), its key (`debug.overlayKey`, default 406, blue) shows and
 * hides it; `agent.debugOverlay(true)` shows it (and arms the key), `debugOverlay(false)` hides it
 * (and disarms the key).
 */
import type { AgentPlugin, PlaybackView, PluginHost, PluginInstance } from '../agent/plugin';
import { guard } from '../core/guard';
import { TimerHandle } from '../core/types';
import { PlayerFault, PlayerReading } from '../player/types';
import { CheckedContent, resolveTechnicalId } from '../vault/content';
import { deliveryChange, describeDevice, LiveValues, Note, OverlaySnapshot, overlayRows, StatusCounts } from './format';
import { DEFAULT_OVERLAY_KEY, KeyTarget, listenForKey } from './keys';
import { createPanel, DocumentLike } from './panel';
import { DEBUG_SECTION } from './profile';

/** Redrawn this often while shown (ages, queue depth); records and deliveries redraw at once. */
var REFRESH_MS = 1000;
/** The agent tracks at most 4 playbacks at a time. */
var MAX_VIEWS = 4;

export type OverlayDocument = DocumentLike & KeyTarget;

/** `getDocument` is for tests; by default the page's document (none: the plugin stays out). */
export function createOverlayPlugin(getDocument?: () => OverlayDocument | null): AgentPlugin {
  return {
    name: 'overlay',
    profile: { debug: DEBUG_SECTION },
    start: function (host: PluginHost): PluginInstance | null {
      var doc = getDocument ? getDocument() : typeof document !== 'undefined' ? (document as unknown as OverlayDocument) : null;
      return doc ? startOverlay(host, doc) : null;
    },
  };
}

/** The debug overlay as an agent plugin: `createAgent({ profile, plugins: [TvTelemetryOverlay.plugin] })`. */
export var plugin: AgentPlugin = createOverlayPlugin();

function startOverlay(host: PluginHost, doc: OverlayDocument): PluginInstance {
  var debug = host.profile.debug; // always an object: the overlay's section defaults to {}
  var key = typeof debug.overlayKey === 'number' || typeof debug.overlayKey === 'string' ? debug.overlayKey : DEFAULT_OVERLAY_KEY;
  var panel = createPanel(doc);
  // The page's user agent: the one the agent's platform runs under (a test's fake window aside).
  var device = describeDevice(host.platform, typeof navigator !== 'undefined' ? navigator.userAgent : '');
  var views: PlaybackView[] = [];
  var error: Note | null = null;
  var delivery: Note | null = null;
  var seen = status();
  var stopKeys: (() => void) | null = null;
  var timer: TimerHandle | null = null;
  // Throughput over the last window with downloads: the previous reading of the current view.
  var base: { view: PlaybackView; segmentBytes: number; segmentMs: number } | null = null;
  var throughput: number | null = null;

  function status(): StatusCounts {
    return host.status ? host.status() : {};
  }

  function live(view: PlaybackView, r: PlayerReading): LiveValues {
    // A playback seen for the first time: its first window runs from its start (the counters are cumulative).
    if (!base || base.view !== view) {
      base = { view: view, segmentBytes: 0, segmentMs: 0 };
      throughput = null;
    }
    if (r.segmentMs > base.segmentMs) throughput = ((r.segmentBytes - base.segmentBytes) * 8000) / (r.segmentMs - base.segmentMs);
    base = { view: view, segmentBytes: r.segmentBytes, segmentMs: r.segmentMs };
    return {
      selectedBandwidth: r.selectedBandwidth,
      streamBandwidth: r.streamBandwidth,
      throughput: throughput,
      throughputAverage: r.segmentMs > 0 ? (r.segmentBytes * 8000) / r.segmentMs : null,
      bufferedAheadSeconds: r.bufferedAheadSeconds,
      droppedFrames: r.droppedFrames,
      decodedFrames: r.decodedFrames,
      positionSeconds: r.positionSeconds,
      uri: r.uri,
    };
  }

  /** The technical ID as the agent resolves it for its records; null where it has none yet. */
  function technicalId(c: CheckedContent, uri: string | null): string | null {
    var resolved = resolveTechnicalId(c, host.profile, uri, host.platform.broadcastChannelId());
    return resolved.ok ? resolved.technicalId : null;
  }

  function snapshot(): OverlaySnapshot {
    var now = host.clock.now();
    var counts = status();
    var change = deliveryChange(seen, counts);
    if (change) delivery = { text: change, at: now };
    seen = counts;
    var view = views.length ? views[views.length - 1] : null;
    var reading = view ? view.read() : null;
    var c = view ? view.content() : null;
    return {
      now: now,
      agentVersion: host.agentVersion,
      device: device,
      identity: host.identity ? host.identity() : {},
      appSessionId: host.appSessionId,
      playbackSessionId: view ? view.playbackSessionId() : null,
      playerVersion: view ? view.playerVersion() : null,
      // Only the IDs: the raw description may hold a Kaltura session token (ks).
      content: c
        ? {
            contentType: c.contentType,
            contentSource: c.contentSource,
            editorialId: c.editorialId,
            technicalId: technicalId(c, reading ? reading.uri : null),
            programmeId: c.programmeId,
          }
        : null,
      live: view && reading ? live(view, reading) : null,
      error: error,
      status: counts,
      delivery: delivery,
    };
  }

  var render = guard(host.logger, 'overlay render', function () {
    panel.show(overlayRows(snapshot()));
  });

  function tick(): void {
    timer = null;
    if (!panel.visible()) return;
    render();
    timer = host.clock.setTimeout(tick, REFRESH_MS);
  }

  function show(): void {
    if (timer !== null) host.clock.clearTimeout(timer);
    render();
    timer = host.clock.setTimeout(tick, REFRESH_MS);
  }

  function hide(): void {
    if (timer !== null) host.clock.clearTimeout(timer);
    timer = null;
    panel.hide();
  }

  function arm(on: boolean): void {
    if (on && !stopKeys)
      stopKeys = listenForKey(doc, key, function () {
        if (panel.visible()) hide();
        else show();
      });
    else if (!on && stopKeys) {
      stopKeys();
      stopKeys = null;
    }
  }

  function redrawIfShown(): void {
    if (panel.visible()) render();
  }

  arm(!!debug.overlay);

  return {
    track: function (view) {
      if (views.length >= MAX_VIEWS) views.shift();
      views.push(view);
      redrawIfShown();
      return {
        fault: function (fault: PlayerFault) {
          var text =
            (fault.code === null ? '' : fault.code + ' ') + fault.name + (fault.severity === 2 ? ' critical' : '') + (fault.detail ? ': ' + fault.detail : '');
          error = { text: text, at: host.clock.now() };
          redrawIfShown();
        },
        contentChanged: redrawIfShown,
        ended: function () {
          var i = views.indexOf(view);
          if (i >= 0) views.splice(i, 1);
          redrawIfShown();
        },
      };
    },
    debugOverlay: function (on) {
      arm(!!on);
      if (on) show();
      else hide();
    },
    destroy: function () {
      hide();
      arm(false);
      views = [];
    },
  };
}
