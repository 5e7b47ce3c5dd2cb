import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { fromKavaEvent, fromVaultRecord, type KavaEventLike } from '../../server/dashboard/events';
import { DashboardModel, LIMITS, type AppSummary, type PlaybackDetail } from '../../server/dashboard/model';
import { errorRecord, metricsRecord } from './records';
import { getJson, postJson, useServer } from './http';

const METRICS = '/useractivityvault/v1/useractivity/playback_metrics';
const ERRORS = '/useractivityvault/v1/useractivity/playerError';

interface Summary {
  version: number;
  totals: { vault: Record<string, number>; kava: Record<string, number> };
  apps: AppSummary[];
  rejected: Array<{ eventId: string | null; problems: string[]; name: string }>;
  collector: Record<string, unknown>;
}

/** A valid playback_metrics record as the collector stores it, the `index`-th received. */
function storedMetrics(index: number, record: ReturnType<typeof metricsRecord>) {
  return fromVaultRecord({
    index,
    receivedAt: new Date().toISOString(),
    requestId: 'r',
    activity: 'playback_metrics',
    batchIndex: 0,
    batchSize: 1,
    contentType: null,
    origin: null,
    userAgent: null,
    remoteAddress: null,
    valid: true,
    errors: [],
    duplicate: false,
    record,
  });
}

function at(second: number): string {
  return new Date(Date.UTC(2026, 10, 21, 20, 0, second)).toISOString();
}

/** Reads the first `event: summary` of a server-sent-events stream. */
function firstSseSummary(url: string): Promise<{ contentType: string; summary: Summary }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const match = /event: summary\ndata: (.*)\n\n/.exec(text);
        if (match) {
          resolve({ contentType: String(res.headers['content-type']), summary: JSON.parse(match[1]) });
          req.destroy();
        }
      });
    });
    req.on('error', reject);
  });
}

describe('collector dashboard', () => {
  const server = useServer();
  const url = (path: string) => `${server().url}${path}`;
  const summary = () => getJson<Summary>(url('/_dashboard/summary'));

  beforeEach(async () => {
    await fetch(url('/_collector/reset'), { method: 'POST' });
  });

  it('groups records by app session and playback, with chart points per metrics record', async () => {
    const app = randomUUID();
    const playback = randomUUID();
    const ids = { appSessionId: app, playbackSessionId: playback };
    await postJson(url(METRICS), [
      metricsRecord({ timestamp: at(0), deviceId: 'tv-1' }, { ...ids, selectedBitrate: 400000, streamBitrate: 400000, bufferedDuration: 8 }),
      metricsRecord({ timestamp: at(60), deviceId: 'tv-1' }, { ...ids, selectedBitrate: 1200000, streamBitrate: 400000, bufferedDuration: 12.5 }),
    ]);
    await postJson(url(ERRORS), errorRecord({ timestamp: at(30), deviceId: 'tv-1' }, { ...ids, errorCode: '3016' }));

    const s = await summary();
    expect(s.apps.map((a) => a.appSessionId)).to.deep.equal([app]);
    expect(s.apps[0].identity).to.include({ deviceId: 'tv-1' });
    expect(s.apps[0].playbacks).to.have.length(1);
    expect(s.apps[0].playbacks[0]).to.include({ id: playback, source: 'vault', records: 3, metrics: 2, errors: 1, invalid: 0 });
    expect(s.totals.vault).to.include({ received: 3, valid: 3, invalid: 0 });

    const detail = await getJson<PlaybackDetail>(url(`/_dashboard/playback?id=${playback}`));
    // in time order, the error between the two metrics records
    expect(detail.points.map((p) => [p.t - Date.UTC(2026, 10, 21, 20) / 1000, p.selectedBitrate, p.bufferedDuration, p.errors])).to.deep.equal([
      [0, 400000, 8, null],
      [30, null, null, 1],
      [60, 1200000, 12.5, null],
    ]);
    expect(detail.rows.map((r) => r.name)).to.deep.equal(['playerError', 'playback_metrics', 'playback_metrics']);
    expect(detail.rows[0].summary).to.match(/^3016 /);
  });

  it('lists a record the contract rejected with the reason, and counts duplicates and reported drops', async () => {
    const bad = metricsRecord({}, { selectedBitrate: -5 });
    const dropped = metricsRecord({ droppedRecords: 7 });
    await postJson(url(METRICS), [dropped, bad]);
    await postJson(url(METRICS), dropped); // delivered twice: the same eventId
    const s = await summary();
    expect(s.rejected).to.have.length(1);
    expect(s.rejected[0].eventId).to.equal(bad.eventId);
    expect(s.rejected[0].problems.join(' ')).to.contain('/metadata/selectedBitrate');
    expect(s.totals.vault).to.include({ received: 3, invalid: 1, duplicates: 1, droppedRecords: 14 });
    // the duplicate is a row but not a second point
    const id = (dropped.metadata as { playbackSessionId: string }).playbackSessionId;
    const detail = await getJson<PlaybackDetail>(url(`/_dashboard/playback?id=${id}`));
    expect(detail.rows).to.have.length(2);
    expect(detail.points).to.have.length(1);
  });

  it('starts afresh when the collector is reset', async () => {
    await postJson(url(METRICS), metricsRecord());
    expect((await summary()).apps).to.have.length(1);
    await fetch(url('/_collector/reset'), { method: 'POST' });
    await postJson(url(METRICS), [metricsRecord(), metricsRecord()]);
    const s = await summary();
    expect(s.totals.vault.received).to.equal(2);
  });

  it('streams the summary as server-sent events', async () => {
    await postJson(url(METRICS), metricsRecord());
    const { contentType, summary: s } = await firstSseSummary(url('/_dashboard/events'));
    expect(contentType).to.match(/^text\/event-stream/);
    expect(s.totals.vault.received).to.equal(1);
  });

  it('serves the page and uPlot', async () => {
    const page = await fetch(url('/dashboard/'));
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('uPlot.iife.min.js');
    const lib = await fetch(url('/lib/uplot/uPlot.iife.min.js'));
    expect(lib.status).to.equal(200);
    expect((await fetch(url('/dashboard'), { redirect: 'manual' })).headers.get('location')).to.equal('/dashboard/');
    expect((await fetch(url('/_dashboard/playback?id=nope'))).status).to.equal(404);
  });
});

