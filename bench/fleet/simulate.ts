/**
 * Fleet simulation (a benchmark, not a test): 100,000 agents' delivery with the real
 * scheduling and retry code (src/delivery/channel.ts, src/queue/ring.ts, src/delivery/backoff.ts),
 * driven the way the agent drives it, on one fake clock, in one process.
 *
 *   npm run simulate:fleet [-- --agents 100000 --seed 1 --steady-minutes 120 --outage-minutes 10
 *                              --recovery-minutes 30 --errors-per-hour 0.1]
 *
 * (tsc to out/fleet, then node: under tsx every closure carries a name property, which doubles
 * the heap and the run time of 100,000 agents.)
 *
 * Each agent: the profile's defaults (flush every 300 s ± 20 %, retry 5 s doubling to 600 s, rings
 * of 150 records), a playback started in the same second as every other agent emitting a metrics
 * record every 60 s, now and then a playerError record (its own urgent channel, as in the agent),
 * and now and then a failed request. The collector (a fake transport) counts requests per
 * simulated second and answers after 30–300 ms. After the steady part the collector is down for
 * the outage (every request fails: half as network errors, half as 503), then comes back.
 *
 * Goals: steady-state peak ≤ 1.5 × mean; recovery peak ≤ 2 × the steady mean.
 */
import { Clock, HttpRequest, Logger, SendOutcome, Transport } from '../../src/core/types';
import { Channel, ChannelShared, createChannel, EncodedBatch } from '../../src/delivery/channel';
import { Profile } from '../../src/profile/types';
import { validateProfile } from '../../src/profile/validate';
import { TimerQueue } from './timer-queue';
import { seededRandom } from '../../test/helpers/random';

// --- parameters ---------------------------------------------------------------------------------

function option(name: string, fallback: number): number {
  var i = process.argv.indexOf('--' + name);
  var value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!isFinite(value) || value < 0) throw new Error('--' + name + ': expected a number');
  return value;
}

var AGENTS = option('agents', 100000);
var SEED = option('seed', 1);
var STEADY_S = option('steady-minutes', 120) * 60;
var OUTAGE_S = option('outage-minutes', 10) * 60;
var RECOVERY_S = option('recovery-minutes', 30) * 60;
var END_S = STEADY_S + OUTAGE_S + RECOVERY_S;
/**
 * playerError records per agent per hour, at random moments: one per 10 hours of playback, more
 * than the 1–2 % of sessions that fail in a typical OTT service.
 */
var PLAYER_ERRORS_PER_HOUR = option('errors-per-hour', 0.1);
/** Outside the outage, requests fail now and then (network error or 503). */
var REQUEST_FAILURE_CHANCE = 0.002;

var validated = validateProfile({ name: 'fleet', vault: { endpoint: 'https://collector.example' } });
if (!validated.ok) throw new Error(validated.problems.join('\n'));
var profile: Profile = validated.profile;
var FLUSH_S = profile.vault.flushIntervalSeconds;
var METRICS_MS = profile.vault.metricsIntervalSeconds * 1000;

// --- shared pieces: one clock, one random source, one transport, one record -------------------

var random = seededRandom(SEED);
var timers = new TimerQueue(Date.UTC(2026, 10, 21, 20, 0, 0));
var clock: Clock = timers.clock();
var quiet: Logger = { debug: noop, info: noop, warn: noop, error: noop };
function noop(): void {}

// A realistic record (about 800 characters), shared by every agent: the ring stores references.
var RECORD = JSON.stringify({
  activityName: 'playback_metrics',
  eventId: '5f0c6a7e-2b1d-4c4e-9a53-0d6c1e7f9b21',
  timestamp: '2026-11-21T20:15:00.000Z',
  sequence: 17,
  deviceId: 'd6c1e7f9-0d6c-4e7f-9b21-5f0c6a7e2b1d',
  accountId: 'acc-42',
  userId: 'u-7',
  sessionId: 'login-session',
  metadata: {
    appSessionId: '0d6c1e7f-9b21-4c4e-9a53-5f0c6a7e2b1d',
    playbackSessionId: '9a530d6c-1e7f-4b21-9c4e-5f0c6a7e2b1d',
    contentSource: 'IPTV',
    contentType: 'live-event',
    editorialId: 'bbc-one',
    technicalId: '239.100.1.1',
    programmeId: 'prog-1200',
    playbackProgress: 1234.567,
    selectedBitrate: 1200000,
    streamBitrate: 1200000,
    availableBitrates: [400000, 1200000, 2500000],
    bytesDownloaded: 9000000,
    downloadBitRate: 10000000,
    downloadBitrateAverage: 9500000,
    bufferedDuration: 12.04,
    droppedVideoFrames: 0,
    totalVideoFrames: 1500,
    uri: 'https://cdn.example.com/live/bbc-one/manifest.mpd',
  },
});
var ERROR_RECORD = RECORD.replace('playback_metrics', 'playerError');

