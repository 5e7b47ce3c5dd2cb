// What real Shaka sees from the media token faults the later suites rely on.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { newPage } from './browser';
import { useE2eEnvironment } from './environment';
import { fetchBytes, load, ShakaLoadError, snapshot, startLoad } from './player-page';

interface ShakaErrorInfo {
  severity: number;
  category: number;
  code: number;
}

describe('e2e: media faults as Shaka sees them', () => {
  const env = useE2eEnvironment();

  for (const shaka of ['4', '5'] as const) {
    describe(`Shaka ${shaka}`, () => {
      let page: Page;
      before(async () => {
        page = await newPage(env().browser, `${env().server.url}/e2e/player.html?shaka=${shaka}`);
      });
      after(async () => page?.close());

      it('fails load() with 1001 (BAD_HTTP_STATUS) when the manifest is 404', async () => {
        const token = `faults${shaka}-manifest-${Date.now()}`;
        const rejection = await load(page, `${env().server.url}/media/${token}~404=manifest.mpd/vod-dash/manifest.mpd`).then(
          () => undefined,
          (error: unknown) => error
        );
        expect(rejection).to.be.instanceOf(ShakaLoadError);
        expect(rejection).to.include({ code: 1001, severity: 2 });
        expect((await fetchBytes(env().server.url, token)).requests.failed).to.be.at.least(1);
      });

      it('raises a critical MEDIA error when a segment is corrupt', async () => {
        const src = `${env().server.url}/media/faults${shaka}-corrupt-${Date.now()}~corrupt=seg-*-2.m4s/vod-dash/manifest.mpd`;
        await startLoad(page, src);
        await page.waitForFunction(
          () => (window as unknown as { e2e: { errors: Array<{ severity: number }> } }).e2e.errors.some((e) => e.severity === 2),
          undefined,
          { timeout: 15_000, polling: 100 }
        );
        const errors = (await snapshot(page)).errors as ShakaErrorInfo[];
        expect(errors.filter((e) => e.severity === 2).map((e) => e.category)).to.include(3); // MEDIA
      });
    });
  }
});
