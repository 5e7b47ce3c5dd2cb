/**
 * One page of the browser benchmarks (bench:browser, bench:peers), measured the same way whatever
 * it runs: real Shaka 4.16 plays the project's live stream in headless Chromium with the CPU
 * throttled; after a warm-up, for a window of playback:
 *  - main-thread time: V8's sampling profiler, every sample whose stack passes through one of the
 *    subject's scripts (its own work and whatever it calls synchronously: Shaka's getters,
 *    JSON.stringify, XHR send);
 *  - what it sends: requests, preflights and bytes reaching the HTTPS sink on another origin
 *    (bench/sink.ts);
 *  - the JS heap in use at the end of the window, after a full GC, for a difference with the page
 *    without any SDK.
 * Optionally the probe (bench/agent-probe.js) times every callback the subject registers.
 */
import type { CDPSession, Page } from 'playwright-core';
import { readFileSync } from 'fs';
import { join } from 'path';
import { launchBrowser } from '../test/e2e/browser';
import { AgentPage } from '../test/e2e/agent/agent-page';
import type { RunningServer } from '../server/start';
import { heapKinds, sampledMs, STEADY_AFTER_SECONDS, type CpuProfile, type HeapSnapshot } from './samples';
import { chromiumTrustArgs, type Certificate, type RunningSink } from './sink';

export interface BenchSettings {
  /** Seconds measured, after the warm-up. */
  windowSeconds: number;
  /** Seconds of playback before measuring: one-time costs (lazy compilation, the first manifest) stay out. */
  warmupSeconds: number;
  /** Chromium's CPU throttling rate, standing in for a TV SoC. */
  throttle: number;
  /** V8 flags for the page, to look into a cost (e.g. --no-flush-bytecode). */
  jsFlags: string;
  /** Prints where the subject's samples are (and the probe's calls by kind). */
  explain: boolean;
  /** Takes a heap snapshot at the end of the window and sums it by kind of object (Measurement.heapByKind). */
  heapSnapshot: boolean;
}

/**
 * Settings from the environment (BENCH_WINDOW_SECONDS, BENCH_WARMUP_SECONDS, BENCH_THROTTLE,
 * BENCH_JS_FLAGS, BENCH_EXPLAIN=1), else `defaults`: a quick run is
 * `BENCH_WINDOW_SECONDS=60 BENCH_WARMUP_SECONDS=15 npm run bench:peers`.
 */
export function settingsFromEnv(defaults: { windowSeconds: number; warmupSeconds: number }): BenchSettings {
  const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  return {
    windowSeconds: num('BENCH_WINDOW_SECONDS', defaults.windowSeconds),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', defaults.warmupSeconds),
    throttle: num('BENCH_THROTTLE', 6),
    jsFlags: process.env.BENCH_JS_FLAGS ?? '',
    explain: process.env.BENCH_EXPLAIN === '1',
    heapSnapshot: process.env.BENCH_HEAP_SNAPSHOT === '1',
  };
}

/** What a page runs: the agent with a profile, a page-side subject of bench/subjects.js, or nothing (the baseline). */
export interface Subject {
  label: string;
  /** The agent, with this profile (the sink's URL given). */
  profile?: (sinkUrl: string) => object;
  /** A name in bench/subjects.js (window.benchSubjects), started on the player before load(). */
  start?: string;
  /** Scripts the subject needs on the page besides bench/subjects.js: served under /bench/<name> from the path. */
  files?: { [name: string]: string };
  /** File names whose frames count as the subject's (the sampler). */
  scripts: string[];
}

