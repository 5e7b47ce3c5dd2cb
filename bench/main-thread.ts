/**
 * Budget: the agent's main-thread time in a real browser, under 2 ms per minute of playback,
 * with Chromium's CPU throttled 6x to stand in for a TV SoC. Real Shaka plays the live stream on the
 * same page with and without the agent, for one default flush cycle (300 s) after a warm-up.
 * Two measures of the agent, side by side:
 *  - probe (bench/agent-probe.js): the wall time of every call into the agent, timed in the page by
 *    wrapping each callback the agent registers (timers, listeners, XHR handlers, response filter);
 *  - sampler: V8's sampling profiler, every sample whose stack passes through the agent's bundle.
 * The page's whole script time (baseline and with the agent) is given for scale.
 *   npm run bench:browser [-- --seconds 300] [--warmup 30] [--explain] [--throttle 6] [--only busy] [--js-flags ...]
 * Throttling suspends the main thread in chunks of a few ms and charges each to whatever runs then,
 * so one short call can show a big figure once; a whole flush cycle averages that out. --explain
 * lists the probe's calls by kind and the sampler's agent frames (line:column in the minified bundle).
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../test/e2e/browser';
import { AgentPage, e2eProfile } from '../test/e2e/agent/agent-page';
import { startServer } from '../server/start';
import { readFileSync } from 'fs';
import { join } from 'path';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 300;
const BUNDLE = 'tv-telemetry-agent.js';
const explain = process.argv.includes('--explain');
const warmupAt = process.argv.indexOf('--warmup');
/** Seconds of playback before profiling starts: one-time costs (lazy compilation) stay out of the steady state. */
const warmup = warmupAt > 0 ? Number(process.argv[warmupAt + 1]) : 30;
const throttleAt = process.argv.indexOf('--throttle');
const throttle = throttleAt > 0 ? Number(process.argv[throttleAt + 1]) : 6;
const jsFlagsAt = process.argv.indexOf('--js-flags');
/** V8 flags for the page, to look into a cost (e.g. --no-flush-bytecode). */
const jsFlags = jsFlagsAt > 0 ? process.argv[jsFlagsAt + 1] : '';
const onlyAt = process.argv.indexOf('--only');
/** Runs only the pages whose label contains this (e.g. "busy"), to look into one. */
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : '';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

