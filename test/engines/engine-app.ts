// Drives test/engines/pages/engine.html (window.app) through any engine's tab.
import type { EngineTab } from './drivers/engine';

export interface EngineState {
  currentTime: number;
  duration: number;
  paused: boolean;
  isLive: boolean;
  bufferedEnd: number;
  bandwidths: number[];
  quality: { total: number; dropped: number } | null;
}

export interface EngineFeatures {
  sendBeacon: boolean;
  fetch: boolean;
  abortController: boolean;
  nativePlaybackQuality: boolean;
  webkitFrameCounters: boolean;
  randomUUID: boolean;
  userAgent: string;
}

export class EngineApp {
  private constructor(
    readonly tab: EngineTab,
    readonly appSessionId: string
  ) {}

  /** Opens the page on `shakaLine` with empty storage and starts the agent. */
  static async open(tab: EngineTab, serverUrl: string, shakaLine: string, profile: object, identity: object): Promise<EngineApp> {
    await tab.goto(`${serverUrl}/engine-e2e/engine.html?shaka=${shakaLine}`);
    await tab.evaluate('app.clearStorage()');
    return new EngineApp(tab, await EngineApp.start(tab, profile, identity));
  }

  /** Reloads the page (storage kept) and starts the agent again; the new page's app. */
  async reload(profile: object, identity: object): Promise<EngineApp> {
    await this.tab.reload();
    return new EngineApp(this.tab, await EngineApp.start(this.tab, profile, identity));
  }

  private static start(tab: EngineTab, profile: object, identity: object): Promise<string> {
    return tab.evaluate<string>(`app.start(${JSON.stringify(profile)}, ${JSON.stringify(identity)})`);
  }

  call<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
    return this.tab.evaluate<T>(`app.${name}.apply(null, ${JSON.stringify(args)})`);
  }

  state(): Promise<EngineState> {
    return this.call<EngineState>('state');
  }

  /** Polls `expression` in the page until it is truthy. */
  async waitFor(expression: string, timeoutMs: number, what = expression): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.tab.evaluate<boolean>(expression))) {
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; agent logs: ${(await this.call<string[]>('logs')).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until the playhead reached `time`. */
  playUntil(time: number): Promise<void> {
    return this.waitFor(`app.state().currentTime >= ${time}`, time * 1000 + 20000, `the playhead at ${time} s`);
  }

  async playFor(seconds: number): Promise<void> {
    await this.playUntil((await this.state()).currentTime + seconds);
  }
}
