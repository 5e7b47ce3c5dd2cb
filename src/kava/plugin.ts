import type { AgentPlugin, PlaybackObserver, PluginInstance } from '../agent/plugin';
import { createKavaChannel } from './delivery';
import { pageReferrer } from './page';
import { KAVA_SECTION } from './profile';
import { trackPlayback, Tracker, TrackerContext } from './tracker';

/**
 * The Kava sink as an agent plugin: `createAgent({ profile, plugins: [TvTelemetryKava.plugin] })`.
 * It runs when the profile has kava.enabled, with one delivery channel for every playback.
 */
export var plugin: AgentPlugin = {
  name: 'kava',
  profile: { kava: KAVA_SECTION },
  start: function (host): PluginInstance | null {
    var kava = host.profile.kava;
    // The profile check requires endpoint and partnerId with enabled; each event checks partnerId again.
    var endpoint = kava.endpoint;
    if (!kava.enabled || !endpoint) return null;
    var trackers: Tracker[] = [];
    var channel = createKavaChannel(host, endpoint, kava.method, function (reply) {
      // Without the field VIEWs stay as they were (a missing field must not block them).
      if (typeof reply.viewEventsEnabled === 'boolean') context.viewsEnabled = reply.viewEventsEnabled;
      // One event per request, first in first out: this answer is for event number `answered`.
      var counts = channel.counts();
      var answered = counts.sent + counts.refused + counts.overflowed;
      if (typeof reply.time === 'number' && isFinite(reply.time)) for (var i = 0; i < trackers.length; i++) trackers[i].serverTime(reply.time, answered);
    });
    var context: TrackerContext = {
      host: host,
      referrer: pageReferrer(kava.referrerEncoding),
      enqueued: 0,
      viewsEnabled: true,
      send: function (query: string) {
        context.enqueued++;
        channel.enqueue(query);
      },
      mediaCount: 0,
      done: function (tracker: Tracker) {
        var i = trackers.indexOf(tracker);
        if (i >= 0) trackers.splice(i, 1);
      },
    };
    return {
      track: function (view) {
        var tracker = trackPlayback(context, view);
        trackers.push(tracker);
        return observe(tracker);
      },
      destroy: function () {
        // from the last: each one ended leaves the list
        for (var i = trackers.length - 1; i >= 0; i--) trackers[i].ended();
      },
    };
  },
};

/**
 * The agent's playback observer, as the tracker hears it: the one place that knows both shapes. The
 * player's news come from the agent's adapter (its listeners and response filter): Kava adds none.
 */
function observe(tracker: Tracker): PlaybackObserver {
  return {
    fault: tracker.fault,
    buffering: tracker.buffering,
    loading: tracker.loading,
    unloading: function () {
      tracker.input('unloading');
    },
    media: function (event) {
      if (event === 'seeking') tracker.seeking();
      else if (event === 'ratechange') tracker.rateChanged();
      else tracker.input(event);
    },
    loaded: tracker.loaded,
    tracks: tracker.tracksChanged,
    abr: tracker.abrChanged,
    response: tracker.downloaded,
    ended: tracker.ended,
  };
}
