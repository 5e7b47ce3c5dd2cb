// What the engine suite needs from a browser, whatever drives it: open a page, reload it, and
// evaluate an expression (awaiting a Promise it returns) to a JSON value.
import type { ChildProcess } from 'node:child_process';

export interface EngineTab {
  /** Navigates and resolves once the page has loaded. */
  goto(url: string): Promise<void>;
  /** Reloads, keeping the origin's storage; resolves once the new page has loaded. */
  reload(): Promise<void>;
  /** The JSON value of `expression`; a Promise it returns is awaited; a throw rejects. */
  evaluate<T = unknown>(expression: string): Promise<T>;
}

export interface EngineBrowser {
  /** One tab for a suite: tests navigate it anew. */
  tab: EngineTab;
  close(): Promise<void>;
}

/** The media an engine plays: H.264/AAC, or VP9/Opus where H.264 is missing (Chromium 64). */
export type StreamSet = 'h264' | 'vp9';

export interface Engine {
  id: string;
  label: string;
  streams: StreamSet;
  /** The Shaka lines this engine runs (see engines.ts for why). */
  shakaLines: string[];
  /** null when the engine can run here; else one line saying how to install it. */
  missing(): string | null;
  launch(): Promise<EngineBrowser>;
}

/**
 * Asks `probe` every 100 ms until it gives a value other than null; after `timeoutMs`, throws the
 * error `failure()` describes. A probe's throw ends the wait (probes catch what means "not yet").
 */
export async function pollUntil<T>(probe: () => Promise<T | null>, timeoutMs: number, failure: () => string | Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(await failure());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Loads `url` and waits until the new document (not the old one) is complete. */
export async function waitForNewDocument(tab: Pick<EngineTab, 'evaluate'>, timeoutMs: number): Promise<void> {
  // window.staleDocument is set on the old document before navigating away
  await pollUntil(
    () =>
      tab.evaluate<boolean>("!window.staleDocument && document.readyState === 'complete'").then(
        (loaded) => (loaded ? true : null),
        () => null // the context went away mid-navigation: ask the new one
      ),
    timeoutMs,
    () => 'page did not load within ' + timeoutMs + ' ms'
  );
}

/** Ends a browser or driver process this suite started, and waits for it. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
