// The debug overlay in real Chromium with real Shaka 4.16: armed by the profile, it appears on the
// blue key (keyCode 406, as a remote sends it) over a playing stream, shows the values of
// agent.status() and of the player, goes on the next press, and agent.debugOverlay() drives it
// from code. Saves test-output/overlay.png (tools/screenshots.ts copies it for docs/overlay.md).
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { StaticMount } from '../../../server/static-routes';
import { e2eProfile, resetServer } from '../agent/agent-page';
import { logsOf, newPage } from '../browser';
import { useE2eEnvironment } from '../environment';

/** Served by the e2e server at /overlay-e2e/. */
const OVERLAY_PAGES: StaticMount = { prefix: '/overlay-e2e/', dir: join(__dirname, 'pages') };
const BLUE = 406;

type Fields = Record<string, string> | null;

function call<T = unknown>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([n, a]) => (window as any).app[n as string](...(a as unknown[])), [name, args] as const);
}

describe('debug overlay end to end', function () {
  this.timeout(60_000);
  const env = useE2eEnvironment({ mounts: [OVERLAY_PAGES] });

  it('appears on the blue key over a playing stream and shows the live values of agent.status()', async () => {
    const url = env().server.url;
    await resetServer(url);
    const page = await newPage(env().browser, `${url}/overlay-e2e/overlay.html?shaka=4`);
    await page.setViewportSize({ width: 1280, height: 720 });
    const profile = e2eProfile(url, { debug: { overlay: true } });
    await call(page, 'start', profile, { deviceId: 'living-room-tv-0042', accountId: 'acc-778899', userId: 'user-31337' });
    await call(page, 'track', {
      contentType: 'live-event',
      contentSource: 'IPTV',
      editorialId: 'bbc-one',
      programmeId: 'prog-1200',
      eventStart: Date.now() - 600_000,
    });
    expect(await call(page, 'load', `${url}/media/overlay/live/manifest.mpd?token=secret`)).to.equal(true);
    // Two metrics records taken (the e2e profile's interval is short), then sent.
    await page.waitForFunction(() => {
      const now = (window as any).app.status();
      return now.queued + now.sent >= 2;
    });
    await call(page, 'flush');

    expect(await call<Fields>(page, 'overlay'), 'hidden until its key').to.equal(null);
    await call(page, 'pressKey', 13); // another key does nothing
    expect(await call<Fields>(page, 'overlay')).to.equal(null);
    await call(page, 'pressKey', BLUE);
    const shown = await call<Fields>(page, 'overlay');
    expect(shown).to.not.equal(null);

    // The queue and drop figures are agent.status(): wait for a refresh after the flush settled.
    const status = await call<Record<string, number>>(page, 'status');
    expect(status.sent, 'records sent before the check').to.be.greaterThan(0);
    // Read the overlay and the status in one step: a record taken between two reads would differ.
    const consistent = await page.waitForFunction(
      (s) => {
        const f = (window as any).app.overlay();
        const now = (window as any).app.status();
        const same = f && now.sent === s.sent && f.queue === `queued ${now.queued}  sent ${now.sent}  retrying ${now.retrying}`;
        return same ? { fields: f, after: now } : null;
      },
      status,
      { timeout: 5000 }
    );
    const { fields, after } = (await consistent.jsonValue()) as { fields: Record<string, string>; after: Record<string, number> };
    expect(fields.queue).to.equal(`queued ${after.queued}  sent ${after.sent}  retrying ${after.retrying}`);
    expect(fields.drops).to.equal(`dropped ${after.dropped} (overflow ${after.overflowed}, refused ${after.refused})  rejected ${after.rejected}`);
    expect(fields.delivery).to.match(/^ok, \d+ records sent, /);
    expect(fields.platform).to.match(/^browser Chromium \d+/); // the engine, from the user agent
    expect(fields.identity).to.equal('device ****0042  account ****8899  user ****1337');
    expect(fields.content).to.equal('live-event IPTV');
    expect(fields.contentIds).to.equal('editorial bbc-one technical 239.100.1.1 programme prog-1200');
    const stream = await call<number>(page, 'streamBandwidth');
    expect(fields.bitrate).to.contain(`stream ${Math.round(stream / 1000)} kbit/s`);
    expect(fields.buffer).to.match(/^\d+\.\d s  position /);
    expect(fields.uri).to.equal(`${url}/media/overlay/live/manifest.mpd`);
    expect(Object.values(fields).join(' ')).to.not.match(/secret|\?|living-room|acc-778899|user-31337/);

    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/overlay.png' });

    await call(page, 'pressKey', BLUE);
    expect(await call<Fields>(page, 'overlay'), 'the next press hides it').to.equal(null);
    await call(page, 'debugOverlay', true);
    expect(await call<Fields>(page, 'overlay'), 'agent.debugOverlay(true)').to.not.equal(null);
    await call(page, 'debugOverlay', false);
    expect(await call<Fields>(page, 'overlay')).to.equal(null);
    expect(await page.evaluate(() => (window as any).app.logs.filter((l: string) => !/^(debug|info)/.test(l)))).to.deep.equal([]);
    expect(logsOf(page).filter((l) => l.type === 'pageerror')).to.deep.equal([]);
    await page.close();
  });
});
