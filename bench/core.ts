/**
 * The agent's budgets, each measured beside a baseline in the same run (medians; machines are noisy):
 * bundle size, cost of taking and enqueueing one record, retained heap with a full ring, heap
 * growth across 100,000 records. Also what persistence stores and writes in a 2-hour outage.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as os from 'os';
import * as v8 from 'v8';
import { benchProfile, fakePlayer, liveContent, manualClock, median, downTransport } from './fixtures';

const DIST = path.resolve(__dirname, '../dist');
const TvTelemetry = require(path.join(DIST, 'tv-telemetry-agent.js'));
// Queue persistence is an add-on every TV package ships: the agents here run with it, as on a TV.
const TvTelemetryPersist = require(path.join(DIST, 'tv-telemetry-persist.js'));
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1) + ' KB';
}

/** Reference: the Kava plugin an app would otherwise add (playkit-js-kava 1.15, gzip). */
const KAVA_PLUGIN_GZIP = 20167;

function bundleSizes(): void {
  console.log('\n## Bundle size (ES5, polyfills included: none needed)');
  console.log('| file | min | gzip -9 | budget |');
  console.log('|---|---|---|---|');
  const gzipOf: { [file: string]: number } = {};
  for (const file of fs.readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
    const code = fs.readFileSync(path.join(DIST, file));
    const gz = (gzipOf[file] = zlib.gzipSync(code, { level: 9 }).length);
    console.log(`| ${file} | ${kb(code.length)} | ${kb(gz)} (${gz} B) | ${file === 'tv-telemetry-agent-lean.js' ? '10 KB (the core)' : ''} |`);
  }
  const main = gzipOf['tv-telemetry-agent.js'];
  console.log(
    `Default bundle (tv-telemetry-agent.js, lossless: persistence built in): ${main} B gzip -9, beside Kava's ${KAVA_PLUGIN_GZIP.toLocaleString('en')} B (${((100 * main) / KAVA_PLUGIN_GZIP).toFixed(0)} %)`
  );
  console.log('Peers (gzip): Kava 20.2 KB, Mux 26.5 KB, Youbora 43.0 KB, Bitmovin 61.9 KB');
}