describe('dashboard model', () => {
  function kavaEvent(index: number, params: Record<string, string>, type = 'VIEW'): KavaEventLike {
    return { index, receivedAt: 1_700_000_000_000 + index * 10_000, params, type, valid: true, errors: [], duplicate: false };
  }

  it('shows Kava events too: a playback per Kava session under the app session, VIEWs as points, no ks', () => {
    const model = new DashboardModel();
    const app = randomUUID();
    model.ingest([
      fromKavaEvent(kavaEvent(1, { eventType: '1', sessionId: `${app}:1`, entryId: '1_abc', ks: 'SECRET', eventIndex: '1' }, 'IMPRESSION')),
      fromKavaEvent(
        kavaEvent(2, {
          eventType: '99',
          sessionId: `${app}:1`,
          entryId: '1_abc',
          eventIndex: '2',
          actualBitrate: '736',
          bandwidth: '4000',
          forwardBufferHealth: '0.8',
          targetBuffer: '10',
        })
      ),
      fromKavaEvent({
        ...kavaEvent(3, { eventType: '98', sessionId: `${app}:1`, errorCode: '1001', eventIndex: '3' }, 'ERROR'),
        valid: false,
        errors: ['errorPosition: missing'],
      }),
    ]);
    const s = model.summary();
    expect(s.apps[0].appSessionId).to.equal(app);
    expect(s.apps[0].playbacks[0]).to.include({ id: `kava:${app}:1`, source: 'kava', records: 3, metrics: 1, errors: 1, invalid: 1 });
    expect(s.totals.kava).to.include({ received: 3, invalid: 1 });
    expect(s.rejected[0].problems).to.deep.equal(['errorPosition: missing']);
    const detail = model.playback(`kava:${app}:1`)!;
    expect(detail.points[0]).to.include({ selectedBitrate: 736000, throughput: 4000000, bufferedDuration: 8 });
    expect(JSON.stringify(model.summary()) + JSON.stringify(detail)).to.not.contain('SECRET');
  });

  it('stays bounded: the least recently active app sessions and the oldest points go first', () => {
    const model = new DashboardModel();
    const first = randomUUID();
    for (let i = 0; i < LIMITS.apps + 5; i++) {
      const app = i === 0 ? first : randomUUID();
      model.ingest([storedMetrics(i + 1, metricsRecord({}, { appSessionId: app }))]);
    }
    const s = model.summary();
    expect(s.apps).to.have.length(LIMITS.apps);
    expect(s.apps.map((a) => a.appSessionId)).to.not.include(first);

    const playback = randomUUID();
    const many = [];
    for (let i = 0; i < LIMITS.points + 10; i++) {
      many.push(
        storedMetrics(1000 + i, metricsRecord({ timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60000).toISOString() }, { playbackSessionId: playback }))
      );
    }
    model.ingest(many);
    const detail = model.playback(playback)!;
    expect(detail.points).to.have.length(LIMITS.points);
    expect(detail.rows).to.have.length(LIMITS.rowsPerPlayback);
    expect(detail.points[0].t).to.equal(Date.UTC(2026, 0, 1) / 1000 + 10 * 60);
  });
});

describe('collector dashboard with the Kava collector', () => {
  const server = useServer();
  const url = (path: string) => `${server().url}${path}`;

  it('shows the events the local Kava collector received', async () => {
    await fetch(url('/_kava/reset'), { method: 'POST' });
    const app = randomUUID();
    const query = new URLSearchParams({
      service: 'analytics',
      action: 'trackEvent',
      eventType: '1',
      partnerId: '4321',
      entryId: '1_vod',
      sessionId: `${app}:1`,
      eventIndex: '1',
      ks: 'SECRET-KS',
    });
    expect((await fetch(url(`/api_v3/index.php?${query}`))).status).to.equal(200);
    const s = await getJson<Summary>(url('/_dashboard/summary'));
    expect(s.totals.kava.received).to.equal(1);
    const kavaApp = s.apps.filter((a) => a.appSessionId === app)[0];
    expect(kavaApp.playbacks[0]).to.include({ id: `kava:${app}:1`, source: 'kava', records: 1 });
    expect(JSON.stringify(s)).to.not.contain('SECRET-KS');
  });
});
