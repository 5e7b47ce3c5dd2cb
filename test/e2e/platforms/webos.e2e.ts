// webOS adapter end to end: webOSSystem.deviceInfo and the luna service (webOS.service.request)
// faked by the page, the real agent and Shaka in Chromium, records read back from the collector.
import { expect } from 'chai';
import { useE2eEnvironment } from '../environment';
import { e2eProfile, fakeCalls, openPlatformPage, type PlatformPage, startAgent, streamUrl, UUID_V4, waitForRecords } from './platform-page';

const LGUDID = 'a1b2c3d4-lgudid-0000-1111-222233334444';
const DEVICE_INFO = { modelName: 'OLED55C1', firmwareVersion: '03.20.60', platformVersion: '6.0.0', sdkVersion: '6.0.0' };
const VOD = { contentType: 'vod-ed', editorialId: 'movie-1' };

describe('e2e platforms: webOS', function () {
  const env = useE2eEnvironment();
  let opened: PlatformPage | null = null;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && opened) console.log('page log:\n  ' + opened.logs.join('\n  '));
    await opened?.context.close();
    opened = null;
  });

  async function run(webos: object, identity?: object) {
    opened = await openPlatformPage(env(), 'platform.html', { webos: webos });
    const url = env().server.url;
    const agent = await startAgent(opened.page, {
      profile: e2eProfile(url),
      content: VOD,
      manifest: streamUrl(url, 'vod-dash/manifest.mpd'),
      identity: identity,
    });
    // identity arrives within the adapter's 1 s timeout; judge by a record after it
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 2);
    return { agent, records, last: records[records.length - 1] };
  }

  it('is detected by webOSSystem, asks luna for the LGUDID and reports it as deviceId', async () => {
    const { agent, last } = await run({ deviceInfo: DEVICE_INFO, lgudid: LGUDID });
    expect(agent.platform).to.equal('webos');
    expect(agent.info).to.deep.equal({ model: 'OLED55C1', firmware: '03.20.60' });
    expect(last.valid).to.equal(true);
    expect(last.record.deviceId).to.equal(LGUDID);
    const requests = (await fakeCalls(opened!.page)).filter((c) => c.name === 'webOS.service.request');
    expect(requests).to.have.length(1);
    expect(requests[0].detail).to.deep.equal({ uri: 'luna://com.webos.service.sm', method: 'deviceid/getIDs', parameters: { idType: ['LGUDID'] } });
  });

  it('lets the app-given identity win over the LGUDID', async () => {
    const { last } = await run({ deviceInfo: DEVICE_INFO, lgudid: LGUDID }, { deviceId: 'app-device-webos' });
    expect(last.record.deviceId).to.equal('app-device-webos');
  });

  it('falls back to a stored random UUID when the user has not consented (luna onFailure)', async () => {
    const { last } = await run({ deviceInfo: DEVICE_INFO, luna: 'denied', lgudid: LGUDID });
    expect(last.record.deviceId).to.match(UUID_V4);
    expect(await opened!.page.evaluate(() => (window as any).__harness.storedDeviceId())).to.equal(last.record.deviceId);
  });

  it('falls back to the stored UUID after its timeout when the luna service never answers (emulator)', async () => {
    const { last } = await run({ deviceInfo: DEVICE_INFO, luna: 'silent' });
    expect(last.record.deviceId).to.match(UUID_V4);
  });

  it('falls back to the stored UUID without webOSTV.js (no webOS.service), still detected by webOSSystem', async () => {
    const { agent, last } = await run({ deviceInfo: { modelName: 'WEBOS3-MODEL', sdkVersion: '3.5.0' }, luna: 'missing' });
    expect(agent.platform).to.equal('webos');
    expect(agent.info).to.deep.equal({ model: 'WEBOS3-MODEL', firmware: '3.5.0' });
    expect(last.record.deviceId).to.match(UUID_V4);
  });
});
