// The collector as a browser on another origin sees it: preflights, sendBeacon, exposed headers.
// The page is on 127.0.0.1, the collector on localhost: different origins, CORS enforced.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { CollectorStats, StoredRecord } from '../../server/collector/record-store';
import { metricsRecord } from '../server/records';
import { newPage } from './browser';
import { useE2eEnvironment } from './environment';

const METRICS_PATH = '/useractivityvault/v1/useractivity/playback_metrics';

describe('e2e: Vault collector from a cross-origin page', () => {
  const env = useE2eEnvironment();
  let page: Page;
  const collectorUrl = () => `${env().crossOriginUrl}${METRICS_PATH}`;
  const stats = async () => (await (await fetch(`${env().server.url}/_collector/stats`)).json()) as CollectorStats;

  before(async () => {
    page = await newPage(env().browser, `${env().server.url}/e2e/player.html`);
  });
  beforeEach(async () => {
    await fetch(`${env().server.url}/_collector/reset`, { method: 'POST' });
  });
  after(async () => page?.close());

  it('accepts a JSON POST after a preflight, and lets the page read Date', async () => {
    const result = await page.evaluate(
      async ([url, body]) => {
        const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Agent': 'e2e' }, body });
        return { status: response.status, date: response.headers.get('Date'), body: await response.json() };
      },
      [collectorUrl(), JSON.stringify([metricsRecord()])] as const
    );
    expect(result.status).to.equal(200);
    expect(result.body).to.deep.equal({ accepted: 1 });
    expect(Date.parse(result.date ?? '')).to.be.closeTo(Date.now(), 5000);
    expect(await stats()).to.deep.include({ preflights: 1, valid: 1 });
  });

  it('takes a sendBeacon (text/plain, no preflight)', async () => {
    const queued = await page.evaluate(([url, body]) => navigator.sendBeacon(url, body), [collectorUrl(), JSON.stringify(metricsRecord())] as const);
    expect(queued).to.equal(true);
    let records: StoredRecord[] = [];
    for (let i = 0; i < 50 && records.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      records = ((await (await fetch(`${env().server.url}/_collector/records`)).json()) as { records: StoredRecord[] }).records;
    }
    expect(records).to.have.length(1);
    expect(records[0].contentType).to.match(/^text\/plain/);
    expect(records[0].origin).to.equal(env().server.url);
    expect((await stats()).preflights).to.equal(0);
  });

  it('is refused by the browser when the page sends a header the collector does not allow', async () => {
    const outcome = await page.evaluate(async (url) => {
      try {
        await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'If-Match': '*' }, body: '[]' });
        return 'sent';
      } catch (error) {
        return String(error);
      }
    }, collectorUrl());
    expect(outcome).to.match(/TypeError/);
    expect(await stats()).to.deep.include({ preflights: 1, requests: 0 });
  });

  it('lets the page read Retry-After from an injected 503', async () => {
    await fetch(`${env().server.url}/_collector/faults`, { method: 'POST', body: JSON.stringify([{ status: 503, retryAfter: '3' }]) });
    const result = await page.evaluate(
      async ([url, body]) => {
        const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });
        return { status: response.status, retryAfter: response.headers.get('Retry-After') };
      },
      [collectorUrl(), JSON.stringify([metricsRecord()])] as const
    );
    expect(result).to.deep.equal({ status: 503, retryAfter: '3' });
  });
});
