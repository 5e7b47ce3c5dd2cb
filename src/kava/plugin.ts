import type { AgentPlugin, PluginInstance } from '../agent/plugin';
import { createKavaChannel } from './delivery';
import { pageReferrer } from './page';
import { trackPlayback, Tracker } from './tracker';

/**
 * The Kava sink as an agent plugin: `createAgent({ profile, plugins: [TvTelemetryKava.plugin] })`.
 * It runs when the profile has kava.enabled, with one delivery channel for every playback.
 */
export var plugin: AgentPlugin = {
  name: 'kava',
  start: function (host): PluginInstance | null {
    var kava = host.profile.kava;
    // The profile check requires endpoint and partnerId with enabled; each event checks partnerId again.
    if (!kava.enabled || !kava.endpoint) return null;
    var trackers: Tracker[] = [];
    var viewsEnabled = true;
    var mediaCount = 0;
    var enqueued = 0;
    var channel = createKavaChannel(host, kava.endpoint!, kava.method === 'POST', function (reply) {
      // Without the field VIEWs stay as they were (a missing field must not block them).
      if (typeof reply.viewEventsEnabled === 'boolean') viewsEnabled = reply.viewEventsEnabled;
      // One event per request, first in first out: this answer is for event number `answered`.
      var counts = channel.counts();
      var answered = counts.sent + counts.refused + counts.overflowed;
      if (typeof reply.time === 'number' && isFinite(reply.time))
        for (var i = 0; i < trackers.length; i++) trackers[i].serverTime(reply.time, answered);
    });
    var context = {
      host: host,
      referrer: pageReferrer(kava.referrerEncoding),
      clientVer: 'html5:v' + (kava.clientVer || host.agentVersion),
      send: function (query: string) {
        enqueued++;
        channel.enqueue(query);
      },
      nextNumber: function () {
        return enqueued + 1;
      },
      viewsEnabled: function () {
        return viewsEnabled;
      },
      // Per page (the agent's appSessionId) and per media, as Kaltura's players do.
      nextSessionId: function () {
        return host.appSessionId + ':' + ++mediaCount;
      },
      done: function (tracker: Tracker) {
        var i = trackers.indexOf(tracker);
        if (i >= 0) trackers.splice(i, 1);
      },
    };
    return {
      track: function (view) {
        var tracker = trackPlayback(context, view);
        trackers.push(tracker);
        return tracker;
      },
      destroy: function () {
        var list = trackers.slice();
        for (var i = 0; i < list.length; i++) list[i].ended!();
      },
    };
  },
};