// Requests per simulated second, by when they were sent.
var perSecond = new Int32Array(END_S + 1);
var totals = { requests: 0, metricsRequests: 0, errorRequests: 0, failed: 0, recordsEnqueued: 0, errorRecords: 0 };

var SUCCESS: SendOutcome = { kind: 'success', status: 200, serverDateMs: null, body: '{"accepted":1}' };
var NETWORK_ERROR: SendOutcome = { kind: 'retryable', status: 0, retryAfterMs: null };
var UNAVAILABLE: SendOutcome = { kind: 'retryable', status: 503, retryAfterMs: null };

function collectorDown(): boolean {
  var s = timers.now / 1000;
  return s >= STEADY_S && s < STEADY_S + OUTAGE_S;
}

var transport: Transport = {
  send: function (request: HttpRequest, done: (outcome: SendOutcome) => void) {
    var second = Math.floor(timers.now / 1000);
    if (second <= END_S) perSecond[second]++;
    totals.requests++;
    if (request.url === ERRORS_URL) totals.errorRequests++;
    else totals.metricsRequests++;
    var outcome = SUCCESS;
    if (collectorDown() || random() < REQUEST_FAILURE_CHANCE) {
      outcome = random() < 0.5 ? NETWORK_ERROR : UNAVAILABLE;
      totals.failed++;
    }
    timers.setTimeout(
      function () {
        done(outcome);
      },
      30 + 270 * random() * random()
    );
  },
  beacon: function () {
    return false;
  },
};

// --- the agents ---------------------------------------------------------------------------------

var ENDPOINT = profile.vault.endpoint + '/useractivityvault/v1/useractivity/';
var METRICS_URL = ENDPOINT + 'playback_metrics';
var ERRORS_URL = ENDPOINT + 'playerError';
// The body does not change when requests go, and building 100,000 agents' bodies would cost most
// of the run in string garbage: every request shares one (src/vault/batch.ts would build it).
var METRICS_BATCH: EncodedBatch = { url: METRICS_URL, method: 'POST', body: '[' + RECORD + ']' };
var ERRORS_BATCH: EncodedBatch = { url: ERRORS_URL, method: 'POST', body: '[' + RECORD + ']' };
function encodeMetrics(): EncodedBatch {
  return METRICS_BATCH;
}
function encodeErrors(): EncodedBatch {
  return ERRORS_BATCH;
}
/** What the agent's addChannel() shares between its channels (src/agent/agent.ts), with the profile's values. */
var shared: ChannelShared = {
  transport: transport,
  clock: clock,
  random: random,
  logger: quiet,
  retry: profile.retry,
  timeoutMs: profile.vault.requestTimeoutSeconds * 1000,
  isOnline: function () {
    return true;
  },
  onOutage: noop,
  onSuccess: noop,
};

/** A channel as the agent's vaultChannel() builds it (src/agent/agent.ts), with the profile's values. */
function channel(urgent: boolean): Channel {
  return createChannel(
    {
      name: urgent ? 'playerError' : 'playback_metrics',
      capacity: urgent ? Math.min(32, profile.queue.capacity) : profile.queue.capacity,
      maxChars: urgent ? Math.min(32768, profile.queue.maxBytes) : profile.queue.maxBytes,
      encode: urgent ? encodeErrors : encodeMetrics,
      maxBatchSize: profile.vault.maxBatchSize,
      contentType: profile.vault.contentType,
      flushEveryMs: urgent ? null : profile.vault.flushIntervalSeconds * 1000,
      flushAfterEnqueueMs: urgent ? profile.vault.errorFlushSeconds * 1000 : null,
      beaconAllowed: true,
    },
    shared
  );
}

var metricsChannels: Channel[] = [];
// The agent creates its playerError channel at start; it costs nothing until a record arrives,
// so here it is made on an agent's first error (memory: most agents never have one).
var errorChannels: (Channel | null)[] = [];

/**
 * The playbacks' metrics intervals (src/agent/playback.ts): a record every 60 s from track(), not
 * jittered. Agents that started in the same millisecond tick together, so one timer per such
 * group does their enqueues (the same moments as a timer per agent, at a fraction of the work).
 */
