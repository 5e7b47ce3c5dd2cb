// The lab view's server side: devices told apart by deviceId or User-Agent, their state, errors by
// code in the last hour and drops; per content the playbacks, errors and median throughput; the
// collector reading back its records.jsonl after a restart; a busy port; faults armed for a
// stream already playing and a collector outage for a set time.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDevice } from '../../server/dashboard/device';
import type { ContentSummary, DeviceSummary } from '../../server/dashboard/lab';
import type { AppSummary } from '../../server/dashboard/model';
import { PortUnavailableError, startServer } from '../../server/start';
import { getJson, useServer } from './http';
import { errorRecord, metricsRecord } from './records';

const METRICS = '/useractivityvault/v1/useractivity/playback_metrics';
const ERRORS = '/useractivityvault/v1/useractivity/playerError';
const TIZEN_UA = 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36';
const HBBTV_UA = 'Mozilla/5.0 (Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0 Safari/537.36 HbbTV/1.5.1 (+DRM;Acme;TV-55X;1.2.3;;)';

interface LabSummary {
  devices: DeviceSummary[];
  contents: ContentSummary[];
  apps: AppSummary[];
  collector: Record<string, number>;
}

function post(base: string, path: string, records: unknown[], userAgent: string): Promise<Response> {
  return fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': userAgent }, body: JSON.stringify(records) });
}

