// The agent under a strict Content-Security-Policy (no unsafe-eval, no unsafe-inline) in real
// Chromium with real Shaka 4.16: it plays, the cross-origin collector receives valid records by
// XHR and by sendBeacon, and the page reports no violation, which shows the bundle uses no eval,
// no new Function and no string timers.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { collectorRecords, e2eProfile, resetServer, StoredRecord } from '../agent/agent-page';
import { logsOf, newPage } from '../browser';
import { useE2eEnvironment } from '../environment';
import { pollUntil } from './fault-page';

interface Violation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
  line: number;
  sample: string;
}

describe('e2e: the agent under a strict CSP (Shaka 4.16)', function () {
  this.timeout(60000);
  const env = useE2eEnvironment();
  let page: Page | undefined;

  afterEach(async () => {
    await page?.close();
  });

  function violations(): Promise<Violation[]> {
    return page!.evaluate(() => (window as any).cspViolations.slice());
  }
  function app<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
    return page!.evaluate(([n, a]) => (window as any).app[n as string](...(a as unknown[])), [name, args] as const);
  }

  it('enforces the policy: eval, new Function and string timers are refused and reported', async () => {
    page = await newPage(env().browser, `${env().server.url}/e2e/csp-agent.html?shaka=4`);
    // The probe runs as a page script: code evaluated through DevTools (page.evaluate) is exempt.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.src = 'csp-probe.js';
      document.head.appendChild(script);
    });
    const outcome = await pollUntil(
      () => page!.evaluate(() => (window as any).cspProbe as string[] | undefined),
      (v) => v !== undefined,
      5000
    );
    expect(outcome).to.deep.equal(['eval: EvalError', 'Function: EvalError']);
    const reported = await pollUntil(violations, (v) => v.length >= 3, 5000);
    expect(reported.map((v) => v.directive)).to.deep.equal(['script-src', 'script-src', 'script-src']);
    expect(await page.evaluate(() => (window as any).stringTimerRan)).to.equal(false);
  });

  it('plays, delivers valid records to the cross-origin collector by XHR and by beacon, and causes no violation', async () => {
    const url = env().server.url;
    await resetServer(url);
    page = await newPage(env().browser, `${url}/e2e/csp-agent.html?shaka=4`);
    expect(await page.evaluate(() => typeof (window as any).TvTelemetry.createAgent)).to.equal('function');
    const profile = e2eProfile(env().crossOriginUrl, { vault: { metricsIntervalSeconds: 1, flushIntervalSeconds: 2, errorFlushSeconds: 0.5 } });
    const appSessionId = await page.evaluate(([p]) => (window as any).app.start(p, { accountId: 'acc-csp' }), [profile] as const);
    await app('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-csp' });
    expect(await app('load', `${url}/media/csp1/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
    const played = await pollUntil(
      () => app<{ currentTime: number }>('state'),
      (state) => state.currentTime >= 3,
      20000
    );
    expect(played.currentTime, 'playhead; violations: ' + JSON.stringify(await violations())).to.be.at.least(3);
    // a rejected load gives a playerError record too
    expect(await app('load', `${url}/media/csp2~404=manifest.mpd/vod-dash/manifest.mpd`)).to.include({ ok: false, code: 1001 });
    const mine = (records: StoredRecord[]) => records.filter((r) => r.record?.metadata?.appSessionId === appSessionId);
    const byXhr = await pollUntil(
      async () => mine(await collectorRecords(url)),
      (records) => records.filter((r) => r.activity === 'playback_metrics').length >= 3 && records.some((r) => r.activity === 'playerError')
    );
    expect(byXhr.filter((r) => r.activity === 'playback_metrics').length).to.be.at.least(3);
    expect(byXhr.filter((r) => r.activity === 'playerError').length).to.be.at.least(1);
    // page hide: what is queued goes by sendBeacon (text/plain)
    const before = byXhr.length;
    await app('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-csp-2' });
    await pollUntil(
      () => app<{ queued: number }>('status'),
      (s) => s.queued >= 1,
      5000
    ); // a metrics record queued
    await app('end');
    await app('hide');
    const all = await pollUntil(
      async () => mine(await collectorRecords(url)),
      (records) => records.some((r) => /^text\/plain/.test(r.contentType) && r.record.metadata.editorialId === 'film-csp-2')
    );
    expect(all.length).to.be.greaterThan(before);
    expect(
      all.some((r) => /^text\/plain/.test(r.contentType)),
      'a record came by beacon'
    ).to.equal(true);
    expect(all.filter((r) => !r.valid).map((r) => r.errors)).to.deep.equal([]);
    expect(all.every((r) => r.record.accountId === 'acc-csp')).to.equal(true);
    expect(await violations()).to.deep.equal([]);
    expect(logsOf(page).filter((entry) => /Content.Security.Policy|Refused to/i.test(entry.text))).to.deep.equal([]);
  });
});
