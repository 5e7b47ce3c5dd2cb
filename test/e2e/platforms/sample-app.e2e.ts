// The packaged sample apps boot in Chromium: each package is built (tools/package) with a profile
// pointing at the local collector and stream, its app directory is served on the dev server's
// origin, the platform objects are faked by an init script (the TV would provide them), and the
// test checks that the app registers its keys, plays the first channel and that its records
// reach the collector.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { packageHbbtv } from '../../../tools/package/hbbtv';
import { packageTizen } from '../../../tools/package/tizen';
import { packageWebos } from '../../../tools/package/webos';
import { useE2eEnvironment } from '../environment';
import { fakeCalls, type FakePlatform, PAGES_DIR, streamUrl, UUID_V4, waitForRecords } from './platform-page';

type Target = 'webos' | 'tizen' | 'hbbtv';

describe('e2e platforms: packaged sample apps', function () {
  const env = useE2eEnvironment();
  const appDirs: Partial<Record<Target, string>> = {};
  let out: string;
  let context: BrowserContext | null = null;
  let logs: string[] = [];

  before(async function () {
    this.timeout(60_000);
    const url = env().server.url;
    out = mkdtempSync(join(tmpdir(), 'tvt-sample-e2e-'));
    const profile = {
      name: 'sample-e2e',
      allowInsecure: true,
      vault: { endpoint: url, metricsIntervalSeconds: 1, flushIntervalSeconds: 1 },
      package: {
        title: 'Sample E2E',
        streams: {
          'local-vod': { title: 'Local VOD', url: streamUrl(url, 'vod-dash/manifest.mpd'), contentType: 'vod-ed' },
          'local-live': { title: 'Local live', url: streamUrl(url, 'live/manifest.mpd'), contentType: 'live-event' },
        },
        hbbtv: { orgId: 4660, appId: 77, urlBase: url + '/sample/hbbtv/' },
      },
    };
    const file = join(out, 'sample-e2e.json');
    writeFileSync(file, JSON.stringify(profile));
    const options = { profile: file, outDir: out, log: () => {} };
    appDirs.webos = (await packageWebos(options)).appDir;
    appDirs.tizen = (await packageTizen(options, {})).appDir;
    appDirs.hbbtv = (await packageHbbtv(options)).appDir;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') console.log('page log:\n  ' + logs.join('\n  '));
    await context?.close();
    context = null;
    logs = [];
  });

  after(() => rmSync(out, { recursive: true, force: true }));

  /** Serves the staged app at <server>/sample/<target>/ with the fakes installed before any page script. */
  async function launch(target: Target, fake: FakePlatform): Promise<Page> {
    const url = env().server.url;
    context = await env().browser.newContext();
    const fakes = await readFile(join(PAGES_DIR, 'fakes.js'), 'utf8');
    await context.addInitScript({ content: 'window.__FAKE_CONFIG = ' + JSON.stringify(fake) + ';\n' + fakes });
    const prefix = '/sample/' + target + '/';
    await context.route(
      (u) => u.origin === new URL(url).origin && u.pathname.startsWith(prefix),
      async (route) => {
        const relative = normalize(decodeURIComponent(new URL(route.request().url()).pathname.slice(prefix.length)));
        // Tizen's runtime provides $WEBAPIS/webapis/webapis.js; here the init script did
        if (relative.startsWith('$WEBAPIS')) return route.fulfill({ status: 200, contentType: 'text/javascript', body: '' });
        // Chromium downloads application/vnd.hbbtv.xhtml+xml; application/xhtml+xml parses it as XML the same way
        const type =
          extname(relative) === '.html'
            ? target === 'hbbtv'
              ? 'application/xhtml+xml'
              : 'text/html'
            : extname(relative) === '.css'
              ? 'text/css'
              : 'text/javascript';
        try {
          await route.fulfill({ status: 200, contentType: type, body: await readFile(join(appDirs[target] as string, relative)) });
        } catch {
          await route.fulfill({ status: 404, body: 'not found' });
        }
      }
    );
    const page = await context.newPage();
    // remember the app session of the first record the page sends
    page.on('request', (request) => {
      if (request.method() !== 'POST' || request.url().indexOf('/useractivityvault/') < 0) return;
      const body = JSON.parse(request.postData() || 'null');
      const first = Array.isArray(body) ? body[0] : body;
      const session = first?.metadata?.appSessionId;
      if (session) void page.evaluate((s) => ((window as any).__sentSession = (window as any).__sentSession || s), session).catch(() => undefined);
    });
    page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`[pageerror] ${e.stack ?? e.message}`));
    await page.goto(url + prefix + 'index.html', { waitUntil: 'load' });
    return page;
  }

  function pressKey(page: Page, keyCode: number): Promise<void> {
    return page.evaluate((code) => {
      const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'keyCode', { value: code });
      document.dispatchEvent(event);
    }, keyCode);
  }

  /** The collector's records of the app session this page sent (the app does not expose its agent). */
  async function recordsOfPage(page: Page) {
    const session = (await page.waitForFunction(() => (window as any).__sentSession || null, undefined, { timeout: 10_000 })).jsonValue();
    return waitForRecords(env().server.url, (await session) as string, (r) => r.length >= 1);
  }

  it('Tizen: registers its media keys, plays the first channel with the DUID; Back hides the list, then leaves the app', async () => {
    const page = await launch('tizen', { tizen: { duid: 'DUID-SAMPLE-TIZEN' } });
    await page.waitForFunction(() => !(document.getElementById('video') as HTMLVideoElement).paused, undefined, { timeout: 10_000 });
    const calls = await fakeCalls(page);
    expect(calls.filter((c) => c.name === 'tvinputdevice.registerKey').map((c) => c.detail)).to.include.members(['MediaPlayPause', 'ChannelUp', 'ChannelDown']);
    const records = await recordsOfPage(page);
    expect(records[0].valid, JSON.stringify(records[0].errors)).to.equal(true);
    expect(records[0].record.deviceId).to.equal('DUID-SAMPLE-TIZEN');
    await pressKey(page, 10009); // Back: hides the overlay
    expect(await page.evaluate(() => document.getElementById('overlay')!.className)).to.contain('hidden');
    await pressKey(page, 10009); // Back again: leaves
    await page.waitForFunction(() => (window as any).__fakeCalls.some((c: any) => c.name === 'application.exit'), undefined, { timeout: 5000 });
    expect(logs.filter((l) => l.startsWith('[pageerror]'))).to.deep.equal([]);
    expect(
      logs.filter((l) => l.includes('tv-telemetry-persist.js')),
      'the persistence add-on loaded and taken'
    ).to.deep.equal([]);
  });

  it('HbbTV: sets its keyset, shows itself, and reports configuration.deviceId from an XHTML page', async () => {
    const page = await launch('hbbtv', { hbbtv: { deviceId: 'hbbtv-sample-device' } });
    expect(await page.evaluate(() => document.contentType)).to.equal('application/xhtml+xml');
    await page.waitForFunction(() => !(document.getElementById('video') as HTMLVideoElement).paused, undefined, { timeout: 10_000 });
    const calls = await fakeCalls(page);
    expect(calls.filter((c) => c.name === 'keyset.setValue').map((c) => c.detail)).to.deep.equal([0x10 | 0x20]);
    expect(calls.map((c) => c.name)).to.include('application.show');
    const records = await recordsOfPage(page);
    expect(records[0].record.deviceId).to.equal('hbbtv-sample-device');
    expect(logs.filter((l) => l.startsWith('[pageerror]'))).to.deep.equal([]);
    expect(
      logs.filter((l) => l.includes('tv-telemetry-persist.js')),
      'the persistence add-on loaded and taken'
    ).to.deep.equal([]);
  });

  it("webOS: runs with LG's real webOSTV.js, and without a luna bridge keeps a stored UUID", async () => {
    const page = await launch('webos', { webos: { deviceInfo: { modelName: 'OLED55C1', firmwareVersion: '03.20.60' } } });
    await page.waitForFunction(() => !(document.getElementById('video') as HTMLVideoElement).paused, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => typeof (window as any).webOS.platformBack)).to.equal('function');
    const records = await recordsOfPage(page);
    expect(records[records.length - 1].record.deviceId).to.match(UUID_V4);
    expect(logs.filter((l) => l.startsWith('[pageerror]'))).to.deep.equal([]);
    expect(
      logs.filter((l) => l.includes('tv-telemetry-persist.js')),
      'the persistence add-on loaded and taken'
    ).to.deep.equal([]);
  });
});
