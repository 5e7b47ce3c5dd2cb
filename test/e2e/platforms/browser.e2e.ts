// The browser adapter end to end: no TV objects at all, and a page without Web Storage.
import { expect } from 'chai';
import { useE2eEnvironment } from '../environment';
import { e2eProfile, openPlatformPage, type PlatformPage, startAgent, streamUrl, UUID_V4, waitForRecords } from './platform-page';

const VOD = { contentType: 'vod-ed', editorialId: 'movie-1' };

describe('e2e platforms: browser fallback', function () {
  const env = useE2eEnvironment();
  let opened: PlatformPage | null = null;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && opened) console.log('page log:\n  ' + opened.logs.join('\n  '));
    await opened?.context.close();
    opened = null;
  });

  it('detects a plain browser when no TV object is present and keeps its UUID in localStorage', async () => {
    opened = await openPlatformPage(env(), 'platform.html', {});
    const url = env().server.url;
    const agent = await startAgent(opened.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    expect(agent.platform).to.equal('browser');
    const deviceId = (await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1))[0].record.deviceId;
    expect(deviceId).to.match(UUID_V4);
    expect(await opened.page.evaluate(() => (window as any).__harness.storedDeviceId())).to.equal(deviceId);
  });

  it('works without Web Storage at all (memory only), sending records with a UUID', async () => {
    opened = await openPlatformPage(env(), 'platform.html', { storage: 'missing' });
    const url = env().server.url;
    expect(await opened.page.evaluate(() => window.localStorage)).to.equal(null);
    const agent = await startAgent(opened.page, { profile: e2eProfile(url), content: VOD, manifest: streamUrl(url, 'vod-dash/manifest.mpd') });
    const records = await waitForRecords(url, agent.appSessionId, (r) => r.length >= 1);
    expect(records[0].valid).to.equal(true);
    expect(records[0].record.deviceId).to.match(UUID_V4);
    expect(opened.logs.filter((l) => l.indexOf('[pageerror]') === 0)).to.deep.equal([]);
  });
});
