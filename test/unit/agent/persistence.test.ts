import { expect } from 'chai';
import * as sinon from 'sinon';
import { AgentPlugin } from '../../../src/agent/plugin';
import { persistencePlugin } from '../../../src/delivery/persist';
import { ContentDescription } from '../../../src/vault/content';
import { FakeWindow, seededRandom, START, startAgent, TestAgent, trackedPlayer } from '../../helpers/env';
import { CRITICAL, FakePlayer, shakaError } from '../../helpers/fake-player';
import { DeliveredRecord, retry, ScriptedTransport } from '../../helpers/scripted-transport';
import { FakeLocalStorage } from '../platform/fakes';

var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };
var KEY = 'tvt:queue';
var HOUR = 3600000;

/** localStorage that logs what happens to the queue key, in order with the transport's beacons. */
class LoggingStorage extends FakeLocalStorage {
  events: string[] = [];
  setItem(key: string, value: string): void {
    if (key === KEY) this.events.push('write');
    super.setItem(key, value);
  }
  removeItem(key: string): void {
    if (key === KEY && key in this.data) this.events.push('remove');
    super.removeItem(key);
  }
  writes(): number {
    return this.events.filter((e) => e === 'write').length;
  }
  /** What a power cut leaves: the stored data, in a fresh storage. */
  survivor(): LoggingStorage {
    var next = new LoggingStorage();
    next.data = { ...this.data };
    return next;
  }
}

