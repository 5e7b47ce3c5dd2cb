/**
 * Equivalence check for refactors of src/delivery/channel.ts and what it uses (ring, backoff, timer):
 * drives the channel of a git revision
 * (default HEAD; argv[2]) and the working tree's with the same seeded random sequence of
 * operations (enqueue, flush, flushOnHide, shrink, answers of every kind, online and header
 * toggles, timer advances, wall-clock jumps, whenSettled, carryOverflow, destroy) and compares
 * every request, beacon, log line, counts(), snapshot(), paused() and settle callback.
 * Usage: npx tsx bench/channel-equiv.ts [rev] [runs]
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Clock, HttpRequest, Logger, SendOutcome, StringMap, Transport } from '../src/core/types';
import { seededRandom } from '../test/helpers/random';

const ROOT = path.resolve(__dirname, '..');
const REV = process.argv[2] || 'HEAD';
const RUNS = Number(process.argv[3] || 2000);

// The old channel with the src/ tree of its revision (ring, backoff, timer, ... as they were then).
const oldDir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-equiv-'));
process.on('exit', function () {
  fs.rmSync(oldDir, { recursive: true, force: true }); // also after a throw
});
execSync('git archive ' + REV + ' src | tar -x -C ' + oldDir, { cwd: ROOT });
// eslint-disable-next-line @typescript-eslint/no-var-requires
const oldChannel = require(oldDir + '/src/delivery/channel');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const newChannel = require(ROOT + '/src/delivery/channel');

/** Long texts logged as their length and a hash. */
function digest(text: string): string {
  if (text.length < 200) return text;
  var h = 0;
  for (var i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return '<' + text.length + ' chars #' + h + '>';
}

interface Env {
  log: string[];
  channel: any;
  advance(ms: number): void;
  jumpWall(ms: number): void;
  answer(outcome: SendOutcome | null): boolean;
  pendingCount(): number;
  state: { online: boolean; headers: StringMap; beaconOk: boolean; sync: SendOutcome | null };
}

function makeEnv(create: any, seed: number, cfg: any): Env {
  var log: string[] = [];
  var mono = 1000;
  var wall = 1.7e12;
  var timers: { id: number; due: number; fn: () => void }[] = [];
  var nextId = 1;
  var clock: Clock = {
    now: () => wall,
    monotonic: () => mono,
    setTimeout: function (fn, ms) {
      var id = nextId++;
      timers.push({ id: id, due: mono + Math.max(0, ms || 0), fn: fn });
      log.push('setTimeout ' + ms);
      return id;
    },
    clearTimeout: function (handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
  };
  var logger: Logger = {
    debug: (m) => log.push('debug ' + m),
    info: (m) => log.push('info ' + m),
    warn: (m) => log.push('warn ' + m),
    error: (m) => log.push('error ' + m),
  };
  var state = { online: true, headers: {} as StringMap, beaconOk: true, sync: null as SendOutcome | null };
  var pending: { done: (o: SendOutcome) => void }[] = [];
  function makeTransport(label: string): Transport {
    return {
      send: function (request: HttpRequest, done) {
        log.push(label + ' send ' + digest(JSON.stringify(request)));
        if (state.sync) {
          var o = state.sync;
          state.sync = null;
          log.push('sync answer');
          done(o);
          return;
        }
        pending.push({ done: done });
      },
      beacon: function (url, body) {
        log.push(label + ' beacon ' + digest(url + ' ' + body) + ' ' + state.beaconOk);
        return state.beaconOk;
      },
    };
  }
  var random = seededRandom(seed);
  var options: any = {
    name: 'ch',
    capacity: cfg.capacity,
    maxChars: cfg.maxChars,
    encode: function (records: string[], dropped: number) {
      log.push('encode ' + records.length + ' ' + dropped);
      if (dropped > 0) records[0] = '{"droppedRecords":' + dropped + ',' + records[0].substring(1);
      return { url: cfg.get ? 'u?' + records[0] : 'u', method: cfg.get ? 'GET' : 'POST', body: cfg.nullBody ? null : cfg.single ? records[0] : '[' + records.join(',') + ']' };
    },
    maxBatchSize: cfg.maxBatchSize,
    contentType: 'ct',
  };
  if (cfg.headers) options.headers = () => state.headers;
  if (cfg.flushEveryMs !== undefined) options.flushEveryMs = cfg.flushEveryMs;
  if (cfg.flushAfterEnqueueMs !== undefined) options.flushAfterEnqueueMs = cfg.flushAfterEnqueueMs;
  if (cfg.beaconAllowed !== undefined) options.beaconAllowed = cfg.beaconAllowed;
  if (cfg.ownSuccess) options.onSuccess = (o: SendOutcome) => log.push('own success ' + JSON.stringify(o));
  if (cfg.ownTransport) options.transport = makeTransport('own');
  var shared = {
    transport: makeTransport('shared'),
    clock: clock,
    random: random,
    logger: logger,
    retry: cfg.retry,
    timeoutMs: 20000,
    isOnline: () => state.online,
    onOutage: () => log.push('outage'),
    onSuccess: (o: SendOutcome) => log.push('success ' + JSON.stringify(o)),
  };
  var channel = create(options, shared);
  return {
    log: log,
    channel: channel,
    state: state,
    advance: function (ms: number) {
      var until = mono + ms;
      for (;;) {
        var due = timers.filter((t) => t.due <= until).sort((a, b) => a.due - b.due || a.id - b.id)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        mono = Math.max(mono, due.due);
        log.push('fire at ' + mono);
        due.fn();
      }
      mono = until;
    },
    jumpWall: function (ms) {
      wall += ms;
    },
    answer: function (outcome) {
      var p = pending.shift();
      if (!p) return false;
      if (outcome) p.done(outcome);
      return true;
    },
    pendingCount: () => pending.length,
  };
}

function outcomeFor(r: () => number): SendOutcome {
  var x = r();
  var throttle = function (o: any): SendOutcome {
    var y = r();
    if (y < 0.15) o.minFlushMs = Math.floor(r() * 60000);
    else if (y < 0.2) o.minFlushMs = null;
    var z = r();
    if (z < 0.1) o.pauseMs = Math.floor(r() * 120000);
    else if (z < 0.13) o.pauseMs = 0;
    else if (z < 0.2) o.pauseMs = null;
    return o;
  };
  if (x < 0.35) return throttle({ kind: 'success', status: 200 + Math.floor(r() * 5), serverDateMs: r() < 0.5 ? 1.7e12 + Math.floor(r() * 1e6) : null, body: r() < 0.5 ? '' : '{"ok":1}' });
  if (x < 0.45) return throttle({ kind: 'failure', status: 413 });
  if (x < 0.55) return throttle({ kind: 'failure', status: [400, 401, 403, 404, 422][Math.floor(r() * 5)] });
  if (x < 0.6) return { kind: 'failure', status: 0 };
  if (x < 0.8) return throttle({ kind: 'retryable', status: [408, 429, 500, 502, 503][Math.floor(r() * 5)], retryAfterMs: r() < 0.5 ? null : Math.floor(r() * 200000) });
  return { kind: 'retryable', status: 0, retryAfterMs: null };
}

function record(r: () => number, n: number, maxChars: number): string {
  var size = r() < 0.03 ? maxChars + 5 : Math.floor(r() * (r() < 0.2 ? maxChars / 2 : 60));
  return '{"eventId":"e' + n + '","p":"' + new Array(size + 1).join('x') + '"}';
}

function runOnce(seed: number): string | null {
  var r = seededRandom(seed * 7919 + 1);
  var pick = <T>(values: T[]): T => values[Math.floor(r() * values.length)];
  var cfg: any = {
    capacity: pick([1, 2, 5, 20, 100]),
    maxChars: pick([200, 1000, 5000, 100000]),
    maxBatchSize: pick([1, 2, 3, 10, 50]),
    headers: r() < 0.6,
    flushEveryMs: pick([undefined, null, 0, 5000, 60000]),
    flushAfterEnqueueMs: pick([undefined, null, 0, 100, 3000]),
    beaconAllowed: pick([undefined, true, false]),
    ownSuccess: r() < 0.3,
    ownTransport: r() < 0.2,
    get: r() < 0.1,
    nullBody: r() < 0.05,
    single: r() < 0.2,
    retry: { baseSeconds: pick([0.1, 1, 5]), maxSeconds: pick([1, 60, 600]), maxPerHour: pick([1, 6, 60, 1000000]) },
  };
  var envs = [makeEnv(oldChannel.createChannel, seed, cfg), makeEnv(newChannel.createChannel, seed, cfg)];
  var steps = 50 + Math.floor(r() * 250);
  var n = 0;
  var checked = 0;
  for (var step = 0; step < steps; step++) {
    var x = r();
    var op: (env: Env, i: number) => void;
    if (x < 0.25) {
      var rec = record(r, n++, cfg.maxChars);
      op = (env) => env.channel.enqueue(rec);
    } else if (x < 0.32) op = (env) => env.channel.flush();
    else if (x < 0.37) {
      var ok = r() < 0.8;
      op = (env) => {
        env.state.beaconOk = ok;
        env.channel.flushOnHide();
      };
    } else if (x < 0.4) op = (env) => env.channel.shrink();
    else if (x < 0.55) {
      var outcome = outcomeFor(r);
      op = (env) => env.log.push('answered ' + env.answer(JSON.parse(JSON.stringify(outcome))));
    } else if (x < 0.58) {
      var syncOutcome = outcomeFor(r);
      op = (env) => (env.state.sync = JSON.parse(JSON.stringify(syncOutcome)));
    } else if (x < 0.63) {
      var online = r() < 0.7;
      op = (env) => (env.state.online = online);
    } else if (x < 0.66) {
      var headers: StringMap = pick([{}, { A: 'b' }, Object.create({ inherited: 'x' })]);
      op = (env) => (env.state.headers = headers);
    } else if (x < 0.85) {
      var ms = pick([0, 1, 10, 100, 1000, 5000, 30000, 300000, 3600000]) * r();
      ms = Math.floor(ms);
      op = (env) => env.advance(ms);
    } else if (x < 0.87) {
      var jump = (r() - 0.5) * 1e8;
      op = (env) => env.jumpWall(jump);
    } else if (x < 0.92) {
      var id = step;
      var waiters = r() < 0.3 ? 1 + Math.floor(r() * 12) : 1;
      op = (env) => {
        for (var w = 0; w < waiters; w++) env.channel.whenSettled(() => env.log.push('settled ' + id + '.' + w));
      };
    } else if (x < 0.94) {
      var carry = Math.floor(r() * 5);
      op = (env) => env.channel.carryOverflow(carry);
    } else if (x < 0.945) op = (env) => env.channel.destroy();
    else op = () => {};
    for (var e = 0; e < 2; e++) {
      var env = envs[e];
      env.log.push('step ' + step);
      try {
        op(env, e);
      } catch (err) {
        env.log.push('threw ' + err);
      }
      env.log.push('counts ' + JSON.stringify(env.channel.counts()));
      env.log.push('snapshot ' + digest(JSON.stringify(env.channel.snapshot())));
      env.log.push('paused ' + env.channel.paused());
    }
    var a = envs[0].log, b = envs[1].log;
    if (a.length !== b.length || a.slice(checked).join('\n') !== b.slice(checked).join('\n')) {
      for (var k = checked; k < Math.max(a.length, b.length); k++)
        if (a[k] !== b[k]) return 'seed ' + seed + ' step ' + step + ' line ' + k + '\n old: ' + a[k] + '\n new: ' + b[k] + '\n before: ' + a.slice(Math.max(0, k - 8), k).join('\n   ');
    }
    totalLines += a.length - checked;
    checked = a.length;
  }
  return null;
}

var failures = 0;
var totalLines = 0;
for (var seed = 1; seed <= RUNS; seed++) {
  var problem = runOnce(seed);
  if (problem) {
    failures++;
    if (failures <= 3) console.log(problem);
  }
}
console.log(RUNS + ' runs against ' + REV + ' (' + totalLines + ' log lines compared): ' + (failures ? failures + ' differ' : 'all identical'));
