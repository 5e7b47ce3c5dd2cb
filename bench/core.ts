/**
 * Issue 2 budgets, each measured beside a baseline in the same run (medians; machines are noisy):
 * bundle size, cost of taking and enqueueing one record, retained heap with a full ring, heap
 * growth across 100,000 records. Also what persistence stores and writes in a 2-hour outage.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { benchProfile, fakePlayer, liveContent, manualClock, median, downTransport } from './fixtures';

const DIST = path.resolve(__dirname, '../dist');
const TvTelemetry = require(path.join(DIST, 'tv-telemetry-agent.js'));
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
const gc: () => void = (global as any).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1) + ' KB';
}

function bundleSizes(): void {
  console.log('\n## Bundle size (ES5, polyfills included: none needed)');
  console.log('| file | min | gzip -9 | budget |');
  console.log('|---|---|---|---|');
  for (const file of fs.readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
    const code = fs.readFileSync(path.join(DIST, file));
    const gz = zlib.gzipSync(code, { level: 9 }).length;
    console.log(`| ${file} | ${kb(code.length)} | ${kb(gz)} | ${file === 'tv-telemetry-agent.js' ? '10 KB' : ''} |`);
  }
  console.log('Peers (anchors.md, gzip): Kava 20.2 KB, Mux 26.5 KB, Youbora 43.0 KB, Bitmovin 61.9 KB');
}

function newAgent(clock: ReturnType<typeof manualClock>, profileExtra: object = {}, storage?: object) {
  return TvTelemetry.createAgent({
    profile: benchProfile(profileExtra),
    clock,
    transport: downTransport,
    logger: quietLogger,
    platform: 'browser',
    window: {},
    storage,
    identity: { deviceId: 'bench-device', accountId: 'acc', userId: 'user' },
  });
}

/**
 * Storage the agent's persistence costs in a collector outage at the default settings (60 s
 * interval, 300 s flush, retries up to 600 s): what it holds after 2 hours, and how often it wrote.
 */
function persistence(): void {
  const KEY = 'queue';
  const data: { [key: string]: string } = {};
  let writes = 0;
  const storage = {
    get: (key: string) => (key in data ? data[key] : null),
    set: (key: string, value: string) => {
      if (key === KEY) writes++;
      data[key] = value;
      return true;
    },
    remove: (key: string) => delete data[key],
  };
  const clock = manualClock();
  const agent = newAgent(clock, {}, storage);
  const player = fakePlayer();
  agent.track(player, liveContent);
  const hours = 2;
  for (let minute = 0; minute < hours * 60; minute++) {
    player.advance(60);
    clock.advance(60000);
  }
  const text = data[KEY];
  const lines = text.split('\n');
  const records = lines.slice(1);
  const bytes = Buffer.byteLength(text, 'utf8');
  const status = agent.status();
  console.log('\n## Persistence (default profile, collector down for 2 hours, one playback)');
  console.log(`per record: ${Math.round(records.reduce((n, r) => n + r.length + 1, 0) / records.length)} characters (ASCII JSON: 1 byte each)`);
  console.log(`persisted: ${records.length} records in ${kb(bytes)}, budget 64 KB (${status.queued} queued in memory, ${status.overflowed} dropped by ring overflow); header "${lines[0]}"`);
  console.log(`writes: ${writes} in ${hours} hours (${(writes / hours).toFixed(1)} per hour), for ${status.queued + status.overflowed} records`);
  agent.shutdown();
}

