// HbbTV adapter end to end: an XHTML page (parsed as XML, as terminals do) whose OIPF objects
// (application manager, oipfConfiguration, video/broadcast) are faked, the real agent and Shaka in
// Chromium, records read back from the collector.
import { expect } from 'chai';
import { useE2eEnvironment } from '../environment';
import {
  e2eProfile,
  fakeCalls,
  type FakePlatform,
  openPlatformPage,
  type PlatformPage,
  recordsOf,
  waitForQueued,
  startAgent,
  streamUrl,
  UUID_V4,
  waitForRecords,
} from './platform-page';

const HBBTV_UA =
  'Mozilla/5.0 (Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.0 Safari/537.36 HbbTV/1.4.1 (+DRM; Vestel; MB130; 3.41.0.0; ; _TV_G31_2017;)';
const DEVICE_ID = 'hbbtv-distinctive-id-6f1c';
const VOD = { contentType: 'vod-ed', editorialId: 'catch-up' };
// ONID 0x22d4, TSID 0x0027, SID 0x0f3d: dvb://22d4.27.f3d (ETSI TS 102 851, hex without padding)
const CHANNEL = { onid: 0x22d4, tsid: 0x27, sid: 0xf3d };

describe('e2e platforms: HbbTV', function () {
  const env = useE2eEnvironment();
  let opened: PlatformPage | null = null;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && opened) console.log('page log:\n  ' + opened.logs.join('\n  '));
    await opened?.context.close();
    opened = null;
  });

  async function open(hbbtv: FakePlatform['hbbtv'], storage?: FakePlatform['storage']) {
    opened = await openPlatformPage(env(), 'hbbtv.xhtml', { hbbtv: hbbtv, storage: storage }, undefined, HBBTV_UA);
    return opened;
  }

  it('is detected by the application manager object, reports configuration.deviceId and describes the set from the user agent', async () => {
    const page = (await open({ deviceId: DEVICE_ID })).page;
    const url = env().server.url;
    expect(await page.evaluate(() => document.contentType)).to.equal('application/xhtml+xml');
    const agent = await startAgent(page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    expect(agent.platform).to.equal('hbbtv');
    expect(agent.info).to.deep.equal({ model: 'Vestel MB130', firmware: '3.41.0.0' }); // the engine is the overlay's (unit-tested there)
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1);
    expect(records[0].valid).to.equal(true);
    expect(records[0].record.deviceId).to.equal(DEVICE_ID);
  });

  it('lets the app-given identity win over configuration.deviceId', async () => {
    const page = (await open({ deviceId: DEVICE_ID })).page;
    const url = env().server.url;
    const agent = await startAgent(page, {
      profile: e2eProfile(url),
      content: VOD,
      manifest: streamUrl(url, 'vod-dash/manifest.mpd'),
      identity: { deviceId: 'app-device-hbbtv' },
    });
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1);
    expect(records[0].record.deviceId).to.equal('app-device-hbbtv');
  });

  it('falls back to a stored random UUID when the terminal does not grant the device ID ("#3")', async () => {
    const page = (await open({ deviceId: '#3' })).page;
    const url = env().server.url;
    const agent = await startAgent(page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1);
    expect(records[0].record.deviceId).to.match(UUID_V4);
    expect(await page.evaluate(() => (window as any).__harness.storedDeviceId())).to.equal(records[0].record.deviceId);
  });

  it('keeps working with storage that throws: a UUID in memory, a new one per launch, no page errors', async () => {
    const first = await open({}, 'throws');
    const url = env().server.url;
    const one = await startAgent(first.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    const a = (await waitForRecords(url, one.appSessionId, (r) => r.length >= 1))[0].record.deviceId;
    expect(a).to.match(UUID_V4);
    expect(await first.page.evaluate(() => (window as any).__harness.storedDeviceId())).to.equal(null);
    const second = await openPlatformPage(env(), 'hbbtv.xhtml', { hbbtv: {}, storage: 'throws' }, first.context);
    const two = await startAgent(second.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    const b = (await waitForRecords(url, two.appSessionId, (r) => r.length >= 1))[0].record.deviceId;
    expect(b).to.match(UUID_V4).and.to.not.equal(a);
    expect(first.logs.concat(second.logs).filter((l) => l.indexOf('[pageerror]') === 0)).to.deep.equal([]);
  });

  it('reports the tuned service as technicalId dvb://onid.tsid.sid for live IPTV content that has none', async () => {
    const page = (await open({ deviceId: DEVICE_ID, channel: CHANNEL })).page;
    const url = env().server.url;
    const agent = await startAgent(page, {
      profile: e2eProfile(url, {}, { contentSource: 'IPTV' }),
      content: { contentType: 'live-event', editorialId: 'channel-one', programmeId: 'news-2100' },
      manifest: streamUrl(url, 'live/manifest.mpd'),
    });
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1);
    expect(records[0].valid, JSON.stringify(records[0].errors)).to.equal(true);
    expect(records[0].record.metadata).to.include({ technicalId: 'dvb://22d4.27.f3d', contentSource: 'IPTV', contentType: 'live-event' });
    expect((await fakeCalls(page)).map((c) => c.name)).to.include('broadcast.currentChannel');
  });

  it("flushes on the application manager's onLowMemory, still calling the app's own handler", async () => {
    const page = (await open({ deviceId: DEVICE_ID })).page;
    const url = env().server.url;
    const agent = await startAgent(page, {
      profile: e2eProfile(url, { flushIntervalSeconds: 3600 }),
      content: VOD,
      manifest: streamUrl(url, 'vod-dash/manifest.mpd'),
      appOnLowMemory: true,
    });
    await waitForQueued(page); // a record is taken and waits for the hourly flush
    expect(await recordsOf(url, agent.appSessionId)).to.have.length(0);
    await page.evaluate(() => (window as any).__hbbtvLowMemory());
    await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1, 3000);
    expect((await fakeCalls(page)).map((c) => c.name)).to.include('app.onLowMemory');
  });

  it('flushes when the application is destroyed (destroyApplication)', async () => {
    const page = (await open({ deviceId: DEVICE_ID })).page;
    const url = env().server.url;
    const agent = await startAgent(page, {
      profile: e2eProfile(url, { flushIntervalSeconds: 3600 }),
      content: VOD,
      manifest: streamUrl(url, 'vod-dash/manifest.mpd'),
    });
    await waitForQueued(page); // a record is taken and waits for the hourly flush
    expect(await recordsOf(url, agent.appSessionId)).to.have.length(0);
    await page.evaluate(() => (window as any).__hbbtvOwner.destroyApplication());
    await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1, 3000);
    expect((await fakeCalls(page)).map((c) => c.name)).to.include('application.destroyApplication');
  });
});