export interface Measurement {
  label: string;
  /** V8 sampler, ms per minute of playback */
  samplerMsPerMinute: number;
  /**
   * The same, over the part of the window after the subject's first record of the page's life
   * (playback past STEADY_AFTER_SECONDS): what it costs once its record path has run; null when the
   * window ends before.
   */
  steadyMsPerMinute: number | null;
  /** The probe's ms per minute and calls, when it ran */
  probe: { msPerMinute: number; calls: number } | null;
  /** all the page's script, ms per minute (Performance.getMetrics ScriptDuration) */
  pageScriptMsPerMinute: number;
  requestsPerMinute: number;
  preflightsPerMinute: number;
  kbPerMinute: number;
  /** JS heap in use at the end of the window, after a full GC, bytes */
  heapUsed: number;
  /** With BENCH_HEAP_SNAPSHOT=1: the heap snapshot's bytes by kind of object (heapKinds) */
  heapByKind: Map<string, number> | null;
  /** the agent's status().sent at the end */
  recordsSent: number | null;
}

async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

interface ProbeTotals {
  ms: number;
  calls: number;
  byKind: { [kind: string]: { ms: number; calls: number } };
  /** The latest calls of 0.05 ms or more, "kind ms" */
  slowest: string[];
}

const probeFor = (script: string) => readFileSync(join(__dirname, 'agent-probe.js'), 'utf8').replace('})(__BUNDLE__);', `})(${JSON.stringify(script)});`);

/**
 * Serves the subject's scripts, installs the probe, and serves the page cross-origin isolated, so
 * performance.now() has microsecond resolution rather than 100 µs (the sink answers CORS, which
 * that allows).
 */
function preparer(subject: Subject, probe: boolean): (page: Page) => Promise<void> {
  return async (page) => {
    // The page is fulfilled by the route below, which Chromium then counts as a public origin: its
    // requests to the sink on 127.0.0.1 need the local-network permission. A TV app and its
    // collector are both public, and ask for none.
    await page.context().grantPermissions(['local-network-access']);
    if (probe) await page.addInitScript({ content: probeFor(subject.scripts[0]) });
    const files: { [name: string]: string } = { 'subjects.js': join(__dirname, 'subjects.js'), ...subject.files };
    for (const [name, path] of Object.entries(files)) {
      await page.route(`**/bench/${name}`, (route) =>
        route.fulfill({ path, contentType: 'text/javascript', headers: { 'cross-origin-resource-policy': 'same-origin' } })
      );
    }
    await page.route('**/e2e/agent.html*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
      });
    });
  };
}

export interface PageEnvironment {
  server: RunningServer;
  sink: RunningSink;
  certificate: Certificate;
  settings: BenchSettings;
  probe: boolean;
}

async function heapSnapshot(cdp: CDPSession): Promise<HeapSnapshot> {
  const chunks: string[] = [];
  const collect = (event: { chunk: string }) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  return JSON.parse(chunks.join('')) as HeapSnapshot;
}

/**
 * Adds a script tag and waits for it to run. Not Playwright's addScriptTag: that brings Playwright's
 * injected script into the page's heap (over 300 KiB of source, and its objects), which the
 * subject's heap figure would then carry.
 */