describe('lab view', () => {
  // The collector's clock, moved by the tests: device states and "the last hour" go by it.
  let clock = Date.UTC(2026, 11, 6, 21, 0, 0);
  const server = useServer({ collectorNow: () => clock });
  const url = (path: string) => `${server().url}${path}`;
  const summary = () => getJson<LabSummary>(url('/_dashboard/summary'));

  beforeEach(async () => {
    await fetch(url('/_collector/reset'), { method: 'POST' });
    clock = Date.UTC(2026, 11, 6, 21, 0, 0);
  });

  it('lists each device with its platform, model and engine, last record, current playback, errors by code and drops', async () => {
    const tizenApp = randomUUID();
    const tizenPlayback = randomUUID();
    const tizen = {
      appSessionId: tizenApp,
      playbackSessionId: tizenPlayback,
      contentType: 'live-event',
      contentSource: 'IPTV',
      editorialId: 'news',
      technicalId: 'dvb://1',
      programmeId: 'p1',
    };
    await post(
      server().url,
      METRICS,
      [
        metricsRecord({ deviceId: 'tizen-7', timestamp: new Date(clock).toISOString(), droppedRecords: 3 }, { ...tizen, downloadBitRate: 1_000_000 }),
        metricsRecord({ deviceId: 'tizen-7', timestamp: new Date(clock + 10_000).toISOString() }, { ...tizen, downloadBitRate: 3_000_000 }),
      ],
      TIZEN_UA
    );
    clock += 10_000;
    await post(
      server().url,
      ERRORS,
      [
        errorRecord({ timestamp: new Date(clock).toISOString() }, { ...tizen, errorCode: '3016' }),
        errorRecord({ timestamp: new Date(clock + 1).toISOString() }, { ...tizen, errorCode: '3016' }),
        errorRecord({ timestamp: new Date(clock + 2).toISOString() }, { ...tizen, errorCode: '1001' }),
      ].map((r) => ({ ...r, deviceId: 'tizen-7' })),
      TIZEN_UA
    );
    // No deviceId: the sender's address and User-Agent name it.
    const hbbtvPlayback = randomUUID();
    await post(
      server().url,
      METRICS,
      [
        metricsRecord(
          { deviceId: undefined, timestamp: new Date(clock).toISOString() },
          { appSessionId: randomUUID(), playbackSessionId: hbbtvPlayback, editorialId: 'film', downloadBitRate: 5_000_000 }
        ),
      ],
      HBBTV_UA
    );

    const s = await summary();
    expect(s.devices).to.have.length(2);
    const [hbbtv, tv] = s.devices; // most recently heard first
    expect(tv).to.include({
      deviceId: 'tizen-7',
      platform: 'tizen',
      model: 'Tizen 6.5',
      engine: 'Chromium 85',
      records: 5,
      droppedRecords: 3,
      errors: 3,
      state: 'erroring',
      currentPlaybackId: tizenPlayback,
    });
    expect(tv.errorsLastHour).to.deep.equal({ '3016': 2, '1001': 1 });
    expect(tv.lastRecord).to.include({ name: 'playerError' });
    expect(tv.userAgent).to.equal(TIZEN_UA);
    expect(hbbtv).to.include({
      deviceId: null,
      platform: 'hbbtv',
      model: 'Acme TV-55X',
      engine: 'Chromium 79',
      state: 'playing',
      currentPlaybackId: hbbtvPlayback,
    });
    expect(hbbtv.key).to.match(/^ua:/);
    expect(s.apps.find((a) => a.appSessionId === tizenApp)!.deviceKey).to.equal(tv.key);

    const news = s.contents.find((c) => c.editorialId === 'news')!;
    expect(news).to.include({ contentType: 'live-event', contentSource: 'IPTV', playbacks: 1, errors: 3, medianThroughput: 2_000_000 });
    expect(s.contents.find((c) => c.editorialId === 'film')).to.include({ playbacks: 1, errors: 0, medianThroughput: 5_000_000 });

    // An hour on, the errors leave the hour's counts (not the totals) and both devices are silent.
    clock += 61 * 60_000;
    const later = await summary();
    expect(later.devices.map((d) => d.state)).to.deep.equal(['silent', 'silent']);
    expect(later.devices[1].errorsLastHour).to.deep.equal({});
    expect(later.devices[1].errors).to.equal(3);
  });

  it('tells playbacks apart by start and duration, and puts their errors on the timeline', async () => {
    const ids = { appSessionId: randomUUID(), playbackSessionId: randomUUID() };
    const start = Date.UTC(2026, 11, 6, 20, 0, 0);
    await post(
      server().url,
      METRICS,
      [0, 10, 20].map((s) => metricsRecord({ timestamp: new Date(start + s * 1000).toISOString() }, ids)),
      'test'
    );
    await post(
      server().url,
      ERRORS,
      [errorRecord({ timestamp: new Date(start + 15_000).toISOString() }, { ...ids, errorCode: '3016', errorMsg: 'MEDIA (3.3016)' })],
      'test'
    );
    const s = await summary();
    const playback = s.apps[0].playbacks[0];
    expect(playback).to.include({ firstAt: start, durationMs: 20_000 });
    const detail = await getJson<{ errorMarks: Array<{ t: number; code: string; message: string }> }>(url(`/_dashboard/playback?id=${ids.playbackSessionId}`));
    expect(detail.errorMarks).to.deep.equal([{ t: start / 1000 + 15, code: '3016', message: '3016 MEDIA (3.3016)' }]);
  });

  it('takes the collector down for a set time with a forSeconds rule', async () => {
    const rule = await fetch(url('/_collector/faults'), { method: 'POST', body: JSON.stringify({ status: 503, forSeconds: 60 }) });
    expect(rule.status).to.equal(200);
    for (let i = 0; i < 3; i++) expect((await post(server().url, METRICS, [metricsRecord()], 'test')).status).to.equal(503);
    expect((await getJson<{ faults: Array<{ remainingSeconds: number }> }>(url('/_collector/faults'))).faults[0].remainingSeconds).to.equal(60);
    clock += 60_001;
    expect((await post(server().url, METRICS, [metricsRecord()], 'test')).status).to.equal(200);
    expect((await getJson<{ faults: unknown[] }>(url('/_collector/faults'))).faults).to.deep.equal([]);
    const refused = await fetch(url('/_collector/faults'), { method: 'POST', body: JSON.stringify({ status: 503, forSeconds: 60, count: 2 }) });
    expect(refused.status).to.equal(400);
  });

  it('breaks the next segment of a stream already playing with a fault armed for its token name', async () => {
    const segment = url('/media/armed/vod-dash/seg-0-3.m4s');
    expect((await fetch(segment)).status).to.equal(200);
    const armed = await fetch(url('/_server/faults?token=armed&fault=404:1=seg-*'), { method: 'POST' });
    expect(armed.status, await armed.clone().text()).to.equal(200);
    expect((await fetch(url('/media/armed/vod-dash/manifest.mpd'))).status, 'the glob spares the manifest').to.equal(200);
    expect((await fetch(segment)).status).to.equal(404);
    expect((await fetch(segment)).status, 'once').to.equal(200);
    await fetch(url('/_server/faults?token=armed&fault=corrupt:1=seg-0-3.m4s'), { method: 'POST' });
    const original = Buffer.from(await (await fetch(url('/media/other/vod-dash/seg-0-3.m4s'))).arrayBuffer());
    const corrupted = Buffer.from(await (await fetch(segment)).arrayBuffer());
    expect(corrupted.length).to.equal(original.length);
    expect(corrupted.equals(original)).to.equal(false);
    expect((await fetch(url('/_server/faults?token=armed&fault=teapot=*'), { method: 'POST' })).status).to.equal(400);
  });
});