/** Milliseconds of samples whose stack includes a frame from the agent's bundle. */
function agentMs(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, script: string): number {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const inAgent = new Map<number, boolean>();
  const isAgent = (id: number): boolean => {
    const known = inAgent.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = node.callFrame.url.endsWith(script) || (up !== undefined && isAgent(up));
    inAgent.set(id, result);
    return result;
  };
  let us = 0;
  const where = new Map<string, number>();
  const leaves = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    if (!isAgent(profile.samples[i])) continue;
    us += profile.timeDeltas[i] ?? 0;
    if (explain) {
      // name the sample by the agent frames on its stack (outermost first) and its innermost frame
      const chain: string[] = [];
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const frame = byId.get(id)!.callFrame as any;
        if (frame.url.endsWith(script)) chain.unshift(`${frame.functionName || '(anon)'}:${frame.columnNumber}`);
      }
      const leaf = byId.get(profile.samples[i])!.callFrame;
      const key = `${chain.join(' > ')} -> ${leaf.functionName || '(anon)'} ${leaf.url.split('/').pop()}`;
      where.set(key, (where.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
      const leafKey = `${leaf.functionName || '(anon)'}:${(leaf as any).columnNumber} ${leaf.url.split('/').pop()}`;
      leaves.set(leafKey, (leaves.get(leafKey) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  }
  if (explain) {
    for (const [k, v] of [...where].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`   ${(v / 1000).toFixed(2)} ms  ${k}`);
    console.log('   self time by innermost frame:');
    for (const [k, v] of [...leaves].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`   ${(v / 1000).toFixed(2)} ms  ${k}`);
  }
  return us / 1000;
}

async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

const FLOOR = 'floor-agent.js';
const probeFor = (script: string) => readFileSync(join(__dirname, 'agent-probe.js'), 'utf8').replace('})(__BUNDLE__);', `})(${JSON.stringify(script)});`);

/**
 * Installs the probe (timing calls into `script`), serves the floor's script, and serves the page
 * cross-origin isolated (everything it loads is same-origin), so performance.now() has microsecond
 * resolution rather than 100 µs.
 */
function preparer(script: string): (page: Page) => Promise<void> {
  return async (page) => {
    await page.addInitScript({ content: probeFor(script) });
    await page.route(`**/bench/${FLOOR}`, (route) => route.fulfill({ path: join(__dirname, FLOOR), contentType: 'text/javascript' }));
    await page.route('**/e2e/agent.html*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } });
    });
  };
}

interface ProbeTotals {
  ms: number;
  calls: number;
  byKind: { [kind: string]: { ms: number; calls: number } };
  /** The latest calls of 0.05 ms or more, "kind ms" */
  slowest: string[];
}

/** What a page runs: the agent with a profile, the floor, or nothing (the baseline). */
interface Subject {
  label: string;
  profile?: (serverUrl: string) => object;
  floor?: boolean;
}

async function run(subject: Subject): Promise<void> {
  const { label } = subject;
  if (!label.includes(only)) return;
  const server = await startServer({ port: 0 });
  const profile = subject.profile ? subject.profile(server.url) : null;
  const script = subject.floor ? FLOOR : BUNDLE;
  const browser = await launchBrowser(jsFlags ? { args: [`--js-flags=${jsFlags}`] } : {});
  try {
    const page = await AgentPage.open(browser, server.url, 4, profile as object, undefined, preparer(script));
    await page.page.evaluate(() => (window as any).__agentProbe.wrapShaka((window as any).shaka));
    const cdp = await page.page.context().newCDPSession(page.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await page.call('track', { contentType: 'live-event', contentSource: 'IPTV', editorialId: 'bbc-one', programmeId: 'p1', eventStart: Date.now() - 60000 });
    await page.call('load', `${server.url}/media/bench/live/manifest.mpd`);
    if (subject.floor) {
      await page.page.addScriptTag({ url: `/bench/${FLOOR}` });
      await page.call('startFloor', `${server.url}/useractivityvault/v1/useractivity/playback_metrics`, 60000, 300000);
    }
    if (warmup) await page.page.waitForTimeout(warmup * 1000);
    const scriptBefore = await scriptMs(cdp);
    await page.page.evaluate(() => (window as any).__agentProbe.reset());
    await cdp.send('Profiler.start');
    await page.page.waitForTimeout(seconds * 1000);
    const { profile: cpu } = (await cdp.send('Profiler.stop')) as { profile: any };
    const pageScript = (await scriptMs(cdp)) - scriptBefore;
    const probe = (await page.page.evaluate(() => (window as any).__agentProbe.read())) as ProbeTotals;
    const perMinute = (ms: number) => ((ms * 60) / seconds).toFixed(2);
    const sampled = agentMs(cpu, script);
    const status = profile ? await page.call<any>('status') : null;
    if (explain) {
      const kinds = Object.entries(probe.byKind).sort((a, b) => b[1].ms - a[1].ms);
      for (const [kind, k] of kinds) console.log(`   probe: ${perMinute(k.ms)} ms/min in ${k.calls} calls  ${kind}`);
      console.log(`   probe: latest calls of 0.05 ms or more: ${probe.slowest.join(', ')}`);
    }
    console.log(`| ${label} | ${perMinute(probe.ms)} | ${perMinute(sampled)} | ${probe.calls} | ${perMinute(pageScript)} | ${status ? status.sent : '-'} |`);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  console.log(`\n## Main-thread time, real Chromium, CPU throttled ${throttle}x, Shaka 4.16 playing live: ${seconds} s profiled${warmup ? ` after ${warmup} s of playback` : ' from the start'}`);
  console.log('| page | agent ms/min, probe (budget 2) | agent ms/min, sampler | calls into the agent | all script ms/min | records sent |');
  console.log('|---|---|---|---|---|---|');
  await run({ label: 'without the agent (baseline)' });
  await run({ label: 'floor: the least an agent must do (60 s reading, 300 s POST, bytes per response)', floor: true });
  await run({ label: 'agent, default profile (60 s metrics, 300 s flush)', profile: (url) => ({ name: 'bench', allowInsecure: true, vault: { endpoint: url }, channels: { 'bbc-one': { IPTV: '239.1.1.1' } } }) });
  await run({ label: 'agent, busy profile (10 s metrics, 20 s flush)', profile: (url) => e2eProfile(url, { vault: { metricsIntervalSeconds: 10, flushIntervalSeconds: 20 } }) });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