function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${url} did not load`));
    document.head.appendChild(script);
  });
}

/** Plays the live stream on one page with `subject`, in a browser of its own, and measures it. */
export async function measurePage(subject: Subject, env: PageEnvironment): Promise<Measurement> {
  const { settings, sink, server } = env;
  const args = [...chromiumTrustArgs(env.certificate), ...(settings.jsFlags ? [`--js-flags=${settings.jsFlags}`] : [])];
  const browser = await launchBrowser({ args });
  try {
    const profile = subject.profile ? subject.profile(sink.url) : null;
    const page = await AgentPage.open(browser, server.url, 4, profile as object, undefined, preparer(subject, env.probe));
    if (env.probe) await page.page.evaluate(() => (window as any).__agentProbe.wrapShaka((window as any).shaka));
    const cdp = await page.page.context().newCDPSession(page.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: settings.throttle });
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('HeapProfiler.enable');
    if (subject.start) {
      for (const name of Object.keys({ ...subject.files, 'subjects.js': '' })) await page.page.evaluate(loadScript, `/bench/${name}`);
      await page.call('startBenchSubject', subject.start, sink.url);
    }
    // While a route is set, Playwright answers CORS preflights itself: they would never reach the sink.
    await page.page.unrouteAll();
    const playbackStart = Date.now();
    await page.call('track', { contentType: 'live-event', contentSource: 'IPTV', editorialId: 'bbc-one', programmeId: 'p1', eventStart: Date.now() - 60000 });
    const loaded = await page.call<{ ok: boolean }>('load', `${server.url}/media/bench/live/manifest.mpd`);
    if (!loaded.ok) throw new Error(`${subject.label}: the live stream did not load: ${JSON.stringify(loaded)}`);
    if (settings.warmupSeconds) await page.page.waitForTimeout(settings.warmupSeconds * 1000);

    const scriptBefore = await scriptMs(cdp);
    if (env.probe) await page.page.evaluate(() => (window as any).__agentProbe.reset());
    sink.reset();
    // Playback seconds at the profile's start (to within the CDP round trip): where the steady part begins.
    const playbackAtStartMs = Date.now() - playbackStart;
    await cdp.send('Profiler.start');
    await page.page.waitForTimeout(settings.windowSeconds * 1000);
    const { profile: cpu } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    const sent = sink.counts();
    const pageScript = (await scriptMs(cdp)) - scriptBefore;
    // Two collections: the first may leave what finalisers free.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const heapByKind = settings.heapSnapshot ? heapKinds(await heapSnapshot(cdp)) : null;
    const perMinute = (value: number) => (value * 60) / settings.windowSeconds;
    if (settings.explain) console.log(`  ${subject.label}:`);
    const steadyFromMs = Math.max(0, STEADY_AFTER_SECONDS * 1000 - playbackAtStartMs);
    const steadySeconds = settings.windowSeconds - steadyFromMs / 1000;
    const sampled = sampledMs(cpu, subject.scripts, settings.explain, steadyFromMs);
    let probe: Measurement['probe'] = null;
    if (env.probe) {
      const totals = (await page.page.evaluate(() => (window as any).__agentProbe.read())) as ProbeTotals;
      probe = { msPerMinute: perMinute(totals.ms), calls: totals.calls };
      if (settings.explain) {
        for (const [kind, k] of Object.entries(totals.byKind).sort((a, b) => b[1].ms - a[1].ms))
          console.log(`   probe: ${perMinute(k.ms).toFixed(2)} ms/min in ${k.calls} calls  ${kind}`);
        console.log(`   probe: latest calls of 0.05 ms or more: ${totals.slowest.join(', ')}`);
      }
    }
    return {
      label: subject.label,
      samplerMsPerMinute: perMinute(sampled.ms),
      steadyMsPerMinute: steadySeconds > 0 ? (sampled.steadyMs * 60) / steadySeconds : null,
      probe,
      pageScriptMsPerMinute: perMinute(pageScript),
      requestsPerMinute: perMinute(sent.requests),
      preflightsPerMinute: perMinute(sent.preflights),
      kbPerMinute: perMinute(sent.bytes / 1024),
      heapUsed: heap.usedSize,
      heapByKind,
      recordsSent: profile ? (await page.call<{ sent: number }>('status')).sent : null,
    };
  } finally {
    await browser.close();
  }
}

/** The agent's two bundles on the test page: the core and the persistence add-on. */
export const AGENT_SCRIPTS = ['tv-telemetry-agent.js', 'tv-telemetry-persist.js'];

/** The agent as an operator ships it: the default profile (60 s metrics, 300 s flush), persistence on. */
export function defaultAgentProfile(sinkUrl: string): object {
  return { name: 'bench', vault: { endpoint: sinkUrl }, channels: { 'bbc-one': { IPTV: '239.1.1.1' } } };
}

export const floorSubject: Subject = {
  label: 'floor (bench/floor-agent.js)',
  start: 'floor',
  files: { 'floor-agent.js': join(__dirname, 'floor-agent.js') },
  scripts: ['floor-agent.js'],
};
