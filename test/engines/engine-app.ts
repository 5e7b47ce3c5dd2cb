// Drives test/engines/pages/engine.html (window.app) through any engine's tab.
import { pollUntil, type EngineTab } from './drivers/engine';

export interface EngineState {
  currentTime: number;
  duration: number;
  paused: boolean;
  isLive: boolean;
  bufferedEnd: number;
  bandwidths: number[];
  quality: { total: number; dropped: number } | null;
  /** For a failure's message: what the element and Shaka say about a stall. */
  readyState: number;
  buffered: Array<[number, number]>;
  buffering: boolean;
  seekRange: { start: number; end: number };
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

/** How long a playhead may lag behind the wall clock (startup, a loaded machine) before it counts as stalled. */
const STALL_GRACE_MS = 20000;

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

  /** Polls `expression` in the page until it is truthy; a timeout says where the player stood. */
  async waitFor(expression: string, timeoutMs: number, what = expression): Promise<void> {
    await pollUntil(
      async () => ((await this.tab.evaluate<boolean>(expression)) ? true : null),
      timeoutMs,
      async () =>
        `timed out after ${timeoutMs} ms waiting for ${what}; player: ${JSON.stringify(await this.state())}; ` +
        `agent logs: ${(await this.call<string[]>('logs')).join(' | ')}`
    );
  }

  /**
   * Waits until the playhead reached `time`: as long as playing there takes, plus STALL_GRACE_MS. The
   * wait counts from where the playhead is now: a live playhead is hundreds of seconds into the stream.
   */
  async playUntil(time: number): Promise<void> {
    const ahead = Math.max(0, time - (await this.state()).currentTime);
    await this.waitFor(`app.state().currentTime >= ${time}`, ahead * 1000 + STALL_GRACE_MS, `the playhead at ${time} s`);
  }

  async playFor(seconds: number): Promise<void> {
    await this.playUntil((await this.state()).currentTime + seconds);
  }
}
