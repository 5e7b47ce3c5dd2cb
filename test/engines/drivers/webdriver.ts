// WPE WebKit (the RDK engine), driven by WPEWebDriver over plain W3C WebDriver HTTP: the browser is
// cog, headless. Debian packages: see WPE_PACKAGES.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { RESULTS_DIR } from '../results';
import { pollUntil, stopProcess as stop, type EngineBrowser, type EngineTab } from './engine';

export const WPE_PACKAGES = 'cog wpewebkit-driver gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav gstreamer1.0-gl';
export const WPE_INSTALL = `apt-get install -y --no-install-recommends ${WPE_PACKAGES}`;

const START_TIMEOUT_MS = 30000;
const SCRIPT_TIMEOUT_MS = 60000;

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

export function wpeMissing(): string | null {
  // gstreamer1.0-gl is checked too: without it the web process aborts in about one run in three
  const absent = ['WPEWebDriver', 'cog'].filter((c) => !onPath(c));
  if (!absent.length && spawnSync('sh', ['-c', 'ls /usr/lib/*/gstreamer-1.0/libgstopengl.so']).status !== 0) absent.push('gstreamer1.0-gl');
  return absent.length ? `${absent.join(', ')} not found, install with: ${WPE_INSTALL}` : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Trace = (line: string) => void;

async function request(base: string, method: string, path: string, body?: unknown, trace: Trace = () => undefined): Promise<any> {
  const started = Date.now();
  const shown = body && (body as { args?: unknown[] }).args ? (body as { args: unknown[] }).args : body; // the expression, not the wrapper
  trace(`> ${method} ${path} ${shown === undefined ? '' : JSON.stringify(shown).slice(0, 300)}`);
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as { value: any };
  trace(`< ${response.status} in ${Date.now() - started} ms`);
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${answer.value?.error}: ${answer.value?.message}`);
  return answer.value;
}

async function waitForDriver(base: string): Promise<void> {
  await pollUntil(
    () =>
      request(base, 'GET', '/status').then(
        (status) => (status.ready !== undefined ? true : null),
        () => null // not listening yet
      ),
    START_TIMEOUT_MS,
    () => 'WPEWebDriver did not answer within ' + START_TIMEOUT_MS + ' ms'
  );
}

// Runs in the page: evaluates the expression, awaits a thenable, answers {ok, value | error}.
const EVALUATE_ASYNC = `var done = arguments[arguments.length - 1];
try {
  Promise.resolve((0, eval)(arguments[0])).then(function (value) { done({ ok: true, value: value === undefined ? null : value }); },
    function (e) { done({ ok: false, error: String(e) }); });
} catch (e) { done({ ok: false, error: String(e) }); }`;

export async function launchWpe(): Promise<EngineBrowser> {
  const port = await freePort();
  // the driver's and the browser's output (GStreamer, web process crashes) is kept for a failed run
  mkdirSync(RESULTS_DIR, { recursive: true });
  const log = createWriteStream(join(RESULTS_DIR, `wpe-${Date.now()}.log`));
  const driver: ChildProcess = spawn('WPEWebDriver', [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  driver.stdout!.pipe(log);
  driver.stderr!.pipe(log);
  const trace: Trace = (line) => log.write(`${new Date().toISOString()} ${line}\n`);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForDriver(base);
    const session = await request(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'wpe:browserOptions': { binary: 'cog', args: ['--automation', '--platform=headless'] } } },
    });
    const path = `/session/${session.sessionId}`;
    await request(base, 'POST', `${path}/timeouts`, { script: SCRIPT_TIMEOUT_MS, pageLoad: START_TIMEOUT_MS });
    const tab: EngineTab = {
      goto: async (url) => {
        await request(base, 'POST', `${path}/url`, { url }, trace);
      },
      reload: async () => {
        await request(base, 'POST', `${path}/refresh`, {}, trace);
      },
      evaluate: async <T>(expression: string) => {
        const answer = await request(base, 'POST', `${path}/execute/async`, { script: EVALUATE_ASYNC, args: [expression] }, trace);
        if (!answer.ok) throw new Error(`in the page: ${answer.error}`);
        return answer.value as T;
      },
    };
    return {
      tab,
      close: async () => {
        await request(base, 'DELETE', path).catch(() => undefined);
        await stop(driver);
        log.end();
      },
    };
  } catch (error) {
    await stop(driver);
    log.end();
    throw error;
  }
}
