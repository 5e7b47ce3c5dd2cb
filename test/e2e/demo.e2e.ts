// `npm start`'s demo: the sample TV app, driven by remote-control keys, reports to the collector.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startDemo } from '../../tools/demo';
import { launchBrowser, newPage } from './browser';
import { collectorRecords, waitForRecords } from './agent/agent-page';

describe('npm start demo', function () {
  this.timeout(60000);
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

  it('plays the IPTV live channel on Enter and the collector receives valid metrics for it', async () => {
    const page = await newPage(browser, `${demo.url}/demo/`);
    await page.waitForFunction(() => document.querySelectorAll('#channels li').length === 5);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.getElementById('video') as HTMLVideoElement).currentTime > 1, undefined, { timeout: 20000 });
    // the demo profile records every 10 s and flushes every 20 s ± 20 %; page hide sends at once
    await page.waitForTimeout(10500);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const records = await waitForRecords(demo.url, (r) => r.length >= 1);
    expect(records.filter((r) => !r.valid)).to.have.length(0);
    const first = records[0].record;
    expect(first.metadata).to.include({ contentType: 'live-event', contentSource: 'IPTV', editorialId: 'demo-one', technicalId: '239.100.1.1', programmeId: 'news-1200' });
    // the programme started 4 minutes before the channel was chosen
    expect(first.metadata.playbackProgress).to.be.within(200, 260);
    // the demo ships the debug overlay: B (the profile's overlayKey) shows it
    await page.keyboard.press('b');
    await page.waitForFunction(() => document.body.innerText.indexOf('239.100.1.1') >= 0, undefined, { timeout: 5000 });
    await page.screenshot({ path: 'test-output/demo.png' });
    expect((await collectorRecords(demo.url, { valid: 'false' })).length).to.equal(0);
    await page.close();
  });
});
