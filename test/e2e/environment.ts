// Mocha hooks giving a suite one dev server and one headless Chromium, shared by its tests.
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer, type ServerOptions } from '../../server/start';
import { launchBrowser } from './browser';

export interface E2eEnvironment {
  server: RunningServer;
  browser: Browser;
  /** The same server under another host name: a different origin, for CORS. */
  crossOriginUrl: string;
}

export function useE2eEnvironment(options: ServerOptions = {}): () => E2eEnvironment {
  let env: E2eEnvironment | undefined;
  before(async function () {
    this.timeout(60_000); // the first launch unpacks Chromium (a few seconds)
    const server = await startServer({ port: 0, ...options });
    try {
      const browser = await launchBrowser();
      env = { server, browser, crossOriginUrl: server.url.replace('127.0.0.1', 'localhost') };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  after(async () => {
    await env?.browser.close();
    await env?.server.close();
  });
  return () => {
    if (!env) throw new Error('e2e environment not started');
    return env;
  };
}
