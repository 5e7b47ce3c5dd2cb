// `npm start`'s demo: the sample TV app, driven by remote-control keys, reports to the collector;
// the list acts on every key (no key only brings it back), OK on the channel already playing does
// nothing, and an "inject fault" entry makes a real error that the dashboard shows on the device's
// row and on the playback's timeline.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startDemo } from '../../tools/demo';
import { launchBrowser, logsOf, newPage } from './browser';
import { collectorRecords, waitForRecords, type StoredRecord } from './agent/agent-page';

const IPTV = 'Demo One (IPTV, live)';
const OTT = 'Demo One (OTT, live)';
const CORRUPT_ENTRY = 5; // after the five streams

/** How many times the app started loading `title` (it logs "[sample] loading <title>"). */
function loads(page: Page, title: string): number {
  return logsOf(page).filter((l) => l.text === `[sample] loading ${title}`).length;
}

async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

describe('npm start demo', function () {
  this.timeout(90000);
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof startDemo>>;

  before(async () => {
    demo = await startDemo({ port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('plays on Enter, ignores OK on the playing channel, acts on the first key after Back, and an injected fault shows on the dashboard', async () => {
    const page = await newPage(browser, `${demo.url}/demo/`);
    await page.waitForFunction(() => document.querySelectorAll('#channels li').length === 8);
    // The app plays the first channel at start.
    await page.waitForFunction(() => (document.getElementById('video') as HTMLVideoElement).currentTime > 1, undefined, { timeout: 20000 });
    const records = await waitForRecords(demo.url, (r) => r.some((x) => x.activity === 'playback_metrics'), {}, 20000);
    expect(records.filter((r) => !r.valid)).to.have.length(0);
    const first = records[0].record;
    expect(first.metadata).to.include({
      contentType: 'live-event',
      contentSource: 'IPTV',
      editorialId: 'demo-one',
      technicalId: '239.100.1.1',
      programmeId: 'news-1200',
    });
    // the programme started 4 minutes before the channel was chosen
    expect(first.metadata.playbackProgress).to.be.within(200, 260);

    // OK on the channel already playing: nothing restarts.
    await press(page, 'Enter');
    expect(loads(page, IPTV)).to.equal(1);

    // Back hides the list; the next keys act at once: Down, OK plays the next channel.
    await press(page, 'Escape');
    expect(await page.locator('#overlay').getAttribute('class')).to.contain('hidden');
    await press(page, 'ArrowDown');
    await press(page, 'Enter');
    expect(loads(page, OTT)).to.equal(1);
    expect(loads(page, IPTV)).to.equal(1);
    await page.waitForFunction(() => (document.getElementById('video') as HTMLVideoElement).currentTime > 1, undefined, { timeout: 20000 });

    // "Inject fault: corrupt the next segment" breaks the OTT channel on screen.
    await press(page, 'ArrowDown', CORRUPT_ENTRY - 1);
    expect(await page.locator('#channels li.selected').innerText()).to.equal('Inject fault: corrupt the next segment');
    await press(page, 'Enter');
    await page.waitForFunction(() => /fault armed/.test(document.getElementById('status')!.textContent || ''), undefined, { timeout: 5000 });
    const isOttError = (r: StoredRecord) => r.activity === 'playerError' && r.record.metadata.contentSource === 'OTT';
    const withError = await waitForRecords(demo.url, (r) => r.some(isOttError), {}, 30000);
    const error = withError.find(isOttError)!.record;
    expect(error.metadata.errorMsg).to.match(/^MEDIA/);
    const bytes = (await (await fetch(`${demo.url}/_server/bytes?token=ott&log=1`)).json()) as { log: Array<{ fault?: string }> };
    expect(bytes.log.filter((entry) => entry.fault === 'corrupt=seg-*')).to.have.length(1);

    // The dashboard: the error on the device's row, then on the playback's timeline.
    const dashboard = await newPage(browser, `${demo.url}/dashboard/`);
    await dashboard.waitForFunction(
      (code) => {
        const cell = document.querySelector('#devices tr.device td.errors');
        return cell !== null && (cell as HTMLElement).innerText.indexOf(code + ' ×1') >= 0;
      },
      error.metadata.errorCode,
      { timeout: 15000 }
    );
    await dashboard.click('#devices tr.device .device-name a');
    await dashboard.click(`a.playback-item[data-playback="${error.metadata.playbackSessionId}"]`);
    await dashboard.waitForFunction(
      (code) => document.querySelector(`#timeline-errors li[data-code="${code}"]`) !== null && (window as any).dashboard.charts.bitrate,
      error.metadata.errorCode,
      { timeout: 10000 }
    );
    const marks = await dashboard.evaluate(() => (window as any).dashboard.charts.bitrate.errorMarks.map((m: { code: string }) => m.code));
    expect(marks).to.include(error.metadata.errorCode);
    await dashboard.close();

    // the demo ships the debug overlay: B (the profile's overlayKey) shows it
    await press(page, 'b');
    await page.waitForFunction(() => document.body.innerText.indexOf('239.100.1.1') >= 0 || document.body.innerText.indexOf('ott-demo-one') >= 0, undefined, {
      timeout: 5000,
    });
    await page.screenshot({ path: 'test-output/demo.png' });
    expect((await collectorRecords(demo.url, { valid: 'false' })).length).to.equal(0);
    await page.close();
  });

  it('ends a VOD item cleanly at its end: playback.end(), the list back, nothing playing', async () => {
    const page = await newPage(browser, `${demo.url}/demo/`);
    await page.waitForFunction(() => document.querySelectorAll('#channels li').length === 8);
    await press(page, 'ArrowDown', 3);
    await press(page, 'Enter');
    expect(loads(page, 'Film (VOD, DASH)')).to.equal(1);
    await page.waitForFunction(() => (document.getElementById('video') as HTMLVideoElement).currentTime > 1, undefined, { timeout: 20000 });
    await page.evaluate(() => {
      const video = document.getElementById('video') as HTMLVideoElement;
      video.currentTime = video.duration - 0.5;
    });
    await page.waitForFunction(() => /ended Film/.test(document.getElementById('status')!.textContent || ''), undefined, { timeout: 15000 });
    expect(await page.locator('#channels li.playing').count(), 'nothing playing').to.equal(0);
    expect(await page.locator('#overlay').getAttribute('class')).to.equal('overlay');
    await page.close();
  });
});
