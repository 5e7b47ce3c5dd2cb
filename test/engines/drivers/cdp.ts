// Old headless Chromium (64 and 76 from the npm package chrome-aws-lambda), driven over the raw
// Chrome DevTools Protocol: playwright-core needs a newer protocol than these engines speak.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket = require('ws');
import { pollUntil, stopProcess as stop, waitForNewDocument, type EngineBrowser, type EngineTab } from './engine';

const LAUNCH_TIMEOUT_MS = 30000;
const LOAD_TIMEOUT_MS = 30000;

interface Pending {
  resolve(result: any): void;
  reject(error: Error): void;
}

/** One WebSocket to one page target: commands by id, answers matched back. */
class CdpPage {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      const waiting = message.id !== undefined ? this.pending.get(message.id) : undefined;
      if (!waiting) return; // an event: the suite asks for state instead of listening
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`CDP ${message.error.code}: ${message.error.message}`));
      else waiting.resolve(message.result);
    });
    socket.on('close', () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error('CDP connection closed'));
      this.pending.clear();
    });
  }

  static connect(url: string): Promise<CdpPage> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.once('open', () => resolve(new CdpPage(socket)));
      socket.once('error', reject);
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

function cdpTab(page: CdpPage): EngineTab {
  const tab: EngineTab = {
    evaluate: async <T>(expression: string) => {
      const answer = await page.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (answer.exceptionDetails) {
        const details = answer.exceptionDetails;
        throw new Error(`in the page: ${details.exception?.description ?? details.text}`);
      }
      return answer.result.value as T;
    },
    goto: async (url) => {
      await tab.evaluate('window.staleDocument = true').catch(() => undefined);
      await page.send('Page.navigate', { url });
      await waitForNewDocument(tab, LOAD_TIMEOUT_MS);
    },
    reload: async () => {
      await tab.evaluate('window.staleDocument = true');
      await page.send('Page.reload', {});
      await waitForNewDocument(tab, LOAD_TIMEOUT_MS);
    },
  };
  return tab;
}

/** Resolves with the browser's DevTools port once it prints it. */
function devToolsPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('no DevTools port within ' + LAUNCH_TIMEOUT_MS + ' ms:\n' + output)), LAUNCH_TIMEOUT_MS);
    child.stderr!.on('data', (chunk) => {
      output += String(chunk);
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser exited (${code}) before listening:\n${output}`));
    });
  });
}

/**
 * The WebSocket URL of the browser's first tab. The browser prints its DevTools port before it has
 * opened that tab: on a busy machine the list is empty for a while, so it is asked again.
 */
async function pageTarget(port: number): Promise<string> {
  return pollUntil(
    async () => {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; webSocketDebuggerUrl: string }>;
      const page = targets.filter((t) => t.type === 'page')[0];
      return page ? page.webSocketDebuggerUrl : null;
    },
    LAUNCH_TIMEOUT_MS,
    () => 'no page target within ' + LAUNCH_TIMEOUT_MS + ' ms'
  );
}

export async function launchCdpChromium(executable: string): Promise<EngineBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'engine-chromium-'));
  const child = spawn(
    executable,
    [
      '--headless',
      '--no-sandbox',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--mute-audio',
      '--autoplay-policy=no-user-gesture-required',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  try {
    const port = await devToolsPort(child);
    const page = await CdpPage.connect(await pageTarget(port));
    await page.send('Page.enable');
    return {
      tab: cdpTab(page),
      close: async () => {
        page.close();
        await stop(child);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop(child);
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