function startPlaybacks(agents: number[]): void {
  function tick(): void {
    timers.setTimeout(tick, METRICS_MS);
    for (var i = 0; i < agents.length; i++) metricsChannels[agents[i]].enqueue(RECORD);
    totals.recordsEnqueued += agents.length;
  }
  timers.setTimeout(tick, METRICS_MS);
}

/**
 * Player errors strike agents at random moments, independently: a
 * Poisson process over the fleet, each event picking an agent. Its record goes to the agent's
 * urgent playerError channel, sent within errorFlushSeconds.
 */
function scheduleNextPlayerError(): void {
  var meanGapMs = 3600000 / (AGENTS * PLAYER_ERRORS_PER_HOUR);
  timers.setTimeout(
    function () {
      scheduleNextPlayerError();
      var agent = Math.floor(random() * AGENTS);
      var errors = errorChannels[agent] || (errorChannels[agent] = channel(true));
      errors.enqueue(ERROR_RECORD);
      totals.errorRecords++;
    },
    -Math.log(1 - random()) * meanGapMs
  );
}

/** Full GC when node runs with --expose-gc (npm run simulate:fleet does), so heap figures hold live objects only. */
function collect(): void {
  if (typeof (global as any).gc === 'function') (global as any).gc();
}

collect();
var started = process.hrtime.bigint();
var cpuStarted = process.cpuUsage();
var heapBefore = process.memoryUsage().heapUsed;
// Every agent starts in the same second (a country's sets switched on for the same match).
var startedAt: { [ms: number]: number[] } = {};
for (var a = 0; a < AGENTS; a++) {
  var ms = Math.floor(1000 * random());
  timers.now = ms;
  metricsChannels.push(channel(false));
  errorChannels.push(null);
  (startedAt[ms] = startedAt[ms] || []).push(a);
}
for (var key in startedAt) {
  timers.now = Number(key);
  startPlaybacks(startedAt[key]);
}
timers.now = 0;
if (PLAYER_ERRORS_PER_HOUR > 0) scheduleNextPlayerError();
collect();
var heapAgents = process.memoryUsage().heapUsed - heapBefore;

var progressEvery = 600;
for (var s = progressEvery; s <= END_S; s += progressEvery) {
  timers.runUntil(Math.min(s, END_S) * 1000);
  if (process.stderr.isTTY) process.stderr.write('\r  simulated ' + Math.round(s / 60) + ' / ' + END_S / 60 + ' min');
}
timers.runUntil(END_S * 1000);
if (process.stderr.isTTY) process.stderr.write('\r' + ' '.repeat(40) + '\r');
var runtimeS = Number(process.hrtime.bigint() - started) / 1e9;
var cpu = process.cpuUsage(cpuStarted);
var cpuS = (cpu.user + cpu.system) / 1e6;
collect();
var heapEnd = process.memoryUsage().heapUsed;

// --- figures ------------------------------------------------------------------------------------

interface WindowFigures {
  mean: number;
  peak: number;
  peakAt: number;
  mean10: number;
  peak10: number;
  peak10At: number;
}

/** Mean and peak requests per second over [from, to) seconds, and the same with 10 s buckets. */
function figures(from: number, to: number): WindowFigures {
  var sum = 0;
  var peak = 0;
  var peakAt = from;
  for (var t = from; t < to; t++) {
    sum += perSecond[t];
    if (perSecond[t] > peak) {
      peak = perSecond[t];
      peakAt = t;
    }
  }
  var peak10 = 0;
  var peak10At = from;
  for (var b = from; b + 10 <= to; b += 10) {
    var n = 0;
    for (var k = b; k < b + 10; k++) n += perSecond[k];
    if (n > peak10) {
      peak10 = n;
      peak10At = b;
    }
  }
  return { mean: sum / (to - from), peak: peak, peakAt: peakAt, mean10: (sum / (to - from)) * 10, peak10: peak10, peak10At: peak10At };
}

function clockTime(seconds: number): string {
  var h = Math.floor(seconds / 3600);
  var m = Math.floor((seconds % 3600) / 60);
  var sec = seconds % 60;
  return h + ':' + (m < 10 ? '0' : '') + m + ':' + (sec < 10 ? '0' : '') + sec;
}

