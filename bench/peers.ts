/**
 * The agent beside the floor and three peer analytics SDKs for Shaka, on the same page, in one run:
 * Mux (@mux/mux-data-shakaplayer), Bitmovin (bitmovin-analytics, ShakaAdapter) and NPAW Youbora
 * (youbora-adapter-shaka, built here from its npm sources with webpack). Each is pointed at the
 * benchmark's HTTPS sink on another origin (Mux: beaconCollectionDomain; Bitmovin:
 * config.backendUrl, the sink granting its /licensing call; Youbora: host, the sink answering its
 * /data call), which answers preflights with Access-Control-Max-Age: 7200 for all of them.
 * Pages are measured one after the other (bench/browser-page.ts), in two rounds, the second in
 * reverse order, so a drift of the machine over the run shows as a difference between rounds.
 * The peers are devDependencies used only here; none of their code is in the repository.
 *   npm run bench:peers           (default: 45 s warm-up, 300 s window, 2 rounds: about 75 minutes)
 *   env: BENCH_WINDOW_SECONDS, BENCH_WARMUP_SECONDS, BENCH_ROUNDS (2), BENCH_THROTTLE (6),
 *        BENCH_EXPLAIN=1, BENCH_HEAP_SNAPSHOT=1 (what the floor and the agent hold, by kind), BENCH_ONLY (comma-separated keys: baseline,floor,agent,youbora,bitmovin,mux;
 *        without baseline, no heap Δ)
 */
import { cpus, tmpdir } from 'os';
import { mkdtempSync, rmSync } from 'fs';
import { join } from 'path';
import webpack = require('webpack');
import { startServer } from '../server/start';
import { AGENT_SCRIPTS, defaultAgentProfile, floorSubject, measurePage, settingsFromEnv, type Measurement, type Subject } from './browser-page';
import { STEADY_AFTER_SECONDS } from './samples';
import { makeCertificate, startSink } from './sink';

const settings = settingsFromEnv({ windowSeconds: 300, warmupSeconds: 45 });
const rounds = Number(process.env.BENCH_ROUNDS || 2);
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;

const version = (name: string): string => require(`${name}/package.json`).version;

/** Youbora ships its Shaka adapter as CommonJS sources: bundled here as its own build does (UMD, global `youbora`). */
function buildYoubora(outDir: string): Promise<string> {
  const config: webpack.Configuration = {
    mode: 'production',
    entry: require.resolve('youbora-adapter-shaka/src/sp.js'),
    output: { path: outDir, filename: 'youbora-shaka.js', library: { name: 'youbora', type: 'umd' } },
    performance: { hints: false },
  };
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error || !stats || stats.hasErrors()) reject(error ?? new Error(stats?.toString('errors-only')));
      else resolve(join(outDir, 'youbora-shaka.js'));
    });
  });
}

interface Row {
  key: string;
  subject: Subject;
}

function rows(youboraPath: string): Row[] {
  const mux = require.resolve('@mux/mux-data-shakaplayer');
  const bitmovin = require.resolve('bitmovin-analytics');
  return [
    { key: 'baseline', subject: { label: 'no SDK (baseline)', scripts: [] } },
    { key: 'floor', subject: floorSubject },
    { key: 'agent', subject: { label: 'this agent (default profile + persistence)', profile: defaultAgentProfile, scripts: AGENT_SCRIPTS } },
    {
      key: 'youbora',
      subject: {
        label: `Youbora ${version('youbora-adapter-shaka')} (Shaka adapter)`,
        start: 'youbora',
        files: { 'youbora-shaka.js': youboraPath },
        scripts: ['youbora-shaka.js'],
      },
    },
    {
      key: 'bitmovin',
      subject: {
        label: `Bitmovin ${version('bitmovin-analytics')} (ShakaAdapter)`,
        start: 'bitmovin',
        files: { 'bitmovin-analytics.js': bitmovin },
        scripts: ['bitmovin-analytics.js'],
      },
    },
    {
      key: 'mux',
      subject: {
        label: `Mux ${version('@mux/mux-data-shakaplayer')} (shakaplayer-mux)`,
        start: 'mux',
        files: { 'shakaplayer-mux.js': mux },
        scripts: ['shakaplayer-mux.js'],
      },
    },
  ].filter((row) => !only || only.includes(row.key));
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const both = (values: (number | null)[], digits: number) => values.map((v) => (v === null ? '–' : fixed(v, digits))).join(' / ');
/** Ratio of each round's figure to the same round's reference. */
const ratios = (values: (number | null)[], reference: (number | null)[] | undefined) =>
  reference
    ? both(
        values.map((v, i) => (v === null || !reference[i] ? null : v / reference[i]!)), // no reference figure (0): no ratio
        1
      )
    : '–';

/** With BENCH_HEAP_SNAPSHOT=1: what a page holds beyond the no-SDK page of the same round, by kind, the largest first. */
function printHeapDifference(key: string, runs: Measurement[], baseline: Measurement[]): void {
  runs.forEach((m, round) => {
    const own = m.heapByKind!;
    const base = baseline[round].heapByKind!;
    const kinds = new Set([...own.keys(), ...base.keys()]);
    const differences = [...kinds].map((kind) => ({ kind, bytes: (own.get(kind) ?? 0) - (base.get(kind) ?? 0) }));
    const total = differences.reduce((sum, d) => sum + d.bytes, 0);
    console.log(`\n${key}, round ${round + 1}: heap snapshot minus the no-SDK page's: ${(total / 1024).toFixed(0)} KiB; the largest differences:`);
    for (const d of differences.sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes)).slice(0, 15))
      console.log(`  ${(d.bytes / 1024).toFixed(1)} KiB  ${d.kind}`);
  });
}

