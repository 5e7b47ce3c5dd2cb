import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectorStats, StoredRecord } from '../../server/collector/record-store';
import { errorRecord, metricsRecord } from './records';
import { getJson, postJson, useServer } from './http';

const METRICS = '/useractivityvault/v1/useractivity/playback_metrics';
const ERRORS = '/useractivityvault/v1/useractivity/playerError';

describe('vault collector', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'collector-test-'));
  const server = useServer({ collectorDataDir: dataDir, maxStoredRecords: 50 });
  const url = (path: string) => `${server().url}${path}`;
  const stats = () => getJson<CollectorStats>(url('/_collector/stats'));
  const records = async (query = '') => (await getJson<{ records: StoredRecord[] }>(url(`/_collector/records${query}`))).records;
  const setFaults = (rules: unknown) => postJson(url('/_collector/faults'), rules);

  beforeEach(async () => {
    await fetch(url('/_collector/reset'), { method: 'POST' });
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('accepts a batch of valid records with 200 {"accepted": n} and stores them', async () => {
    const batch = [metricsRecord(), metricsRecord()];
    const response = await postJson(url(METRICS), batch);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ accepted: 2 });
    const stored = await records();
    expect(stored.map((r) => r.record)).to.deep.equal(batch);
    expect(stored[0]).to.include({ valid: true, duplicate: false, activity: 'playback_metrics', batchIndex: 0, batchSize: 2 });
    expect(stored[0].requestId).to.equal(stored[1].requestId);
    expect(Date.parse(stored[0].receivedAt)).to.be.closeTo(Date.now(), 5000);
  });

  it('accepts a single record object sent as text/plain, as sendBeacon does', async () => {
    const response = await postJson(url(ERRORS), errorRecord(), 'text/plain;charset=UTF-8');
    expect(response.status).to.equal(200);
    expect((await records('?activity=playerError'))[0]).to.include({ valid: true, contentType: 'text/plain;charset=UTF-8' });
    expect((await stats()).byContentType).to.deep.equal({ 'text/plain': 1 });
  });

  it('rejects a batch holding an invalid record with 400 and the errors, and still stores it flagged', async () => {
    const bad = metricsRecord({ sequence: 0 });
    const response = await postJson(url(METRICS), [metricsRecord(), bad]);
    expect(response.status).to.equal(400);
    const body = (await response.json()) as {
      accepted: number;
      rejected: number;
      errors: Array<{ index: number; eventId: string; errors: Array<{ path: string }> }>;
    };
    expect(body).to.deep.include({ accepted: 1, rejected: 1 });
    expect(body.errors[0]).to.include({ index: 1, eventId: bad.eventId });
    expect(body.errors[0].errors.map((e) => e.path)).to.deep.equal(['/sequence']);
    const stored = await records('?valid=false');
    expect(stored).to.have.length(1);
    expect(stored[0].errors[0].path).to.equal('/sequence');
    expect(await stats()).to.deep.include({ received: 2, valid: 1, invalid: 1, rejectedRequests: 1 });
  });

  it('answers 400 to bodies that are not JSON records, without storing anything', async () => {
    for (const body of ['not json', '[]', '42', 'null']) {
      expect((await postJson(url(METRICS), body)).status, body).to.equal(400);
    }
    expect(await stats()).to.deep.include({ received: 0, malformedRequests: 4, requests: 4 });
  });

  it('flags a record whose eventId was seen before as a duplicate', async () => {
    const record = metricsRecord();
    await postJson(url(METRICS), [record]);
    await postJson(url(METRICS), [record, metricsRecord()]);
    expect((await records('?duplicate=true')).map((r) => r.index)).to.deep.equal([2]);
    expect((await stats()).duplicates).to.equal(1);
  });

  it('sums the droppedRecords the agent reports', async () => {
    await postJson(url(METRICS), [metricsRecord({ droppedRecords: 3 }), metricsRecord()]);
    await postJson(url(ERRORS), [errorRecord({ droppedRecords: 2 })]);
    expect((await stats()).droppedRecords).to.equal(5);
  });

  it('filters stored records by activity, playback session and position', async () => {
    const mine = metricsRecord();
    const session = (mine.metadata as { playbackSessionId: string }).playbackSessionId;
    await postJson(url(METRICS), [metricsRecord(), mine]);
    await postJson(url(ERRORS), errorRecord({}, { playbackSessionId: session }));
    expect(await records(`?playbackSessionId=${session}`)).to.have.length(2);
    expect(await records(`?activity=playback_metrics&playbackSessionId=${session}`)).to.have.length(1);
    expect((await records('?since=1&limit=1')).map((r) => r.index)).to.deep.equal([2]);
  });

  it('keeps at most maxStoredRecords in memory, evicting the oldest', async () => {
    for (let i = 0; i < 3; i++)
      await postJson(
        url(METRICS),
        Array.from({ length: 20 }, () => metricsRecord())
      );
    const stored = await records();
    expect(stored).to.have.length(50);
    expect(stored[0].index).to.equal(11);
    expect(await stats()).to.deep.include({ received: 60, stored: 50, evicted: 10 });
  });

  it('appends every stored record to records.jsonl in the data directory', async () => {
    const record = errorRecord();
    await postJson(url(ERRORS), record);
    await new Promise((r) => setTimeout(r, 50)); // the append is asynchronous
    const lines = readFileSync(join(dataDir, 'records.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredRecord);
    expect(lines[lines.length - 1].record).to.deep.equal(record);
  });

  describe('CORS', () => {
    it('answers a preflight allowing Content-Type, Authorization and X-* headers for the origin', async () => {
      const response = await fetch(url(METRICS), {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://tv.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,authorization,x-agent-version',
        },
      });
      expect(response.status).to.equal(204);
      expect(response.headers.get('access-control-allow-origin')).to.equal('http://tv.example');
      expect(response.headers.get('access-control-allow-methods')).to.contain('POST');
      expect(response.headers.get('access-control-allow-headers')).to.equal('content-type, authorization, x-agent-version');
      expect((await stats()).preflights).to.equal(1);
    });

    it("lets the engine cache a preflight for two hours (Access-Control-Max-Age, Chromium's cap)", async () => {
      const response = await fetch(url(METRICS), {
        method: 'OPTIONS',
        headers: { Origin: 'http://tv.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      expect(response.headers.get('access-control-max-age')).to.equal('7200');
    });

    it('does not allow other request headers', async () => {
      const response = await fetch(url(METRICS), {
        method: 'OPTIONS',
        headers: { Origin: 'http://tv.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,cookie2' },
      });
      expect(response.headers.get('access-control-allow-headers')).to.equal('content-type');
    });

    it('exposes Date, Retry-After and the throttle headers to the page, and echoes the origin', async () => {
      const response = await fetch(url(METRICS), {
        method: 'POST',
        headers: { Origin: 'dvb://1.2.3', 'Content-Type': 'text/plain' },
        body: JSON.stringify(metricsRecord()),
      });
      expect(response.headers.get('access-control-allow-origin')).to.equal('dvb://1.2.3');
      expect(response.headers.get('access-control-expose-headers')).to.equal('Date, Retry-After, X-Telemetry-Min-Flush, X-Telemetry-Pause');
    });
  });

  describe('fault injection', () => {
    it('answers the next requests with the scripted status and Retry-After, without storing them', async () => {
      expect((await setFaults([{ status: 503, count: 2, retryAfter: '7' }])).status).to.equal(200);
      const first = await postJson(url(METRICS), [metricsRecord()]);
      expect(first.status).to.equal(503);
      expect(first.headers.get('retry-after')).to.equal('7');
      expect((await postJson(url(ERRORS), errorRecord())).status).to.equal(503);
      expect((await postJson(url(METRICS), [metricsRecord()])).status).to.equal(200);
      expect(await stats()).to.deep.include({ requests: 3, faultedRequests: 2, received: 1 });
    });

    it('applies rules in order, each only to its endpoint', async () => {
      await setFaults([
        { path: 'playerError', status: 500 },
        { path: 'playback_metrics', status: 429, body: 'slow down' },
      ]);
      const metrics = await postJson(url(METRICS), [metricsRecord()]);
      expect(metrics.status).to.equal(429);
      expect(await metrics.text()).to.equal('slow down');
      expect((await postJson(url(ERRORS), errorRecord())).status).to.equal(500);
      expect((await getJson<{ faults: unknown[] }>(url('/_collector/faults'))).faults).to.deep.equal([]);
    });

    it('drops the connection without an answer', async () => {
      await setFaults({ dropConnection: true });
      let failed = false;
      try {
        await postJson(url(METRICS), [metricsRecord()]);
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(await stats()).to.deep.include({ faultedRequests: 1, received: 0 });
    });

    it('delays a request that is then processed normally', async () => {
      await setFaults([{ delayMs: 300 }]);
      const started = Date.now();
      expect((await postJson(url(METRICS), [metricsRecord()])).status).to.equal(200);
      expect(Date.now() - started).to.be.at.least(290);
      expect((await stats()).received).to.equal(1);
    });

    it("adds a rule's headers to normal answers (stored) and to injected ones, for its count of requests", async () => {
      await setFaults([
        { path: 'playback_metrics', headers: { 'X-Telemetry-Min-Flush': '600' }, count: 2 },
        { path: 'playerError', status: 503, headers: { 'X-Telemetry-Pause': '3600' } },
      ]);
      const answers = [
        await postJson(url(METRICS), [metricsRecord()]),
        await postJson(url(METRICS), 'not json'),
        await postJson(url(METRICS), [metricsRecord()]),
      ];
      expect(answers.map((r) => [r.status, r.headers.get('x-telemetry-min-flush')])).to.deep.equal([
        [200, '600'],
        [400, '600'],
        [200, null],
      ]);
      const error = await postJson(url(ERRORS), errorRecord());
      expect([error.status, error.headers.get('x-telemetry-pause')]).to.deep.equal([503, '3600']);
      expect(await stats()).to.deep.include({ received: 2, faultedRequests: 1, malformedRequests: 1 });
    });

    it('refuses malformed rules and can clear pending ones', async () => {
      expect((await setFaults([{ status: 'soon' }])).status).to.equal(400);
      expect((await setFaults([{ path: 'metrics', status: 500 }])).status).to.equal(400);
      expect((await setFaults([{ count: 2 }])).status).to.equal(400);
      for (const headers of [
        [],
        { 'X Bad': '1' },
        { 'X-Ok': 'a\r\nb' },
        { 'X-Ok': 5 },
        Object.fromEntries(Array.from({ length: 17 }, (_, i) => ['X-' + i, '1'])),
      ]) {
        expect((await setFaults([{ headers }])).status, JSON.stringify(headers)).to.equal(400);
      }
      expect((await setFaults([{ dropConnection: true, headers: { 'X-Telemetry-Pause': '1' } }])).status).to.equal(400);
      await setFaults([{ status: 500, count: 5 }]);
      await fetch(url('/_collector/faults'), { method: 'DELETE' });
      expect((await postJson(url(METRICS), [metricsRecord()])).status).to.equal(200);
    });
  });

  it('shifts its Date header by the configured clock offset', async () => {
    await postJson(url('/_collector/clock'), { offsetMs: -3_600_000 });
    const response = await postJson(url(METRICS), [metricsRecord()]);
    expect(Date.parse(response.headers.get('date')!)).to.be.closeTo(Date.now() - 3_600_000, 3000);
  });
});
