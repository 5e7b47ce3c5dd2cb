/**
 * The agent's main-thread time in a real browser, with Chromium's CPU throttled 6x to stand in for a
 * TV SoC, posting to a collector on another origin over HTTPS (bench/sink.ts), as a deployment does.
 * Real Shaka plays the live stream on the same page with and without the agent, and with the floor
 * (bench/floor-agent.js: the least any agent must do), for one default flush cycle (300 s) after a
 * warm-up. Two measures of the agent, side by side:
 *  - probe (bench/agent-probe.js): the wall time of every call into the agent, timed in the page by
 *    wrapping each callback the agent registers (timers, listeners, XHR handlers, response filter);
 *  - sampler: V8's sampling profiler, every sample whose stack passes through the agent's bundles.
 * The busy profile runs twice: against a collector that lets the engine cache its preflight for two
 * hours (Access-Control-Max-Age: 7200) and against one that does not (Chromium then keeps it 5 s).
 *   npm run bench:browser
 *   env: BENCH_WINDOW_SECONDS (300), BENCH_WARMUP_SECONDS (45), BENCH_THROTTLE (6), BENCH_EXPLAIN=1,
 *        BENCH_JS_FLAGS (e.g. --no-flush-bytecode), BENCH_ONLY (runs the pages whose label contains it)
 * Throttling suspends the main thread in chunks of a few ms and charges each to whatever runs then,
 * so one short call can show a big figure once; a whole flush cycle averages that out.
 */
import { e2eProfile } from '../test/e2e/agent/agent-page';
import { startServer } from '../server/start';
import { AGENT_SCRIPTS, defaultAgentProfile, floorSubject, measurePage, settingsFromEnv, type Subject } from './browser-page';
import { STEADY_AFTER_SECONDS } from './samples';
import { makeCertificate, startSink } from './sink';

const settings = settingsFromEnv({ windowSeconds: 300, warmupSeconds: 45 });
const only = process.env.BENCH_ONLY ?? '';

interface Page extends Subject {
  /** The sink's Access-Control-Max-Age for this page. */
  maxAge: number | null;
}

/** A flush every 20 s: a window of a minute or two shows what the preflight cache saves. */
const busyProfile = (url: string) => e2eProfile(url, { vault: { metricsIntervalSeconds: 10, flushIntervalSeconds: 20 } });

const pages: Page[] = [
  { label: 'without the agent (baseline)', scripts: AGENT_SCRIPTS, maxAge: 7200 },
  { ...floorSubject, maxAge: 7200 },
  { label: 'agent, default profile (60 s metrics, 300 s flush)', profile: defaultAgentProfile, scripts: AGENT_SCRIPTS, maxAge: 7200 },
  { label: 'agent, busy profile (10 s metrics, 20 s flush)', profile: busyProfile, scripts: AGENT_SCRIPTS, maxAge: 7200 },
  { label: 'agent, busy profile, collector without Access-Control-Max-Age', profile: busyProfile, scripts: AGENT_SCRIPTS, maxAge: null },
];

async function main(): Promise<void> {
  const certificate = makeCertificate();
  const server = await startServer({ port: 0 });
  console.log(
    `\n## Main-thread time, real Chromium, CPU throttled ${settings.throttle}x, Shaka 4.16 playing live, HTTPS collector on another origin: ` +
      `${settings.windowSeconds} s profiled after ${settings.warmupSeconds} s of playback`
  );
  console.log(
    `| page | ms/min, probe | ms/min, sampler | sampler after the first record (playback > ${STEADY_AFTER_SECONDS} s) | calls | all script ms/min | requests/min (preflights) | KB/min sent | records sent |`
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  try {
    for (const page of pages) {
      if (!page.label.includes(only)) continue;
      const sink = await startSink({ certificate, preflightMaxAgeSeconds: page.maxAge });
      try {
        const m = await measurePage(page, { server, sink, certificate, settings, probe: true });
        const probe = m.probe!;
        const isBaseline = !page.profile && !page.start;
        console.log(
          `| ${m.label} | ${isBaseline ? '-' : probe.msPerMinute.toFixed(2)} | ${isBaseline ? '-' : m.samplerMsPerMinute.toFixed(2)} | ${isBaseline || m.steadyMsPerMinute === null ? '-' : m.steadyMsPerMinute.toFixed(2)} | ${isBaseline ? '-' : probe.calls} | ` +
            `${m.pageScriptMsPerMinute.toFixed(0)} | ${m.requestsPerMinute.toFixed(2)} (${m.preflightsPerMinute.toFixed(2)}) | ${m.kbPerMinute.toFixed(2)} | ${m.recordsSent ?? '-'} |`
        );
      } finally {
        await sink.close();
      }
    }
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