async function main(): Promise<void> {
  const buildDir = mkdtempSync(join(tmpdir(), 'bench-peers-'));
  const certificate = makeCertificate();
  const server = await startServer({ port: 0 });
  const sink = await startSink({ certificate, preflightMaxAgeSeconds: 7200 });
  try {
    const table = rows(await buildYoubora(buildDir));
    const results = new Map<string, Measurement[]>();
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? table.slice().reverse() : table;
      for (const row of order) {
        const m = await measurePage(row.subject, { server, sink, certificate, settings, probe: false });
        console.error(
          `round ${round + 1}: ${m.label}: ${fixed(m.samplerMsPerMinute, 2)} ms/min (after the first record: ${both([m.steadyMsPerMinute], 2)}), ${fixed(m.requestsPerMinute, 2)} requests/min, heap ${Math.round(m.heapUsed / 1024)} KiB`
        );
        results.set(row.key, (results.get(row.key) ?? []).concat(m));
      }
    }
    const ms = (key: string) => results.get(key)?.map((m) => m.samplerMsPerMinute);
    const steady = (key: string) => results.get(key)?.map((m) => m.steadyMsPerMinute);
    const baselineHeap = results.get('baseline')?.map((m) => m.heapUsed);
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    console.log(
      `\n## Beside the peers: ${when} UTC, ${cpus().length} × ${cpus()[0]?.model.trim()}, headless Chromium, CPU throttled ${settings.throttle}×, ` +
        `Shaka 4.16 playing live, ${settings.warmupSeconds} s warm-up, ${settings.windowSeconds} s window, ${rounds} round(s) (figures: round 1 / round 2, the second in reverse order)`
    );
    console.log(
      `| page | main thread ms/min (V8 sampler) | ÷ floor | ÷ agent | after the first record (playback > ${STEADY_AFTER_SECONDS} s): ms/min, ÷ floor | KB/min sent | requests/min (of which preflights) | heap Δ vs no SDK, KiB |`
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of table) {
      const runs = results.get(row.key)!;
      if (row.key === 'baseline') {
        console.log(
          `| ${row.subject.label} | – | – | – | – | ${both(
            runs.map((m) => m.kbPerMinute),
            2
          )} | ${both(
            runs.map((m) => m.requestsPerMinute),
            2
          )} | ${both(
            runs.map((m) => m.heapUsed / 1024),
            0
          )} KiB used |`
        );
        continue;
      }
      const own = ms(row.key)!;
      const heapDelta = baselineHeap
        ? both(
            runs.map((m, i) => (m.heapUsed - baselineHeap[i]) / 1024),
            0
          )
        : '–';
      console.log(
        `| ${row.subject.label} | ${both(own, 1)} | ${ratios(own, ms('floor'))} | ${ratios(own, ms('agent'))} | ` +
          `${both(steady(row.key)!, 1)}, ${ratios(steady(row.key)!, steady('floor'))} | ${both(
            runs.map((m) => m.kbPerMinute),
            2
          )} | ` +
          `${both(
            runs.map((m) => m.requestsPerMinute),
            2
          )} (${both(
            runs.map((m) => m.preflightsPerMinute),
            2
          )}) | ${heapDelta} |`
      );
    }
    for (const key of ['floor', 'agent']) {
      const runs = results.get(key);
      const baseline = results.get('baseline');
      if (runs && baseline && runs[0].heapByKind) printHeapDifference(key, runs, baseline);
    }
    const records = sink.records();
    console.log(`\nThe agent's records at the sink's collector: ${records.valid} valid, ${records.invalid} invalid.`);
  } finally {
    await sink.close();
    await server.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
