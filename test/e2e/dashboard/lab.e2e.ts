// The dashboard's lab view with real agents: two "sets" (two browser contexts, each with its own
// device identity and User-Agent) play with Shaka 4.16 in headless Chromium and report to the local
// collector; the lab view lists both with the counts the collector holds and updates live when a
// third record arrives; a collector restarted on the same --collector-data shows what it had.
// Saves test-output/lab.png (tools/screenshots.ts copies it for the README).
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../../../server/start';
import { errorRecord } from '../../server/records';
import { collectorRecords, e2eProfile, resetServer, waitForRecords, type StoredRecord } from '../agent/agent-page';
import { logsOf, newPage } from '../browser';
import { useE2eEnvironment } from '../environment';

const SETS = [
  {
    deviceId: 'rack-a-01',
    userAgent: 'Mozilla/5.0 (Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 HbbTV/1.5.1 (+DRM;Acme;TV-55X;1.2.3;;)',
    kind: 'hbbtv · Acme TV-55X · Chromium 79',
    content: { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-7' },
    stream: 'vod-dash/manifest.mpd',
  },
  {
    deviceId: 'rack-b-02',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    kind: 'browser · Windows NT 10.0 Win64 x64 · Chromium 120',
    content: { contentType: 'live-event', contentSource: 'IPTV', editorialId: 'bbc-one', programmeId: 'prog-1200' },
    stream: 'live/manifest.mpd',
  },
];

/** One set: its own browser context (User-Agent, storage), the agent page, a playback of a few records. */
async function playOnSet(browser: Browser, serverUrl: string, set: (typeof SETS)[number], token: string): Promise<{ page: Page; appSessionId: string }> {
  const context = await browser.newContext({ userAgent: set.userAgent });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  await page.goto(`${serverUrl}/e2e/agent.html?shaka=4`);
  const appSessionId = await page.evaluate(([p, i]) => (window as any).app.start(p, i), [e2eProfile(serverUrl), { deviceId: set.deviceId }] as const);
  await page.evaluate((c) => (window as any).app.track(c), { ...set.content, eventStart: Date.now() - 60_000 });
  const load = await page.evaluate((src) => (window as any).app.load(src), `${serverUrl}/media/${token}/${set.stream}`);
  expect(load).to.deep.equal({ ok: true });
  return { page, appSessionId };
}

const ofDevice = (deviceId: string) => (r: StoredRecord) => r.record?.deviceId === deviceId;

/** The lab view's row for a device, as text per column. */
async function deviceRow(page: Page, deviceId: string): Promise<Record<string, string>> {
  return page.evaluate((id) => {
    const row = document.querySelector(`#devices tr[data-device="id:${id}"]`);
    if (!row) return {};
    const cells = Array.prototype.map.call(row.children, (td: HTMLElement) => td.innerText) as string[];
    const names = ['device', 'kind', 'state', 'playing', 'last', 'errors', 'drops', 'records'];
    const out: Record<string, string> = {};
    names.forEach((name, i) => (out[name] = cells[i]));
    return out;
  }, deviceId);
}

describe('collector dashboard lab view end to end', function () {
  this.timeout(120_000);
  const env = useE2eEnvironment();

  it("lists two sets with their own identity and User-Agent, with the collector's counts, and updates when a record arrives", async () => {
    const url = env().server.url;
    await resetServer(url);
    const sets = await Promise.all(SETS.map((set, i) => playOnSet(env().browser, url, set, `lab-${i}`)));
    // A few metrics records each (the e2e profile records every 2 s), then shut down: nothing after.
    for (const set of SETS) await waitForRecords(url, (all) => all.filter(ofDevice(set.deviceId)).length >= 3, {}, 30_000);
    for (const { page } of sets) await page.evaluate(() => (window as any).app.shutdown());
    const stored = await collectorRecords(url);

    const page = await newPage(env().browser, `${url}/dashboard/`);
    await page.setViewportSize({ width: 1440, height: 640 });
    await page.waitForFunction(() => document.querySelectorAll('#devices tr.device').length === 2, undefined, { timeout: 15_000 });
    for (const set of SETS) {
      const records = stored.filter(ofDevice(set.deviceId));
      const row = await deviceRow(page, set.deviceId);
      expect(row.device).to.equal(set.deviceId);
      expect(row.kind).to.equal(set.kind);
      expect(row.records).to.equal(String(records.length));
      expect(row.errors).to.equal('-');
      expect(row.drops).to.equal('0');
      expect(row.playing).to.contain(`${set.content.contentType} · ${set.content.editorialId} · ${set.content.contentSource}`);
      expect(row.playing).to.match(/started \d\d:\d\d:\d\d · \d+ s/);
    }
    // Shut down, the sets send nothing more: past two of their intervals (2 s here) both fall silent.
    await page.waitForFunction(
      () => {
        const states = Array.prototype.map.call(document.querySelectorAll('#devices tr.device .state'), (s: HTMLElement) => s.innerText);
        return states.length === 2 && states.every((s) => s === 'silent');
      },
      undefined,
      { timeout: 20_000 }
    );
    const contents = await page.locator('#contents tbody').innerText();
    expect(contents).to.contain('vod-ed · film-7 · OTT');
    expect(contents).to.contain('live-event · bbc-one · IPTV');

    // A third record, an error of the first set's playback: its row changes without a reload.
    const first = stored.filter(ofDevice(SETS[0].deviceId))[0].record;
    const error = errorRecord(
      { deviceId: SETS[0].deviceId, sessionId: first.sessionId, timestamp: new Date().toISOString() },
      { ...first.metadata, errorCode: '3016', errorMsg: 'MEDIA (3.3016): posted by the test' }
    );
    const posted = await fetch(`${url}/useractivityvault/v1/useractivity/playerError`, {
      method: 'POST',
      headers: { 'User-Agent': SETS[0].userAgent, 'Content-Type': 'application/json' },
      body: JSON.stringify([error]),
    });
    expect(posted.status).to.equal(200);
    const before = stored.filter(ofDevice(SETS[0].deviceId)).length;
    await page.waitForFunction(
      ([id, n]) => {
        const row = document.querySelector(`#devices tr[data-device="id:${id}"]`);
        return row !== null && (row.lastElementChild as HTMLElement).innerText === String(n);
      },
      [SETS[0].deviceId, before + 1] as const,
      { timeout: 10_000 }
    );
    const row = await deviceRow(page, SETS[0].deviceId);
    expect(row.errors).to.equal('3016 ×1');
    expect(row.state).to.equal('erroring');
    expect(row.last).to.match(/^\d\d:\d\d:\d\d playerError: 3016 MEDIA/);

    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/lab.png' });
    expect(logsOf(page).filter((l) => l.type === 'error' || l.type === 'pageerror')).to.deep.equal([]);
    await page.close();
    for (const set of sets) await set.page.close();
  });

  it('shows what a restarted collector had: the same devices, playbacks and chart points', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collector-data-'));
    try {
      const first = await startServer({ port: 0, collectorDataDir: dir });
      let metrics: StoredRecord[];
      try {
        const { page } = await playOnSet(env().browser, first.url, SETS[0], 'restart');
        await waitForRecords(first.url, (all) => all.filter((r) => r.activity === 'playback_metrics').length >= 3, {}, 30_000);
        await page.evaluate(() => (window as any).app.shutdown());
        await page.close();
        metrics = (await collectorRecords(first.url)).filter((r) => r.activity === 'playback_metrics');
      } finally {
        await first.close();
      }

      const second = await startServer({ port: 0, collectorDataDir: dir });
      try {
        const playbackSessionId: string = metrics[0].record.metadata.playbackSessionId;
        const page = await newPage(env().browser, `${second.url}/dashboard/`);
        await page.waitForFunction((id) => document.querySelector(`#devices tr[data-device="id:${id}"]`) !== null, SETS[0].deviceId, { timeout: 10_000 });
        expect((await deviceRow(page, SETS[0].deviceId)).records).to.equal(String(metrics.length));
        // From the device to its playback: the charts hold every point it had.
        await page.click(`#devices tr[data-device="id:${SETS[0].deviceId}"] .device-name a`);
        await page.click(`a.playback-item[data-playback="${playbackSessionId}"]`);
        await page.waitForFunction(
          (n) => {
            const charts = (window as any).dashboard.charts;
            return charts.buffer && charts.buffer.data[0].length === n;
          },
          metrics.length,
          { timeout: 10_000 }
        );
        expect(await page.locator('#playback-title').innerText()).to.contain('vod-ed · film-7 · OTT');
        await page.close();
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