function newAgent(clock: ReturnType<typeof manualClock>, profileExtra: object = {}, transport: object = downTransport, storage?: object) {
  return TvTelemetry.createAgent({
    profile: benchProfile(profileExtra),
    clock,
    transport,
    logger: quietLogger,
    platform: 'browser',
    window: {},
    storage,
    identity: { deviceId: 'bench-device', accountId: 'acc', userId: 'user' },
    plugins: [TvTelemetryPersist.plugin],
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
  const agent = newAgent(clock, {}, downTransport, storage);
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
  console.log(
    `persisted: ${records.length} records in ${kb(bytes)}, budget 64 KB (${status.queued} queued in memory, ${status.overflowed} dropped by ring overflow); header "${lines[0]}"`
  );
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
    activityName: 'playback_metrics',
    eventId: '5f0c6a7e-2b1d-4c4e-9a53-0d6c1e7f9b21',
    timestamp: new Date().toISOString(),
    sequence: 1,
    deviceId: 'bench-device',
    sessionId: 'x',
    metadata: {
      appSessionId: 'a',
      playbackSessionId: 'b',
      contentType: 'live-event',
      playbackProgress: 1.5,
      availableBitrates: [1, 2, 3],
      uri: 'https://cdn.example.com/x',
    },
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

/** Node types of a heap snapshot that are the engine's compiled code, not objects the agent holds. */
const ENGINE_CODE = new Set(['code']);

/** Bytes of everything reachable, compiled code aside, from a heap snapshot file (which it deletes). */
function reachableBytes(file: string): number {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.unlinkSync(file);
  const fields: string[] = snap.snapshot.meta.node_fields;
  const types: string[] = snap.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  let bytes = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    if (!ENGINE_CODE.has(types[snap.nodes[i + typeAt]])) bytes += snap.nodes[i + sizeAt];
  }
  return bytes;
}

/**
 * Runs in a child process of its own, so no garbage from the other measurements skews it. Heap
 * snapshots (not heap statistics, which move by tens of KB with the GC's bookkeeping) count what is
 * reachable; every object the measurement itself keeps exists before the first snapshot.
 */
function heapChild(): void {
  // Warm up first: bytecode, inline caches and hidden classes are the engine's, made once.
  const warmClock = manualClock();
  const warm = newAgent(warmClock);
  const warmPlayer = fakePlayer();
  warm.track(warmPlayer, liveContent);
  for (let i = 0; i < 3000; i++) {
    warmPlayer.advance(60);
    warmClock.advance(60000);
  }
  warm.shutdown();

  const files = [0, 1, 2, 3, 4, 5].map((i) => path.join(os.tmpdir(), `bench-heap-${process.pid}-${i}.heapsnapshot`));
  const snapshot = (i: number) => v8.writeHeapSnapshot(files[i]);
  const clock = manualClock();
  const player = fakePlayer();
  // The collector is down while the ring fills and overflows; it comes back only to drain the ring
  // before a growth snapshot, so those compare like with like (an empty ring).
  let collectorUp = false;
  const transport = {
    send(request: unknown, done: (outcome: unknown) => void) {
      if (collectorUp) done({ kind: 'success', status: 200, serverDateMs: null, body: '' });
      else downTransport.send(request, done);
    },
    beacon: () => false,
  };
  const fill = (records: number) => {
    for (let i = 0; i < records; i++) {
      player.advance(60);
      clock.advance(60000);
    }
  };
  let agent: any = null;
  let full: any = null;
  const drain = () => {
    collectorUp = true;
    for (let i = 0; i < 100 && full.status().queued > 0; i++) {
      clock.advance(60000);
      full.flush();
    }
    collectorUp = false;
  };

  snapshot(0);
  agent = newAgent(manualClock());
  snapshot(1);
  full = newAgent(clock, {}, transport);
  full.track(player, liveContent);
  fill(400); // the default ring full, and overflowing
  const status = full.status();
  snapshot(2);
  drain(); // once first: what the agent sets up on its first delivery is not growth
  fill(400);
  drain();
  snapshot(3);
  snapshot(4); // the baseline: two snapshots with nothing between them
  fill(100000);
  drain();
  snapshot(5);

  const bytes = files.map(reachableBytes);
  process.stdout.write(
    JSON.stringify({
      idle: bytes[1] - bytes[0],
      withFullRing: bytes[2] - bytes[1],
      baseline: bytes[4] - bytes[3],
      growthPer100k: bytes[5] - bytes[4],
      queued: status.queued,
      overflowed: status.overflowed,
      agent: !!agent,
    })
  );
}

function retainedHeap(): void {
  const { execFileSync } = require('child_process');
  const runs: any[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', __filename, '--heap-child'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    runs.push(JSON.parse(out));
  }
  const pick = (key: string) => median(runs.map((r) => r[key]));
  const each = (key: string) => runs.map((r) => r[key]).join(', ');
  console.log('\n## Retained heap (reachable bytes in V8 heap snapshots, compiled code aside; median of 5 fresh processes)');
  console.log(`agent with no records: ${kb(pick('idle'))}`);
  console.log(
    `agent with a full default ring (${runs[0].queued} records queued, ${runs[0].overflowed} dropped by overflow): ${kb(pick('withFullRing'))} (budget 200 KB)`
  );
  console.log(
    `heap growth across 100,000 more records (ring overflowing, then drained): ${pick('growthPer100k')} bytes (budget < 1024 bytes); per run: ${each('growthPer100k')}`
  );
  console.log(`baseline, two snapshots with nothing between them: ${pick('baseline')} bytes; per run: ${each('baseline')}`);
}

if (process.argv.includes('--heap-child')) {
  heapChild();
} else {
  bundleSizes();
  recordCost();
  persistence();
  retainedHeap();
}
