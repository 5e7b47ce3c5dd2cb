import { attempt, guard } from '../core/guard';
import { copyOwn } from '../core/values';
import { Logger } from '../core/types';
import { Fields } from '../profile/validate';
import { each } from './each';
import { AgentPlugin, PlaybackObserver, PlaybackView, PluginHost, PluginInstance } from './plugin';

var MAX_PLUGINS = 8;

/** The add-ons the app gave (at most 8), read once: a getter that throws counts as absent. */
export interface GivenPlugins {
  list: AgentPlugin[];
  /** The plugins' `member` parts, from those that have one. */
  parts<K extends keyof AgentPlugin>(member: K): NonNullable<AgentPlugin[K]>[];
  /** The profile sections the plugins bring the fields of (kava, debug). */
  sections(): Fields;
}

export function readPlugins(given: AgentPlugin[] | undefined): GivenPlugins {
  var list: AgentPlugin[] = attempt(function () {
    return (given || []).slice(0, MAX_PLUGINS);
  }, []);
  function parts<K extends keyof AgentPlugin>(member: K): NonNullable<AgentPlugin[K]>[] {
    var found: NonNullable<AgentPlugin[K]>[] = [];
    each(list, function (plugin) {
      var part = attempt(function () {
        return plugin[member];
      }, null);
      if (part) found.push(part);
    });
    return found;
  }
  return {
    list: list,
    parts: parts,
    sections: function () {
      var sections: Fields = {};
      each(parts('profile'), function (fields) {
        attempt(function () {
          copyOwn(fields, sections);
        });
      });
      return sections;
    },
  };
}

/** The started plugins, each call guarded: one that throws is logged and cannot disturb the others. */
export interface RunningPlugins {
  /** Their observers of a new playback. */
  observe(view: PlaybackView): PlaybackObserver[];
  /** agent.debugOverlay(on): false when no plugin shows one. */
  debugOverlay(on: boolean): boolean;
  destroy(): void;
}

export function startPlugins(given: AgentPlugin[], host: PluginHost, logger: Logger): RunningPlugins {
  var instances: PluginInstance[] = [];
  each(given, function (plugin) {
    var instance = guard(logger, 'plugin start', function () {
      return plugin && plugin.start ? plugin.start(host) : null;
    })();
    if (instance) instances.push(instance);
  });
  return {
    observe: function (view) {
      var observers: PlaybackObserver[] = [];
      each(instances, function (instance) {
        var observer = guard(logger, 'plugin track', function () {
          return instance.track(view);
        })();
        if (observer) observers.push(observer);
      });
      return observers;
    },
    debugOverlay: function (on) {
      var shown = false;
      each(instances, function (instance) {
        if (!instance.debugOverlay) return;
        shown = true;
        instance.debugOverlay(on);
      });
      return shown;
    },
    destroy: function () {
      each(instances, function (instance) {
        guard(logger, 'plugin destroy', instance.destroy)();
      });
    },
  };
}