describe('collector restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'collector-data-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it stored, and the dashboard shows it again', async () => {
    const first = await startServer({ port: 0, collectorDataDir: dir });
    const ids = { appSessionId: randomUUID(), playbackSessionId: randomUUID() };
    const records = [metricsRecord({}, ids), metricsRecord({}, ids)];
    await post(first.url, METRICS, records, TIZEN_UA);
    await post(first.url, METRICS, [records[0]], TIZEN_UA); // a duplicate stays one
    await first.close();

    const second = await startServer({ port: 0, collectorDataDir: dir });
    try {
      expect(second.reloaded).to.deep.equal({ records: 3, unreadableLines: 0, compacted: false });
      const stored = await getJson<{ records: Array<{ index: number; duplicate: boolean; userAgent: string }> }>(`${second.url}/_collector/records`);
      expect(stored.records.map((r) => [r.index, r.duplicate])).to.deep.equal([
        [1, false],
        [2, false],
        [3, true],
      ]);
      expect(stored.records[0].userAgent).to.equal(TIZEN_UA);
      const s = await getJson<LabSummary>(`${second.url}/_dashboard/summary`);
      expect(s.apps[0].playbacks[0]).to.include({ id: ids.playbackSessionId, records: 3, metrics: 3, duplicates: 1 });
      expect(s.devices[0]).to.include({ platform: 'tizen', records: 3 });
      // What arrives now follows on.
      await post(second.url, METRICS, [metricsRecord({}, ids)], TIZEN_UA);
      expect((await getJson<{ records: Array<{ index: number }> }>(`${second.url}/_collector/records?since=3`)).records.map((r) => r.index)).to.deep.equal([4]);
    } finally {
      await second.close();
    }
  });

  it('keeps only its memory bound, skips a line cut short, and forgets what came before a reset', async () => {
    const first = await startServer({ port: 0, collectorDataDir: dir, maxStoredRecords: 3 });
    await post(first.url, METRICS, [metricsRecord({ sequence: 1 })], 'test');
    await fetch(`${first.url}/_collector/reset`, { method: 'POST' });
    await post(
      first.url,
      METRICS,
      [1, 2, 3, 4, 5].map((sequence) => metricsRecord({ sequence })),
      'test'
    );
    await first.close();
    appendFileSync(join(dir, 'records.jsonl'), '{"index": 9, "receivedAt": "2026-12-0'); // killed mid-write

    const second = await startServer({ port: 0, collectorDataDir: dir, maxStoredRecords: 3 });
    try {
      expect(second.reloaded).to.deep.equal({ records: 5, unreadableLines: 1, compacted: true });
      const stored = await getJson<{ records: Array<{ record: { sequence: number } }> }>(`${second.url}/_collector/records`);
      expect(stored.records.map((r) => r.record.sequence)).to.deep.equal([3, 4, 5]);
      expect(await getJson(`${second.url}/_collector/stats`)).to.include({ received: 5, stored: 3, evicted: 2 });
    } finally {
      await second.close();
    }
    // Compacted to what memory keeps: the reset and the records before it are gone from the file.
    expect(readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n')).to.have.length(3);
  });
});

describe('server start', () => {
  it('says a port is busy and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startServer({ port }).then(
        () => null,
        (e: Error) => e
      );
      expect(error).to.be.instanceOf(PortUnavailableError);
      expect(error!.message).to.equal(`port ${port} is already in use: choose another with PORT=<n> or --port <n> (0 picks a free one)`);
    } finally {
      blocker.close();
    }
  });

  it('describes a device from its User-Agent when it sends no deviceId', () => {
    const chrome = describeDevice(null, 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36', '127.0.0.1');
    expect(chrome).to.include({ platform: 'browser', model: 'X11 Linux x86_64', engine: 'Chromium 147', deviceId: null });
    expect(
      describeDevice(null, 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager', null)
    ).to.include({ platform: 'webos', model: 'webOS TV', engine: 'Chromium 79' });
    expect(describeDevice('tv-1', null, null)).to.include({ key: 'id:tv-1', platform: 'browser', model: null, engine: null });
  });
});