function pad(text: string | number, width: number): string {
  var s = String(text);
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

var firstInterval = figures(0, FLUSH_S);
var steady = figures(FLUSH_S, STEADY_S);
var outage = figures(STEADY_S, STEADY_S + OUTAGE_S);
var recovery = figures(STEADY_S + OUTAGE_S, END_S);

console.log('# Fleet simulation: ' + AGENTS.toLocaleString('en') + ' agents, seed ' + SEED);
console.log(
  'profile defaults: flush every ' +
    FLUSH_S +
    ' s ± 20 %, metrics every ' +
    METRICS_MS / 1000 +
    ' s, retry ' +
    profile.retry.baseSeconds +
    ' s doubling to ' +
    profile.retry.maxSeconds +
    ' s, ring ' +
    profile.queue.capacity +
    ' records; all agents start within one second; outage ' +
    clockTime(STEADY_S) +
    '–' +
    clockTime(STEADY_S + OUTAGE_S) +
    ' (network errors and 503s), recovery to ' +
    clockTime(END_S)
);
console.log('');
console.log('| window | req/s mean | req/s peak (at) | peak/mean | per 10 s mean | per 10 s peak (at) | peak/mean |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
function row(name: string, f: WindowFigures, reference: WindowFigures | null): void {
  var ref = reference || f;
  console.log(
    '| ' +
      name +
      ' | ' +
      pad(f.mean.toFixed(1), 6) +
      ' | ' +
      pad(f.peak, 5) +
      ' (' +
      clockTime(f.peakAt) +
      ') | ' +
      pad((f.peak / ref.mean).toFixed(2), 5) +
      ' | ' +
      pad(f.mean10.toFixed(0), 5) +
      ' | ' +
      pad(f.peak10, 5) +
      ' (' +
      clockTime(f.peak10At) +
      ') | ' +
      pad((f.peak10 / ref.mean10).toFixed(2), 5) +
      ' |'
  );
}
row('first interval 0–' + FLUSH_S + ' s', firstInterval, null);
row('steady ' + clockTime(FLUSH_S) + '–' + clockTime(STEADY_S), steady, null);
row('outage (vs steady mean)', outage, steady);
row('recovery ' + RECOVERY_S / 60 + ' min (vs steady mean)', recovery, steady);
console.log('');
var steadyRatio = steady.peak / steady.mean;
var recoveryRatio = recovery.peak / steady.mean;
console.log(
  '(a) all start in one second, steady peak ≤ 1.5 × mean: ' +
    steadyRatio.toFixed(2) +
    (steadyRatio <= 1.5 ? '  met' : '  MISSED') +
    ' (10 s buckets ' +
    (steady.peak10 / steady.mean10).toFixed(2) +
    ')'
);
console.log(
  '(b) after a ' +
    OUTAGE_S / 60 +
    '-minute outage, recovery peak ≤ 2 × steady mean: ' +
    recoveryRatio.toFixed(2) +
    (recoveryRatio <= 2 ? '  met' : '  MISSED') +
    ' (10 s buckets ' +
    (recovery.peak10 / steady.mean10).toFixed(2) +
    '; recovery mean ' +
    (recovery.mean / steady.mean).toFixed(2) +
    ' × steady)'
);
console.log('');

var sent = 0;
var queued = 0;
var overflowed = 0;
var refused = 0;
function add(c: Channel | null): void {
  if (!c) return;
  var counts = c.counts();
  sent += counts.sent;
  queued += counts.queued;
  overflowed += counts.overflowed;
  refused += counts.refused;
}
metricsChannels.forEach(add);
errorChannels.forEach(add);
console.log(
  'requests ' +
    totals.requests.toLocaleString('en') +
    ' (metrics ' +
    totals.metricsRequests.toLocaleString('en') +
    ', errors ' +
    totals.errorRequests.toLocaleString('en') +
    '; failed ' +
    totals.failed.toLocaleString('en') +
    '); records ' +
    (totals.recordsEnqueued + totals.errorRecords).toLocaleString('en') +
    ' enqueued, ' +
    sent.toLocaleString('en') +
    ' acknowledged, ' +
    queued.toLocaleString('en') +
    ' still queued, ' +
    overflowed +
    ' overflowed, ' +
    refused +
    ' refused'
);
console.log(
  'runtime ' +
    runtimeS.toFixed(1) +
    ' s (CPU ' +
    cpuS.toFixed(1) +
    ' s) for ' +
    (END_S / 3600).toFixed(2) +
    ' h simulated (' +
    (timers.fired / 1e6).toFixed(1) +
    ' M timers); heap for the agents ' +
    (heapAgents / 1048576).toFixed(0) +
    ' MB (' +
    Math.round(heapAgents / AGENTS) +
    ' bytes each), heap at the end ' +
    (heapEnd / 1048576).toFixed(0) +
    ' MB'
);
