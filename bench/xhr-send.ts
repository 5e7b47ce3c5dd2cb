/**
 * What one POST's XMLHttpRequest.send() costs the main thread, whoever sends it: Chromium's own work
 * (throttled 6x, as in bench:browser), by body size, to the HTTPS sink on another origin with its
 * preflight cached. This is the part of each flush that no agent can do without; the agent's
 * bodies are larger than the floor's, as a Vault record carries more than the floor's four numbers.
 * Sizes are interleaved and each is timed many times: one send's figure moves with where the
 * throttle's pauses land.
 *   npm run bench:xhr      env: BENCH_THROTTLE (6), BENCH_REPEATS (25)
 */
import { join } from 'path';
import { launchBrowser } from '../test/e2e/browser';
import { startServer } from '../server/start';
import { median } from './fixtures';
import { chromiumTrustArgs, makeCertificate, startSink } from './sink';

const SIZES = [200, 1000, 3000, 10000, 30000];
const throttle = Number(process.env.BENCH_THROTTLE || 6);
const repeats = Number(process.env.BENCH_REPEATS || 25);

/** The value below which a share `q` of the sorted `values` lie. */
const quantile = (values: number[], q: number) => values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

async function main(): Promise<void> {
  const certificate = makeCertificate();
  const server = await startServer({ port: 0 });
  const sink = await startSink({ certificate, preflightMaxAgeSeconds: 7200 });
  const browser = await launchBrowser({ args: chromiumTrustArgs(certificate) });
  try {
    const page = await browser.newPage();
    // The page's origin counts as public, the sink on 127.0.0.1 as local (as in bench/browser-page.ts).
    await page.context().grantPermissions(['local-network-access']);
    await page.goto(`${server.url}/`);
    await page.addScriptTag({ path: join(__dirname, 'xhr-send-page.js') });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const url = `${sink.url}/vault/v1/bench/events/playback_metrics`;
    const times = (await page.evaluate(
      `new Promise(function (resolve) { window.timeSends(${JSON.stringify(url)}, ${JSON.stringify(SIZES)}, ${repeats}, 500, resolve); })`
    )) as { [size: string]: number[] };
    const base = median(times[SIZES[0]]);
    console.log(`\n## XMLHttpRequest.send() on the main thread, headless Chromium throttled ${throttle}x, ${repeats} sends per size, HTTPS, another origin`);
    console.log('| body | median ms | quartiles ms | ÷ 200 B |');
    console.log('|---|---|---|---|');
    for (const size of SIZES) {
      const t = times[size];
      console.log(
        `| ${size.toLocaleString('en')} B | ${median(t).toFixed(2)} | ${quantile(t, 0.25).toFixed(2)}–${quantile(t, 0.75).toFixed(2)} | ${(median(t) / base).toFixed(2)} |`
      );
    }
    const sent = sink.counts();
    console.log(`The sink got ${sent.requests} requests, ${sent.preflights} of them preflights.`);
  } finally {
    await browser.close();
    await sink.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
