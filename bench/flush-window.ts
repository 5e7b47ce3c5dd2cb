/**
 * How many POSTs a fixed window of the browser benchmark sees from the agent, and with how many
 * records: the agent at the default profile (60 s metrics, 300 s flush ±20 % jitter, first flush
 * spread over an interval) on simulated time, many times with different random seeds, its requests
 * counted in the window the benchmark measures (after the warm-up).
 *   npx tsx bench/flush-window.ts [warmupSeconds=45] [windowSeconds=300] [runs=2000]
 */
import * as path from 'path';
import { seededRandom } from '../test/helpers/random';
import { benchProfile, fakePlayer, liveContent, manualClock } from './fixtures';

const TvTelemetry = require(path.resolve(__dirname, '../dist/tv-telemetry-agent.js'));
const warmup = Number(process.argv[2] ?? 45);
const windowSeconds = Number(process.argv[3] ?? 300);
const runs = Number(process.argv[4] ?? 2000);
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** POSTs in the window, each as its number of records. */
function oneRun(seed: number): number[] {
  const clock = manualClock();
  const player = fakePlayer();
  const posts: number[] = [];
  const transport = {
    send(request: { body: string }, done: (outcome: unknown) => void) {
      const at = clock.monotonic() / 1000;
      if (at >= warmup && at < warmup + windowSeconds) posts.push(JSON.parse(request.body).length);
      done({ kind: 'success', status: 200, serverDateMs: null, body: '' });
    },
    beacon: () => false,
  };
  const agent = TvTelemetry.createAgent({
    profile: benchProfile(),
    clock,
    transport,
    random: seededRandom(seed),
    logger: quietLogger,
    platform: 'browser',
    window: {},
  });
  agent.track(player, liveContent);
  for (let s = 0; s < warmup + windowSeconds; s++) {
    player.advance(1);
    clock.advance(1000);
  }
  return posts;
}

const byCount = new Map<number, number>();
const secondPosts: number[] = [];
for (let seed = 1; seed <= runs; seed++) {
  const posts = oneRun(seed);
  byCount.set(posts.length, (byCount.get(posts.length) ?? 0) + 1);
  if (posts.length === 2) secondPosts.push(posts[1]);
}
console.log(`\n## POSTs in a ${windowSeconds} s window after ${warmup} s, default profile, ${runs} seeds`);
console.log('| POSTs in the window | share of runs |');
console.log('|---|---|');
for (const [count, n] of [...byCount].sort((a, b) => a[0] - b[0])) console.log(`| ${count} | ${((100 * n) / runs).toFixed(1)} % |`);
const histogram = new Map<number, number>();
for (const records of secondPosts) histogram.set(records, (histogram.get(records) ?? 0) + 1);
console.log(
  `Records in the second POST when there are two: ${[...histogram]
    .sort((a, b) => a[0] - b[0])
    .map(([r, n]) => `${r}: ${n}`)
    .join(', ')}`
);
