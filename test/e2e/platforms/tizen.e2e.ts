// Tizen adapter end to end: real Chromium, the agent from dist/, Shaka playing a local stream,
// Samsung's webapis/tizen objects faked by the page, records read back from the local collector.
import { expect } from 'chai';
import { useE2eEnvironment } from '../environment';
import {
  e2eProfile,
  fakeCalls,
  openPlatformPage,
  type PlatformPage,
  recordsOf,
  waitForQueued,
  startAgent,
  streamUrl,
  UUID_V4,
  waitForRecords,
} from './platform-page';

const DUID = 'DUID-QE7ZX5T3CR2NM';
const VOD = { contentType: 'vod-ed', editorialId: 'movie-1' };

describe('e2e platforms: Tizen', function () {
  const env = useE2eEnvironment();
  let opened: PlatformPage | null = null;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && opened) console.log('page log:\n  ' + opened.logs.join('\n  '));
    await opened?.context.close();
    opened = null;
  });

  it('is detected by webapis, reports the DUID as deviceId and describes the TV from productinfo', async () => {
    opened = await openPlatformPage(env(), 'platform.html', { tizen: { duid: DUID, model: 'QE55Q80T', firmware: 'T-KSU2EDEUC-1234.5' } });
    const url = env().server.url;
    const agent = await startAgent(opened.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    expect(agent.platform).to.equal('tizen');
    expect(agent.info).to.deep.equal({ model: 'QE55Q80T', firmware: 'T-KSU2EDEUC-1234.5' });
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1);
    expect(
      records.every((r) => r.valid),
      JSON.stringify(records[0].errors)
    ).to.equal(true);
    expect(records.map((r) => r.record.deviceId)).to.deep.equal(records.map(() => DUID));
    expect((await fakeCalls(opened.page)).map((c) => c.name)).to.include('productinfo.getDuid');
  });

  it('lets the app-given identity win over the DUID', async () => {
    opened = await openPlatformPage(env(), 'platform.html', { tizen: { duid: DUID } });
    const url = env().server.url;
    const agent = await startAgent(opened.page, {
      profile: e2eProfile(url),
      content: VOD,
      manifest: streamUrl(url, 'vod-dash/manifest.mpd'),
      identity: { deviceId: 'app-device-7', accountId: 'account-42' },
    });
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1);
    expect(records[0].record.deviceId).to.equal('app-device-7');
    expect((records[0].record as any).accountId).to.equal('account-42');
  });

  it('falls back to a stored random UUID when productinfo throws (no privilege), and keeps it across launches', async () => {
    opened = await openPlatformPage(env(), 'platform.html', { tizen: { duid: DUID, productinfo: 'throws' } });
    const url = env().server.url;
    const first = await startAgent(opened.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    expect(first.info).to.deep.equal({ model: null, firmware: null });
    const records = await waitForRecords(url, first.appSessionId, (r) => r.length >= 1);
    const deviceId = records[0].record.deviceId as string;
    expect(deviceId).to.match(UUID_V4);
    expect(await opened.page.evaluate(() => (window as any).__harness.storedDeviceId())).to.equal(deviceId);

    // the same app launched again (same origin storage) reports the same device
    const again = await openPlatformPage(env(), 'platform.html', { tizen: { productinfo: 'throws' } }, opened.context);
    const second = await startAgent(again.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    expect(second.appSessionId).to.not.equal(first.appSessionId);
    const later = await waitForRecords(url, second.appSessionId, (r) => r.length >= 1);
    expect(later[0].record.deviceId).to.equal(deviceId);
  });

  it('flushes the queue when the app is hidden, long before the flush interval', async () => {
    opened = await openPlatformPage(env(), 'platform.html', { tizen: { duid: DUID } });
    const url = env().server.url;
    const agent = await startAgent(opened.page, {
      profile: e2eProfile(url, { flushIntervalSeconds: 3600 }),
      content: VOD,
      manifest: streamUrl(url, 'vod-dash/manifest.mpd'),
    });
    const queued = await waitForQueued(opened.page); // a record is taken and waits for the hourly flush
    expect(await recordsOf(url, agent.appSessionId)).to.have.length(0);
    await opened.page.evaluate(() => (window as any).__harness.hide(false));
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= queued, 3000);
    expect(records.every((r) => r.valid)).to.equal(true);
  });

  it('flushes on the prefixed webkitvisibilitychange of old engines too', async () => {
    opened = await openPlatformPage(env(), 'platform.html', { tizen: { duid: DUID } });
    const url = env().server.url;
    const agent = await startAgent(opened.page, {
      profile: e2eProfile(url, { flushIntervalSeconds: 3600 }),
      content: VOD,
      manifest: streamUrl(url, 'vod-dash/manifest.mpd'),
    });
    await waitForQueued(opened.page);
    await opened.page.evaluate(() => (window as any).__harness.hide(true));
    await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1, 3000);
  });

  it('holds records while webapis.network says disconnected and sends them when the gateway is back', async () => {
    opened = await openPlatformPage(env(), 'platform.html', { tizen: { duid: DUID, connection: 0 } });
    const url = env().server.url;
    const agent = await startAgent(opened.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    await waitForQueued(opened.page); // taken while offline: held, not sent
    expect(await recordsOf(url, agent.appSessionId), 'sent while offline').to.have.length(0);
    await opened.page.evaluate(() => (window as any).__setTizenNetwork(4));
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 2, 4000);
    expect(records[0].record.deviceId).to.equal(DUID);
  });
});
