/**
 * What an agent test injects besides the player and the transport: a clock over sinon's fake
 * timers, a seeded random source, a logger that records, a small browser-like window, and a
 * factory that wires them into createAgent.
 */
import * as sinon from 'sinon';
import { Agent, AgentOptions, createAgent } from '../../src/agent/agent';
import { Clock, Logger, Storage } from '../../src/core/types';
import { HostWindow } from '../../src/platform/host';
import { ContentDescription } from '../../src/vault/content';
import { FakePlayer } from './fake-player';
import { ScriptedTransport } from './scripted-transport';
import { seededRandom } from './random';
import { profileFromJson } from '../../src/profile/json';

export { seededRandom };

/** A Clock over sinon fake timers: wall clock from Date, monotonic from the faked performance.now. */
export function fakeClock(timers: sinon.SinonFakeTimers): Clock {
  return {
    now: function () {
      return timers.now;
    },
    monotonic: function () {
      return performance.now();
    },
    setTimeout: function (fn, ms) {
      return timers.setTimeout(fn, ms);
    },
    clearTimeout: function (handle) {
      timers.clearTimeout(handle as any);
    },
  };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export interface RecordingLogger extends Logger {
  lines: LogLine[];
  messages(level: LogLine['level']): string[];
}

export function recordingLogger(): RecordingLogger {
  var lines: LogLine[] = [];
  function at(level: LogLine['level']) {
    return function (message: string) {
      lines.push({ level: level, message: message });
    };
  }
  return {
    lines: lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    messages: function (level) {
      return lines
        .filter(function (l) {
          return l.level === level;
        })
        .map(function (l) {
          return l.message;
        });
    },
  };
}

type Handler = (event?: unknown) => void;

class Target {
  handlers: { [type: string]: Handler[] } = {};
  addEventListener(type: string, fn: Handler): void {
    (this.handlers[type] = this.handlers[type] || []).push(fn);
  }
  removeEventListener(type: string, fn: Handler): void {
    var list = this.handlers[type] || [];
    var i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
  }
  fire(type: string): void {
    (this.handlers[type] || []).slice().forEach(function (fn) {
      fn({ type: type });
    });
  }
}

/** A browser-like window: visibility, online/offline and page-hide events, no storage, no crypto. */
export class FakeWindow extends Target implements HostWindow {
  document = new (class extends Target {
    hidden = false;
  })();
  navigator = { userAgent: 'Mozilla/5.0 (unit test)', onLine: true };

  hide(): void {
    this.document.hidden = true;
    this.document.fire('visibilitychange');
  }
  show(): void {
    this.document.hidden = false;
    this.document.fire('visibilitychange');
  }
  goOffline(): void {
    this.navigator.onLine = false;
    this.fire('offline');
  }
  goOnline(): void {
    this.navigator.onLine = true;
    this.fire('online');
  }
  pageHide(): void {
    this.fire('pagehide');
  }
}

export var ENDPOINT = 'https://collector.example';
export var METRICS_URL = ENDPOINT + '/useractivityvault/v1/useractivity/playback_metrics';
export var ERRORS_URL = ENDPOINT + '/useractivityvault/v1/useractivity/playerError';

/** A valid minimal profile; `vault`, `errors`… given here are merged over the defaults. */
export function testProfile(extra?: { [key: string]: any }): { [key: string]: any } {
  var profile: { [key: string]: any } = { name: 'unit-test', vault: { endpoint: ENDPOINT } };
  for (var key in extra || {}) {
    var value = extra![key];
    if (key === 'vault') {
      var vault: { [key: string]: any } = { endpoint: ENDPOINT };
      for (var k in value) vault[k] = value[k];
      profile.vault = vault;
    } else profile[key] = value;
  }
  return profile;
}

export interface TestAgent {
  agent: Agent;
  transport: ScriptedTransport;
  timers: sinon.SinonFakeTimers;
  window: FakeWindow;
  logger: RecordingLogger;
}

/**
 * An agent on a browser platform over a FakeWindow, with a scripted transport, a fake clock and a
 * seeded random. Install sinon fake timers first and pass them in. `create`: the lean core's
 * createAgent unless a test asks for another entry's (the default, lossless one).
 */
export function startAgent(
  timers: sinon.SinonFakeTimers,
  profileExtra?: { [key: string]: any },
  options?: Partial<AgentOptions> & { transport?: ScriptedTransport },
  create: (options: AgentOptions) => Agent = createAgent
): TestAgent {
  var transport = (options && options.transport) || new ScriptedTransport();
  var win = new FakeWindow();
  var logger = recordingLogger();
  var full: AgentOptions = {
    profile: profileFromJson(testProfile(profileExtra)),
    platform: 'browser',
    window: win,
    transport: transport,
    clock: fakeClock(timers),
    random: seededRandom(),
    logger: logger,
  };
  for (var key in options || {}) (full as any)[key] = (options as any)[key];
  return { agent: create(full), transport: transport, timers: timers, window: win, logger: logger };
}

/** Lets pending promise callbacks (load() settling) run. */
export async function flushPromises(): Promise<void> {
  for (var i = 0; i < 5; i++) await Promise.resolve();
}

export var START = Date.UTC(2026, 10, 21, 20, 0, 0);

/** A FakePlayer tracked by the agent with `content`, whose load() of `uri` has resolved. */
export async function trackedPlayer(agent: Agent, content: ContentDescription, uri = 'https://cdn.example/movie.mpd'): Promise<FakePlayer> {
  var player = new FakePlayer();
  agent.track(player, content);
  player.load(uri);
  player.resolveLoad();
  await flushPromises();
  return player;
}

/** An app-given storage whose every method throws, as a broken vendor storage might. */
export function throwingStorage(): Storage {
  return {
    get: () => {
      throw new Error('get');
    },
    set: () => {
      throw new Error('set');
    },
    remove: () => {
      throw new Error('remove');
    },
  };
}