/** Time for one metrics interval to fire: read the player, build, serialise once, enqueue. */
function recordCost(): void {
  const clock = manualClock();
  const agent = newAgent(clock, { queue: { capacity: 200, maxBytes: 400000 } });
  const player = fakePlayer();
  agent.track(player, liveContent);
  const sample = {
    activityName: 'playback_metrics', eventId: '5f0c6a7e-2b1d-4c4e-9a53-0d6c1e7f9b21', timestamp: new Date().toISOString(), sequence: 1,
    deviceId: 'bench-device', sessionId: 'x', metadata: { appSessionId: 'a', playbackSessionId: 'b', contentType: 'live-event', playbackProgress: 1.5, availableBitrates: [1, 2, 3], uri: 'https://cdn.example.com/x' },
  };
  const agentTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let round = 0; round < 41; round++) {
    let t = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) {
      player.advance(60);
      clock.advance(60000);
    }
    agentTimes.push(Number(process.hrtime.bigint() - t) / 1e6 / 200);
    t = process.hrtime.bigint();
    let keep = 0;
    for (let i = 0; i < 200; i++) keep += JSON.stringify(sample).length;
    baselineTimes.push(Number(process.hrtime.bigint() - t) / 1e6 / 200);
    if (keep < 0) console.log(keep);
  }
  console.log('\n## Taking one record and enqueueing it (Node, median of 41 rounds × 200 records)');
  console.log(`agent: ${median(agentTimes).toFixed(4)} ms per record (budget 0.1 ms)`);
  console.log(`baseline, JSON.stringify of a small record alone: ${median(baselineTimes).toFixed(4)} ms`);
  agent.shutdown();
}

/**
 * Heap in use after two GCs, without the spaces that hold the engine's compiled code: V8 keeps
 * tiering hot functions for a while, which is the engine's memory, not the agent's.
 */
function heapUsed(): number {
  gc();
  gc();
  let used = 0;
  for (const space of require('v8').getHeapSpaceStatistics()) {
    if (!/code/.test(space.space_name)) used += space.space_used_size;
  }
  return used;
}

/** Runs in a child process of its own, so no garbage from the other measurements skews it. */
function heapChild(): void {
  // Warm up first: bytecode, inline caches and optimised code are the engine's, not the agent's.
  const warmClock = manualClock();
  const warm = newAgent(warmClock);
  const warmPlayer = fakePlayer();
  warm.track(warmPlayer, liveContent);
  for (let i = 0; i < 3000; i++) {
    warmPlayer.advance(60);
    warmClock.advance(60000);
  }
  warm.shutdown();

  const before = heapUsed();
  const agent = newAgent(manualClock());
  const idle = heapUsed() - before;

  const clock = manualClock();
  const full = newAgent(clock);
  const player = fakePlayer();
  full.track(player, liveContent);
  const fill = () => {
    player.advance(60);
    clock.advance(60000);
  };
  for (let i = 0; i < 400; i++) fill(); // collector down: fill the default ring and overflow it
  const withFullRing = heapUsed() - before - idle;
  const status = full.status();

  // Then 100,000 more records, with the heap read every 10,000: the fitted slope is the growth.
  const xs: number[] = [];
  const ys: number[] = [];
  for (let checkpoint = 0; checkpoint <= 10; checkpoint++) {
    if (checkpoint > 0) for (let i = 0; i < 10000; i++) fill();
    xs.push(checkpoint * 10000);
    ys.push(heapUsed());
  }
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b) / n;
  const my = ys.reduce((a, b) => a + b) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) * (xs[i] - mx);
  }
  const slopePer100k = (num / den) * 100000;
  process.stdout.write(JSON.stringify({ idle, withFullRing, queued: status.queued, overflowed: status.overflowed, slopePer100k, agent: !!agent }));
}

function retainedHeap(): void {
  const { execFileSync } = require('child_process');
  const runs: any[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--jitless', '--import', 'tsx', __filename, '--heap-child'], { encoding: 'utf8' });
    runs.push(JSON.parse(out));
  }
  const pick = (key: string) => median(runs.map((r) => r[key]));
  console.log('\n## Retained heap (node --expose-gc, after two GCs; median of 5 fresh processes)');
  console.log(`agent with no records: ${kb(pick('idle'))}`);
  console.log(`agent with a full default ring (${runs[0].queued} records queued, ${runs[0].overflowed} dropped by overflow): ${kb(pick('withFullRing'))} (budget 200 KB)`);
  console.log(`heap growth across 100,000 more records (least-squares slope over 11 readings): ${Math.round(pick('slopePer100k'))} bytes (budget < 1024 bytes); per run: ${runs.map((r) => Math.round(r.slopePer100k)).join(', ')}`);
}

if (process.argv.includes('--heap-child')) {
  heapChild();
} else {
  bundleSizes();
  recordCost();
  persistence();
  retainedHeap();
}
