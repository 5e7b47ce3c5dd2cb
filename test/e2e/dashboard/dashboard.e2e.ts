// The collector dashboard's playback page on a real playback: the agent with Shaka 4.16 in headless
// Chromium plays the live stream (a bitrate switch, then a corrupt segment), the local collector
// stores the records, and the dashboard page (#/playback/<id>) draws them with uPlot. The test reads
// the charts' data arrays, checks them against what the collector stored, finds the errors on the
// same timeline as every chart, a record posted invalid on purpose in the rejected table, and saves
// test-output/playback.png (tools/screenshots.ts copies it for the README).
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { metricsRecord } from '../../server/records';
import { AgentPage, collectorRecords, e2eProfile, resetServer, waitForRecords, type StoredRecord } from '../agent/agent-page';
import { logsOf, newPage } from '../browser';
import { useE2eEnvironment } from '../environment';

type ChartData = Record<string, Array<Array<number | null>>>;

const SEGMENT_MS = 2000;

function values(series: Array<number | null>): number[] {
  return series.filter((v): v is number => v !== null);
}

describe('collector dashboard end to end', function () {
  this.timeout(90_000);
  const env = useE2eEnvironment();

  it('charts a real playback from the collector and lists a record the contract rejected, with why', async () => {
    const url = env().server.url;
    await resetServer(url);
    const app = await AgentPage.open(env().browser, url, 4, e2eProfile(url), { accountId: 'acc-1', userId: 'user-1' });

    // A corrupt segment about 14 s from now: a critical MEDIA error late in the playback.
    const info = (await (await fetch(`${url}/_server/info`)).json()) as { live: { availabilityStartTime: string } };
    const badSegment = Math.floor((Date.now() + 14_000 - Date.parse(info.live.availabilityStartTime)) / SEGMENT_MS);
    await app.call('track', {
      contentType: 'live-event',
      contentSource: 'OTT',
      editorialId: 'bbc-one',
      programmeId: 'prog-1200',
      eventStart: Date.now() - 600_000,
    });
    const load = await app.call('load', `${url}/media/dash-board~rate=600k~corrupt=seg-*-${badSegment}.m4s/live/manifest.mpd`);
    expect(load).to.deep.equal({ ok: true });
    await app.call('selectVariant', 'lowest');
    await app.playFor(5);
    await app.call('selectVariant', 'highest');
    // The corrupt segment stops the player on the way: wait for its playerError at the collector.
    const isOurs = (r: StoredRecord) => r.record?.metadata?.appSessionId === app.appSessionId;
    await waitForRecords(url, (all) => all.filter(isOurs).some((r) => r.activity === 'playerError'), {}, 30_000);
    // Then shut the agent down (final records sent, nothing after) so the charts and the collector agree.
    await app.call('shutdown');
    const records = (await collectorRecords(url)).filter(isOurs);
    const metrics = records.filter((r) => r.activity === 'playback_metrics').map((r) => r.record);
    expect(metrics.length).to.be.at.least(5);
    expect(records.filter((r) => r.activity === 'playerError')).to.have.length.at.least(1);
    const playbackSessionId: string = metrics[0].metadata.playbackSessionId;

    // A record made invalid on purpose, posted straight to the collector for the same playback.
    const invalid = metricsRecord({ timestamp: new Date().toISOString() }, { appSessionId: app.appSessionId, playbackSessionId, selectedBitrate: -1 });
    const posted = await fetch(`${url}/useractivityvault/v1/useractivity/playback_metrics`, { method: 'POST', body: JSON.stringify([invalid]) });
    expect(posted.status).to.equal(400);

    const page = await newPage(env().browser, `${url}/dashboard/#/playback/${playbackSessionId}`);
    await page.setViewportSize({ width: 1280, height: 940 });
    await page
      .waitForFunction(
        ([id, n]) => {
          const d = (window as any).dashboard;
          return (
            d.state.detail &&
            d.state.detail.id === id &&
            d.charts.bitrate &&
            d.charts.bitrate.data[0].length >= n &&
            document.querySelector('#rejected tr.invalid')
          );
        },
        [playbackSessionId, metrics.length] as const,
        { timeout: 15_000 }
      )
      .catch(async (error: Error) => {
        const seen = await page.evaluate(() => {
          const d = (window as any).dashboard;
          return { mode: d.state.mode, view: d.state.view, points: d.charts.bitrate ? d.charts.bitrate.data[0].length : null };
        });
        throw new Error(
          `${error.message}\nexpected playback ${playbackSessionId} with ${metrics.length} points; page: ${JSON.stringify(seen)}; logs: ${JSON.stringify(logsOf(page))}`
        );
      });

    // The charts' own data arrays (uPlot's `data`: x in epoch seconds, then one array per series).
    const charts = await page.evaluate(() => {
      const out: Record<string, unknown> = {};
      const all = (window as any).dashboard.charts;
      for (const key of Object.keys(all)) out[key] = all[key].data;
      return out as ChartData;
    });
    const times = metrics.map((r) => Date.parse(r.timestamp) / 1000).sort((a, b) => a - b);
    const mbit = (field: string) =>
      metrics
        .map((r) => r.metadata[field])
        .filter((v) => v !== null)
        .map((v: number) => v / 1e6);
    expect(values(charts.bitrate[0])).to.include.members(times);
    expect(values(charts.bitrate[1]).sort()).to.deep.equal(mbit('selectedBitrate').sort());
    expect(values(charts.bitrate[2]).sort()).to.deep.equal(mbit('streamBitrate').sort());
    expect(new Set(values(charts.bitrate[1])).size, 'the switch shows as two levels').to.equal(2);
    expect(values(charts.throughput[1]).length, 'throughput points').to.be.at.least(3);
    expect(Math.max(...values(charts.throughput[1]))).to.be.within(0.1, 0.7); // the 600 kbit/s link
    expect(values(charts.buffer[1]).length, 'buffered points').to.equal(metrics.length);
    expect(values(charts.frames[2]), 'error marks').to.have.length.at.least(1);

    // The errors on the timeline: a mark on every chart at each error record's time, and listed.
    const errors = records.filter((r) => r.activity === 'playerError').map((r) => r.record);
    const marks = await page.evaluate(() => {
      const all = (window as any).dashboard.charts;
      return Object.keys(all).map((key) => all[key].errorMarks.map((m: { t: number; code: string }) => [m.t, m.code]));
    });
    const expected = errors.map((r) => [Date.parse(r.timestamp) / 1000, r.metadata.errorCode]).sort((a, b) => a[0] - b[0]);
    for (const chart of marks) expect(chart).to.deep.equal(expected);
    const listed = await page.locator('#timeline-errors li.timeline-error').allInnerTexts();
    expect(listed).to.have.length(errors.length);
    expect(listed[0]).to.match(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${expected[0][1]} `));
    // One time format: the time axes (drawn on canvas, so read from their formatter) and the legend
    // say local HH:MM:SS, as Date's toTimeString() does.
    const axis = await page.evaluate(() => {
      const u = (window as any).dashboard.charts.bitrate;
      const t = u.data[0][0];
      return { label: u.axes[0].values(u, [t], 0, 0, 0)[0], legend: u.series[0].value(u, t), local: new Date(t * 1000).toTimeString().slice(0, 8) };
    });
    expect(axis.label).to.match(/^\d\d:\d\d:\d\d$/);
    // A flat or tiny range gets no hair-thin y axis of repeated labels: from 0, at least 0.5 Mbit/s.
    const yScale = await page.evaluate(() => {
      const y = (window as any).dashboard.charts.bitrate.scales.y;
      return [y.min, y.max];
    });
    expect(yScale[0]).to.equal(0);
    expect(yScale[1]).to.be.at.least(0.5);
    expect(axis).to.deep.equal({ label: axis.local, legend: axis.local, local: axis.local });
    expect(await page.locator('#playback-title').innerText()).to.match(/live-event · bbc-one · OTT · started \d\d:\d\d:\d\d · \d+ s/);

    // The rejected record, with the reason the contract gives.
    const rejected = await page.locator(`#rejected tr[data-event-id="${invalid.eventId}"]`).innerText();
    expect(rejected).to.contain('/metadata/selectedBitrate');
    expect(rejected).to.match(/must be >= 0/);
    const figures = await page.locator('#totals').innerText();
    expect(figures).to.match(/1\s+rejected/);

    mkdirSync('test-output', { recursive: true });
    // The top of the page (charts, errors, the latest records) keeps the README's image small.
    await page.screenshot({ path: 'test-output/playback.png' });
    expect(logsOf(page).filter((l) => l.type === 'error' || l.type === 'pageerror')).to.deep.equal([]);
    await page.close();
    await app.close();
  });
});