describe('agent persistence', function () {
  var timers: sinon.SinonFakeTimers;
  var runs: TestAgent[];

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    runs = [];
  });
  afterEach(function () {
    runs.forEach((r) => r.agent.shutdown());
    timers.tick(HOUR); // let shutdowns with a collector down settle
    timers.restore();
  });

  /**
   * One run of the app over `ls` (a browser window with that localStorage); `down`: the collector
   * answers 503; `plugins`: what the app passes (default: the persistence add-on's plugin).
   */
  function run(
    ls: FakeLocalStorage | null,
    options: { down?: boolean; profile?: { [key: string]: any }; plugins?: AgentPlugin[] } = {}
  ): TestAgent & { win: FakeWindow } {
    var win = new FakeWindow();
    (win as any).localStorage = ls;
    var transport = new ScriptedTransport();
    if (options.down) transport.fallback = retry(503);
    transport.beaconAccepts = (ls as LoggingStorage | null)?.events
      ? () => {
          (ls as LoggingStorage).events.push('beacon');
          return !options.down;
        }
      : !options.down;
    // A seed per run: each run makes its own appSessionId and eventIds. The app loads the add-on.
    var t = startAgent(timers, options.profile, {
      window: win,
      transport: transport,
      random: seededRandom(runs.length + 1),
      plugins: options.plugins || [persistencePlugin],
    });
    runs.push(t);
    return { ...t, win: win };
  }

  function ids(records: DeliveredRecord[]): string[] {
    return records.map((r) => r.eventId);
  }

  function expectOnce(records: DeliveredRecord[]): void {
    expect(ids(records).length - new Set(ids(records)).size, 'records delivered twice').to.equal(0);
  }

  async function failingPlayback(ls: LoggingStorage, minutes: number): Promise<{ t: TestAgent & { win: FakeWindow }; player: FakePlayer }> {
    var t = run(ls, { down: true });
    var player = await trackedPlayer(t.agent, VOD);
    timers.tick(minutes * 60000);
    return { t, player };
  }

  it('writes on hide and exit, before the beacon, not again while nothing changed, and clears after an acknowledgement', async function () {
    var ls = new LoggingStorage();
    var t = run(ls, { profile: { vault: { flushIntervalSeconds: 86400 } } });
    await trackedPlayer(t.agent, VOD);
    timers.tick(150000); // two records, before the first flush: nothing written per record
    expect(ls.events).to.deep.equal([]);
    t.win.hide();
    expect(ls.events).to.deep.equal(['write', 'beacon']);
    expect(ls.data[KEY].split('\n')).to.have.length(3);
    t.win.show();
    t.win.hide(); // the beacon took the records, yet it may not arrive: they stay stored
    expect(ls.events).to.deep.equal(['write', 'beacon']);
    expect(ls.data[KEY].split('\n')).to.have.length(3);
    t.win.show();
    timers.tick(60000);
    t.agent.flush();
    timers.tick(1000);
    expect(t.transport.delivered('playback_metrics')).to.have.length(3); // two by beacon, one acknowledged
    expect(ls.events).to.deep.equal(['write', 'beacon', 'remove']);
    timers.tick(10000);
    t.win.pageHide(); // exit: the playback's last interval is written, then beaconed
    expect(ls.events).to.deep.equal(['write', 'beacon', 'remove', 'write', 'beacon']);
    expect(ls.data[KEY].split('\n')).to.have.length(2);
  });

  it('writes during an outage about once per flush interval, never per record or per retry', async function () {
    var ls = new LoggingStorage();
    var { t } = await failingPlayback(ls, 120); // the default 60 s interval and 300 s flush
    var records = t.agent.status().queued;
    expect(records).to.be.at.least(110);
    var requests = t.transport.exchanges.length;
    expect(requests, 'retries').to.be.at.least(12);
    // A write at the first failure, then at most one per flush interval (retries cap at 600 s).
    expect(ls.writes()).to.be.within(8, 2 * 12 + 1);
    expect(ls.writes()).to.be.at.most(requests);
    var stored = ls.data[KEY].split('\n');
    expect(stored.length - 1, 'the 64 KB budget holds what waits').to.be.within(40, records);
  });

  it('writes when flushes are held back offline, at most once per flush interval', async function () {
    var ls = new LoggingStorage();
    var t = run(ls);
    var player = await trackedPlayer(t.agent, VOD);
    t.win.goOffline();
    timers.tick(HOUR);
    for (var i = 0; i < 20; i++) {
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1002 + i) }); // an error storm offline
      timers.tick(3000);
    }
    expect(t.transport.exchanges).to.have.length(0);
    expect(ls.writes()).to.be.within(2, 12 + 1 + 1);
  });

  it('delivers persisted records first after a restart, once, and clears the key after they are acknowledged', async function () {
    var ls = new LoggingStorage();
    var { t: first, player } = await failingPlayback(ls, 5);
    player.emit('error', { detail: shakaError(CRITICAL, 1, 1002) });
    timers.tick(60000);
    first.win.hide(); // the app goes to the background ...
    var waiting = first.agent.status().queued;
    expect(waiting).to.equal(7); // 6 intervals and the error
    var cut = ls.survivor(); // ... and the power goes

    var second = run(cut);
    expect(second.agent.status()).to.include({ queued: waiting, discarded: 0 });
    await trackedPlayer(second.agent, VOD);
    timers.tick(600000);
    var delivered = second.transport.delivered();
    expectOnce(delivered);
    var before = delivered.filter((r) => r.metadata.appSessionId === first.agent.appSessionId);
    expect(before).to.have.length(waiting);
    for (var activity of ['playback_metrics', 'playerError']) {
      var all = second.transport.delivered(activity);
      var old = all.filter((r) => r.metadata.appSessionId === first.agent.appSessionId);
      expect(all.slice(0, old.length), activity + ': the persisted go first').to.deep.equal(old);
      expect(
        old.map((r) => r.sequence),
        activity + ' in order'
      ).to.deep.equal(old.map((_, i) => i + 1));
    }
    expect(second.transport.delivered('playback_metrics').length).to.be.greaterThan(before.length); // the new run's too
    expect(cut.data[KEY], 'cleared once acknowledged').to.equal(undefined);

    var third = run(cut.survivor());
    await trackedPlayer(third.agent, VOD);
    timers.tick(600000);
    var again = third.transport.delivered().filter((r) => r.metadata.appSessionId === first.agent.appSessionId);
    expect(again, 'delivered once').to.deep.equal([]);
  });

  it('keeps the eventId, timestamp and sequence of every record across a restart, whatever the clock did', async function () {
    for (var jumpMs of [-86400000, 3 * 86400000]) {
      var ls = new LoggingStorage();
      var { t: first } = await failingPlayback(ls, 4);
      first.win.hide();
      var stored = ls.data[KEY].split('\n')
        .slice(1)
        .map((line) => JSON.parse(line));
      timers.setSystemTime(Date.now() + jumpMs);
      var second = run(ls.survivor());
      timers.tick(600000);
      var delivered = second.transport.delivered('playback_metrics');
      expect(
        delivered.map((r) => [r.eventId, r.timestamp, r.sequence]),
        'jump ' + jumpMs
      ).to.deep.equal(stored.map((r) => [r.eventId, r.timestamp, r.sequence]));
    }
  });

  it('carries the overflow still to report across a restart as droppedRecords', async function () {
    var ls = new LoggingStorage();
    var first = run(ls, { down: true, profile: { queue: { capacity: 3 } } });
    await trackedPlayer(first.agent, VOD);
    timers.tick(5 * 60000 + 1000);
    first.win.hide();
    expect(first.agent.status()).to.include({ queued: 3, overflowed: 2 });
    var second = run(ls.survivor());
    timers.tick(600000);
    var delivered = second.transport.delivered('playback_metrics');
    expect(delivered).to.have.length(3);
    expect(delivered[0].droppedRecords).to.equal(2);
  });

  it('counts the lines the persisted budget leaves out as dropped, errors kept first', async function () {
    var ls = new LoggingStorage();
    var first = run(ls, { down: true, profile: { persistence: { maxBytes: 4000 } } });
    var player = await trackedPlayer(first.agent, VOD);
    player.emit('error', { detail: shakaError(CRITICAL, 1, 1002) });
    timers.tick(10 * 60000);
    first.win.hide();
    expect(ls.data[KEY].length).to.be.at.most(4000);
    var waiting = first.agent.status().queued;
    var second = run(ls.survivor());
    timers.tick(600000);
    var metrics = second.transport.delivered('playback_metrics');
    expect(second.transport.delivered('playerError')).to.have.length(1);
    expect(metrics.length).to.be.within(1, waiting - 3);
    expect(metrics[0].droppedRecords, 'the oldest left out').to.equal(waiting - 1 - metrics.length);
    expect(metrics[metrics.length - 1].sequence, 'the newest kept').to.equal(waiting - 1);
  });

  it('starts, counts and warns about corrupt or foreign stored content, then works as usual', async function () {
    for (var junk of ['{"activityName":"playback_met', '{"queue":"of another app"}', 'tvt-queue 2 0 0\nnot a record\n{}']) {
      var ls = new LoggingStorage();
      ls.data[KEY] = junk;
      var t = run(ls);
      var discarded = junk.split('\n').length - (junk.indexOf('tvt-queue') === 0 ? 1 : 0);
      expect(t.agent.status().discarded, junk).to.equal(discarded);
      expect(t.logger.messages('warn').join('\n')).to.include(discarded + ' corrupt or foreign');
      await trackedPlayer(t.agent, VOD);
      timers.tick(600000);
      expect(t.transport.delivered('playback_metrics').length).to.be.at.least(5);
      expect(ls.data[KEY], 'the junk is gone').to.equal(undefined);
    }
  });

  it('keeps working in memory when localStorage throws on get and set, warning once', async function () {
    var throwing = new LoggingStorage();
    throwing.getItem = () => {
      throw new Error('get');
    };
    var t = run(throwing, { down: true }); // the write probe at start-up worked
    throwing.failSet = true;
    var player = await trackedPlayer(t.agent, VOD);
    timers.tick(30 * 60000);
    t.win.hide();
    t.win.show();
    t.transport.fallback = { kind: 'success' };
    player.emit('error', { detail: shakaError(CRITICAL, 1, 1002) });
    timers.tick(HOUR);
    expect(t.transport.delivered('playback_metrics').length).to.be.at.least(80);
    expect(t.transport.delivered('playerError')).to.have.length(1);
    expect(t.logger.messages('warn').filter((m) => /not persisted/.test(m))).to.have.length(1);
    expect(t.logger.messages('error')).to.deep.equal([]);
  });

  it('warns once when localStorage is full, keeps nothing in memory, and still delivers', async function () {
    var ls = new LoggingStorage();
    ls.quota = 3000;
    var t = run(ls, { down: true });
    await trackedPlayer(t.agent, VOD);
    timers.tick(30 * 60000);
    t.win.hide();
    expect(ls.data[KEY]).to.equal(undefined);
    expect(t.logger.messages('warn').filter((m) => /not persisted/.test(m))).to.have.length(1);
    t.win.show();
    t.transport.fallback = { kind: 'success' };
    timers.tick(HOUR);
    expect(t.agent.status()).to.include({ dropped: 0 });
    expect(t.transport.delivered('playback_metrics').length).to.be.at.least(80);
  });

  it('writes nothing with persistence.maxBytes 0', async function () {
    var ls = new LoggingStorage();
    var t = run(ls, { down: true, profile: { persistence: { maxBytes: 0 } } });
    await trackedPlayer(t.agent, VOD);
    timers.tick(HOUR);
    t.win.hide();
    expect(ls.events.filter((e) => e !== 'beacon')).to.deep.equal([]);
  });

  it('writes what the collector did not take at shutdown', async function () {
    var ls = new LoggingStorage();
    var t = run(ls, { down: true });
    await trackedPlayer(t.agent, VOD);
    timers.tick(3 * 60000);
    var done = sinon.spy();
    t.agent.shutdown(done);
    timers.tick(HOUR);
    expect(done.calledOnce).to.equal(true);
    expect(ls.data[KEY].split('\n').length - 1).to.equal(done.firstCall.args[0].queued);
  });

  describe('the persistence plugin', function () {
    var ADVICE = /^tv-telemetry: .*will not survive a restart without tv-telemetry-persist\.js$/;

    it('without it: says once, at info level, that queued records will not survive a restart, and delivers from memory', async function () {
      var ls = new LoggingStorage();
      ls.data[KEY] = 'tvt-queue 2 0 0'; // what an earlier run with the add-on stored stays untouched
      var t = run(ls, { down: true, plugins: [] });
      var player = await trackedPlayer(t.agent, VOD);
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1002) });
      timers.tick(30 * 60000);
      t.win.hide();
      t.win.show();
      t.transport.fallback = { kind: 'success' };
      timers.tick(HOUR);
      expect(t.logger.messages('info').filter((m) => ADVICE.test(m))).to.have.length(1);
      expect(t.logger.messages('warn').filter((m) => /persist|stored/.test(m))).to.deep.equal([]);
      expect(
        ls.events.filter((e) => e !== 'beacon'),
        'storage untouched'
      ).to.deep.equal([]);
      expect(ls.data[KEY]).to.equal('tvt-queue 2 0 0');
      expect(t.agent.status()).to.include({ dropped: 0, discarded: 0 });
      expect(t.transport.delivered('playback_metrics').length).to.be.at.least(80);
      expect(t.transport.delivered('playerError')).to.have.length(1);
    });

    it('without it: says nothing when the profile persists nothing (persistence.maxBytes 0)', function () {
      var t = run(new LoggingStorage(), { plugins: [], profile: { persistence: { maxBytes: 0 } } });
      expect(t.logger.messages('info').filter((m) => ADVICE.test(m))).to.deep.equal([]);
    });

    it('takes the first plugin with a persistence factory: odd entries and a throwing getter cannot break createAgent', async function () {
      var throwing = {
        name: 'throwing',
        get persistence(): never {
          throw new Error('getter');
        },
      };
      var ls = new LoggingStorage();
      var t = run(ls, { down: true, plugins: [null as any, 42 as any, throwing as any, { name: 'none' }, persistencePlugin] });
      await trackedPlayer(t.agent, VOD);
      timers.tick(5 * 60000);
      t.win.hide();
      expect(ls.writes(), 'the add-on after the odd ones persists').to.be.at.least(1);
      expect(ls.data[KEY].split('\n').length - 1).to.equal(t.agent.status().queued);
      expect(t.logger.messages('info').filter((m) => ADVICE.test(m))).to.deep.equal([]);
      expect(t.logger.messages('error')).to.deep.equal([]);
    });

    it('keeps the queues in memory when the persistence factory throws', async function () {
      var broken: AgentPlugin = {
        name: 'broken',
        persistence: function (): never {
          throw new Error('factory');
        },
      };
      var ls = new LoggingStorage();
      var t = run(ls, { down: true, plugins: [broken, persistencePlugin] });
      await trackedPlayer(t.agent, VOD);
      timers.tick(5 * 60000);
      t.win.hide();
      t.win.show();
      t.transport.fallback = { kind: 'success' };
      timers.tick(HOUR);
      expect(ls.writes()).to.equal(0);
      expect(t.agent.status()).to.include({ dropped: 0 });
      expect(t.transport.delivered('playback_metrics').length).to.be.at.least(60);
    });
  });
});
