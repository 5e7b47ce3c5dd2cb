import { expect } from 'chai';
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { TokenReport } from '../../server/media/byte-counter';
import { DEFAULT_STREAMS_DIR } from '../../server/start';
import { getJson, useServer } from './http';

const file = (path: string) => readFileSync(join(DEFAULT_STREAMS_DIR, path));

describe('media routes: /media/<token>/<path>', () => {
  const server = useServer();
  const url = (path: string) => `${server().url}${path}`;
  const bytesOf = (token: string, log = false) => getJson<TokenReport>(url(`/_server/bytes?token=${token}${log ? '&log=1' : ''}`));
  let tokenCount = 0;
  const newToken = () => `t${++tokenCount}-${Date.now()}`;

  it('serves the stream files byte for byte, uncompressed and uncached', async () => {
    const response = await fetch(url(`/media/${newToken()}/vod-dash/seg-1-3.m4s`), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('video/iso.segment');
    expect(response.headers.get('content-encoding')).to.equal(null);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(Buffer.from(await response.arrayBuffer()).equals(file('vod-dash/seg-1-3.m4s'))).to.equal(true);
  });

  it('counts body bytes per token, split into manifest and segment bytes', async () => {
    const token = newToken();
    await (await fetch(url(`/media/${token}/vod-hls/master.m3u8`))).arrayBuffer();
    await (await fetch(url(`/media/${token}/vod-hls/v90/index.m3u8`))).arrayBuffer();
    await (await fetch(url(`/media/${token}/vod-hls/v90/seg-000.ts`))).arrayBuffer();
    await (await fetch(url(`/media/other-${token}/vod-hls/v90/seg-001.ts`))).arrayBuffer();
    const bytes = await bytesOf(token);
    const manifestSize = statSync(join(DEFAULT_STREAMS_DIR, 'vod-hls/master.m3u8')).size + statSync(join(DEFAULT_STREAMS_DIR, 'vod-hls/v90/index.m3u8')).size;
    expect(bytes.manifestBytes).to.equal(manifestSize);
    expect(bytes.segmentBytes).to.equal(file('vod-hls/v90/seg-000.ts').length);
    expect(bytes.totalBytes).to.equal(bytes.manifestBytes + bytes.segmentBytes);
    expect(bytes.requests).to.deep.include({ manifest: 2, segment: 1, failed: 0 });
  });

  it('counts under the token name whatever options follow it', async () => {
    const token = newToken();
    await (await fetch(url(`/media/${token}~delay=1/vod-dash/manifest.mpd`))).arrayBuffer();
    expect((await bytesOf(token)).manifestBytes).to.equal(file('vod-dash/manifest.mpd').length);
  });

  it('keeps relative manifest URLs under the prefix: a DASH segment URL resolves and is counted', async () => {
    const token = newToken();
    const manifestUrl = url(`/media/${token}/vod-dash/manifest.mpd`);
    const mpd = await (await fetch(manifestUrl)).text();
    const media = /media="([^"]+)"/.exec(mpd)![1].replace('$RepresentationID$', '0').replace('$Number$', '1');
    const response = await fetch(new URL(media, manifestUrl));
    expect(response.status).to.equal(200);
    await response.arrayBuffer();
    expect((await bytesOf(token)).segmentBytes).to.equal(file('vod-dash/seg-0-1.m4s').length);
  });

  it('answers a fault status for matching files, and counts its body apart', async () => {
    const token = newToken();
    const broken = await fetch(url(`/media/${token}~404=seg-1-3.m4s/vod-dash/seg-1-3.m4s`));
    expect(broken.status).to.equal(404);
    await broken.arrayBuffer();
    expect((await fetch(url(`/media/${token}~404=seg-1-3.m4s/vod-dash/seg-1-4.m4s`))).status).to.equal(200);
    const bytes = await bytesOf(token);
    expect(bytes.requests.failed).to.equal(1);
    expect(bytes.errorBytes).to.be.greaterThan(0);
    expect(bytes.segmentBytes).to.equal(file('vod-dash/seg-1-4.m4s').length);
  });

  it('breaks only the first n matching requests with <status>:<n>=', async () => {
    const path = `/media/${newToken()}~503:2=manifest.mpd/vod-dash/manifest.mpd`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url(path))).status);
    expect(statuses).to.deep.equal([503, 503, 200]);
  });

  it('can 404 the manifest with a glob', async () => {
    expect((await fetch(url(`/media/${newToken()}~404=*.m3u8/vod-hls/master.m3u8`))).status).to.equal(404);
  });

  it('corrupts a matching file without changing its length', async () => {
    const response = await fetch(url(`/media/${newToken()}~corrupt=seg-0-2.m4s/vod-dash/seg-0-2.m4s`));
    const body = Buffer.from(await response.arrayBuffer());
    const original = file('vod-dash/seg-0-2.m4s');
    expect(response.status).to.equal(200);
    expect(body.length).to.equal(original.length);
    expect(body.equals(original)).to.equal(false);
  });

  it('throttles a token to its rate, shared by parallel downloads', async () => {
    const token = newToken();
    const started = Date.now();
    // Two ~10 KB segments at 320 kbit/s (40 kB/s) shared: about 0.5 s together.
    const paths = ['vod-dash/seg-0-1.m4s', 'vod-dash/seg-0-2.m4s'];
    await Promise.all(paths.map(async (p) => (await fetch(url(`/media/${token}~rate=320k/${p}`))).arrayBuffer()));
    const elapsed = Date.now() - started;
    const expectedMs = ((file(paths[0]).length + file(paths[1]).length) / 40_000) * 1000;
    expect(elapsed).to.be.within(expectedMs * 0.8, expectedMs * 1.6 + 100);
  });

  it('answers range requests with 206 and counts only the bytes sent', async () => {
    const token = newToken();
    const response = await fetch(url(`/media/${token}/vod-dash/seg-2-1.m4s`), { headers: { Range: 'bytes=0-99' } });
    expect(response.status).to.equal(206);
    expect(response.headers.get('content-range')).to.equal(`bytes 0-99/${file('vod-dash/seg-2-1.m4s').length}`);
    expect((await response.arrayBuffer()).byteLength).to.equal(100);
    expect((await bytesOf(token)).segmentBytes).to.equal(100);
  });

  it('counts a download the client abandons only up to what was sent', async () => {
    const token = newToken();
    await new Promise<void>((resolve, reject) => {
      const req = request(url(`/media/${token}~rate=80k/vod-dash/seg-1-1.m4s`), (res) => {
        res.once('data', () => req.destroy());
        res.on('close', resolve);
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.end();
      setTimeout(() => reject(new Error('timeout')), 5000);
    });
    await new Promise((r) => setTimeout(r, 200)); // let the server notice the closed socket
    const bytes = await bytesOf(token, true);
    expect(bytes.segmentBytes).to.be.greaterThan(0).and.lessThan(file('vod-dash/seg-1-1.m4s').length);
    expect(bytes.requests.aborted).to.equal(1);
    expect(bytes.log![0]).to.include({ path: 'vod-dash/seg-1-1.m4s', aborted: true });
  });

  it('does not count HEAD requests', async () => {
    const token = newToken();
    const response = await fetch(url(`/media/${token}/vod-dash/manifest.mpd`), { method: 'HEAD' });
    expect(response.headers.get('content-length')).to.equal(String(file('vod-dash/manifest.mpd').length));
    expect((await bytesOf(token)).totalBytes).to.equal(0);
  });

  it('refuses paths outside the streams directory and bad token options', async () => {
    expect((await fetch(url('/media/x/%2e%2e/%2e%2e/%2e%2e/package.json'))).status).to.equal(404);
    expect((await fetch(url('/media/x~rate=fast/vod-dash/manifest.mpd'))).status).to.equal(400);
    expect((await fetch(url('/media/x~teapot=1/vod-dash/manifest.mpd'))).status).to.equal(400);
  });

  it('serves and counts the live stream under the prefix, time requests as other bytes', async () => {
    const token = newToken();
    const mpd = await (await fetch(url(`/media/${token}/live/manifest.mpd`))).text();
    expect(mpd).to.contain('type="dynamic"');
    const time = await (await fetch(url(`/media/${token}/live/time`))).text();
    expect(Math.abs(Date.parse(time) - Date.now())).to.be.lessThan(2000);
    const bytes = await bytesOf(token);
    expect(bytes.manifestBytes).to.equal(Buffer.byteLength(mpd));
    expect(bytes.otherBytes).to.equal(Buffer.byteLength(time));
  });

  it('offers the DVR window at once: the default availabilityStartTime is 10 minutes back', async () => {
    const info = await getJson<{ live: { availabilityStartTime: string } }>(url('/_server/info'));
    const ageSeconds = (Date.now() - Date.parse(info.live.availabilityStartTime)) / 1000;
    expect(ageSeconds).to.be.within(599, 700);
    expect((await fetch(url('/live/seg-1-250.m4s'))).status).to.equal(200);
  });

  it('forgets counts on reset, for one token or all', async () => {
    const [a, b] = [newToken(), newToken()];
    for (const t of [a, b]) await (await fetch(url(`/media/${t}/vod-dash/manifest.mpd`))).arrayBuffer();
    await fetch(url(`/_server/reset?token=${a}`), { method: 'POST' });
    expect((await bytesOf(a)).totalBytes).to.equal(0);
    expect((await bytesOf(b)).totalBytes).to.be.greaterThan(0);
    await fetch(url('/_server/reset'), { method: 'POST' });
    expect((await bytesOf(b)).totalBytes).to.equal(0);
  });
});

describe('static routes', () => {
  const server = useServer();
  it('serves both Shaka builds, and the e2e pages', async () => {
    for (const path of ['/lib/shaka4/shaka-player.compiled.js', '/lib/shaka5/shaka-player.compiled.js', '/e2e/player.html']) {
      const response = await fetch(`${server().url}${path}`);
      expect(response.status, path).to.equal(200);
      await response.arrayBuffer();
    }
  });
});
