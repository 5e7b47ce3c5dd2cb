import { expect } from 'chai';
import * as sinon from 'sinon';
import { Storage } from '../../../src/core/types';
import { Channel, createChannel } from '../../../src/delivery/channel';
import { createStorage } from '../../../src/platform/storage';
import { encodeQueues, persistChannels, vaultActivityOf } from '../../../src/delivery/persist';
import { vaultEncoder } from '../../../src/vault/batch';
import { fakeClock, recordingLogger, RecordingLogger, START, throwingStorage } from '../../helpers/env';
import { ScriptedTransport } from '../../helpers/scripted-transport';
import { fakeWindow, FakeLocalStorage } from '../platform/fakes';

const NAMES = ['playerError', 'playback_metrics'];
const MAGIC = 'tvt-queue 2';

function record(activity: string, n: number, pad = ''): string {
  const id = `5f0c6a7e-2b1d-4c4e-9a53-${String(n).padStart(12, '0')}`;
  return JSON.stringify({ activityName: activity, eventId: id, timestamp: '2026-11-21T20:00:00.000Z', sequence: n, metadata: { note: 'line\nbreak' + pad } });
}
const metric = (n: number, pad?: string) => record('playback_metrics', n, pad);
const error = (n: number, pad?: string) => record('playerError', n, pad);

/** Storage over a fake localStorage (the platform's real wrapper), counting writes. */
function countingStorage(ls = new FakeLocalStorage()): Storage & { ls: FakeLocalStorage; writes: number; removes: number } {
  const inner = createStorage({ window: fakeWindow({ localStorage: ls }), logger: recordingLogger() });
  const s = {
    ls,
    writes: 0,
    removes: 0,
    get: (key: string) => inner.get(key),
    set: (key: string, value: string, durable?: boolean) => (s.writes++, inner.set(key, value, durable)),
    remove: (key: string) => (s.removes++, inner.remove(key)),
  };
  return s;
}

describe('delivery/persist', () => {
  describe('encodeQueues', () => {
    it('writes a header with each queue overflow count, then the records, errors first, each oldest first', () => {
      const text = encodeQueues(
        [
          { dropped: 0, records: [error(1)] },
          { dropped: 3, records: [metric(1), metric(2)] },
        ],
        65536
      );
      expect(text.split('\n')).to.deep.equal([MAGIC + ' 0 3', error(1), metric(1), metric(2)]);
    });

    it('keeps the newest records within the budget and counts the older ones it leaves out as dropped', () => {
      const records = [1, 2, 3, 4, 5].map((n) => metric(n));
      const budget = MAGIC.length + 20 + 2 * (records[0].length + 1);
      const text = encodeQueues(
        [
          { dropped: 0, records: [] },
          { dropped: 1, records },
        ],
        budget
      );
      expect(text.length).to.be.at.most(budget);
      expect(text.split('\n')).to.deep.equal([MAGIC + ' 0 4', metric(4), metric(5)]);
    });

    it('gives errors the budget first', () => {
      const errors = [1, 2, 3].map((n) => error(n));
      const budget = MAGIC.length + 20 + 2 * (errors[0].length + 1) + 10;
      const text = encodeQueues(
        [
          { dropped: 0, records: errors },
          { dropped: 0, records: [metric(1)] },
        ],
        budget
      );
      expect(text.split('\n')).to.deep.equal([MAGIC + ' 1 1', error(2), error(3)]);
    });
  });

  describe('vaultActivityOf', () => {
    it('names the activity of a valid record only', () => {
      expect(vaultActivityOf(metric(1))).to.equal('playback_metrics');
      expect(vaultActivityOf(error(1))).to.equal('playerError');
      const valid = JSON.parse(metric(1));
      const broken: { [why: string]: unknown } = {
        'not a UUID': { ...valid, eventId: 'not-a-uuid' },
        'eventId in an array': { ...valid, eventId: [valid.eventId] },
        'numeric timestamp': { ...valid, timestamp: 1 },
        'string sequence': { ...valid, sequence: '1' },
        'null metadata': { ...valid, metadata: null },
        'no metadata': { ...valid, metadata: undefined },
      };
      for (const why in broken) expect(vaultActivityOf(JSON.stringify(broken[why])), why).to.equal(null);
      for (const text of ['{broken', 'null', '42', '"text"', '[]', '']) expect(vaultActivityOf(text), text).to.equal(null);
    });
  });

  describe('persistChannels', () => {
    let timers: sinon.SinonFakeTimers;
    let transport: ScriptedTransport;
    let logger: RecordingLogger;
    let channels: { [name: string]: Channel };

    beforeEach(() => {
      timers = sinon.useFakeTimers({ now: START });
      transport = new ScriptedTransport();
      logger = recordingLogger();
    });
    afterEach(() => {
      for (const name in channels) channels[name].destroy();
      timers.restore();
    });

    function channel(name: string, capacity = 50): Channel {
      return createChannel(
        {
          name,
          capacity,
          maxChars: 100000,
          encode: vaultEncoder('https://c.example/' + name, false),
          maxBatchSize: 50,
          contentType: 'application/json',
          flushAfterEnqueueMs: null, // sends only when the test flushes
          beaconAllowed: true,
        },
        {
          transport,
          clock: fakeClock(timers),
          random: () => 0.5,
          logger,
          retry: { baseSeconds: 5, maxSeconds: 600, maxPerHour: 1000000 },
          timeoutMs: 20000,
          isOnline: () => true,
          onOutage: () => {},
          onSuccess: () => {},
        }
      );
    }

    /** A run of the app: fresh channels over the same storage. */
    function start(storage: Storage, maxChars = 65536, capacity?: number) {
      if (channels) for (const name in channels) channels[name].destroy();
      channels = { playerError: channel('playerError', capacity), playback_metrics: channel('playback_metrics', capacity) };
      return persistChannels({ storage, logger, clock: fakeClock(timers), channels, names: NAMES, maxChars, minFailureGapMs: 60000 });
    }

    function queued(name: string): string[] {
      return channels[name].snapshot().records;
    }

    it('restores every queue with its records in order and its pending overflow, ahead of new records', () => {
      const storage = countingStorage();
      let p = start(storage, 65536, 3);
      [1, 2, 3, 4].forEach((n) => channels.playback_metrics.enqueue(metric(n))); // one overflows
      channels.playerError.enqueue(error(1));
      p.save();
      expect(storage.writes).to.equal(1);

      p = start(storage);
      expect(p.discarded).to.equal(0);
      channels.playback_metrics.enqueue(metric(5));
      expect(queued('playback_metrics')).to.deep.equal([metric(2), metric(3), metric(4), metric(5)]);
      expect(queued('playerError')).to.deep.equal([error(1)]);
      expect(channels.playback_metrics.snapshot().dropped).to.equal(1);
      expect(channels.playback_metrics.counts().overflowed, 'counted in the run that dropped it').to.equal(0);
      channels.playback_metrics.flush();
      timers.tick(100);
      const body = JSON.parse(transport.exchanges[0].request.body!);
      expect(body.map((r: any) => r.sequence)).to.deep.equal([2, 3, 4, 5]);
      expect(body[0].droppedRecords).to.equal(1);
    });

    it('writes only when what waits changed, and removes the key once everything was delivered', () => {
      const storage = countingStorage();
      const p = start(storage);
      p.save();
      expect(storage.writes + storage.removes, 'nothing waits, nothing stored').to.equal(0);
      channels.playback_metrics.enqueue(metric(1));
      p.save();
      p.save();
      expect(storage.writes).to.equal(1);
      channels.playback_metrics.enqueue(metric(2));
      p.save(true); // records still wait: no write
      expect(storage.writes).to.equal(1);
      p.save();
      expect(storage.writes).to.equal(2);
      channels.playback_metrics.flush();
      timers.tick(100);
      p.save(true);
      expect(storage.ls.data).to.deep.equal({});
      p.save(true);
      expect(storage.writes).to.equal(2);
    });

    it('asks storage nothing after a delivery once the key is gone (a steady stream of acknowledged flushes)', () => {
      const storage = countingStorage();
      const p = start(storage);
      for (let n = 1; n <= 3; n++) {
        channels.playback_metrics.enqueue(metric(n));
        channels.playback_metrics.flush();
        timers.tick(100);
        p.save(true);
      }
      expect(storage.writes + storage.removes, 'nothing was ever stored').to.equal(0);
      channels.playback_metrics.enqueue(metric(4));
      p.save(); // a hide: stored
      channels.playback_metrics.flush();
      timers.tick(100);
      p.save(true); // acknowledged: removed, once
      channels.playback_metrics.enqueue(metric(5));
      channels.playback_metrics.flush();
      timers.tick(100);
      p.save(true);
      expect([storage.writes, storage.removes]).to.deep.equal([1, 1]);
      expect(storage.ls.data).to.deep.equal({});
    });

    it('saves after a failure at most once per gap (monotonic), so a long outage writes rarely', () => {
      const storage = countingStorage();
      const p = start(storage);
      channels.playback_metrics.enqueue(metric(1));
      p.failed();
      channels.playback_metrics.enqueue(metric(2));
      timers.tick(59000);
      p.failed();
      expect(storage.writes).to.equal(1);
      timers.tick(1000);
      p.failed();
      expect(storage.writes).to.equal(2);
      timers.tick(60000);
      p.failed(); // nothing new
      expect(storage.writes).to.equal(2);
    });

    it('discards and counts corrupt, foreign and oversized content, keeps the valid records, and never throws', () => {
      const cases: { [what: string]: [string, number, number] } = {
        'corrupt JSON': ['{"activityName":"playback_met', 1, 0],
        'foreign JSON': ['{"some":"other app"}', 1, 0],
        'another version': ['tvt-queue 1\n# playback_metrics 0\n' + metric(1), 3, 0],
        'a header of the wrong shape': [MAGIC + ' 0\n' + metric(1), 2, 0],
        'a huge overflow count': [MAGIC + ' 0 1234567890\n' + metric(1), 2, 0],
        oversized: [MAGIC + ' 0 0\n' + metric(1, 'x'.repeat(70000)), 1, 0],
        'bad lines among good ones': [
          [
            MAGIC + ' 0 2',
            metric(1),
            '{broken',
            JSON.stringify({ ...JSON.parse(metric(2)), activityName: 'somethingElse' }),
            '',
            metric(3),
            JSON.stringify({ ...JSON.parse(metric(4)), activityName: 'toString' }),
          ].join('\n'),
          4,
          2,
        ],
      };
      for (const what in cases) {
        const [text, discarded, restored] = cases[what];
        const storage = countingStorage();
        storage.ls.data['tvt:queue'] = text;
        const p = start(storage);
        expect(p.discarded, what).to.equal(discarded);
        expect(queued('playback_metrics'), what).to.have.length(restored);
        expect(logger.messages('warn').pop(), what).to.match(new RegExp(discarded + ' corrupt or foreign'));
        p.save(); // the valid records are written over the junk ...
        p.save(true); // ... or, with none, an acknowledgement clears it
        expect(storage.ls.data['tvt:queue'] || '', what)
          .not.to.include('x'.repeat(100))
          .and.not.to.include('{broken')
          .and.not.to.include('other app');
      }
    });

    it('survives storage that throws on get, set and remove, or refuses values, warning once', () => {
      const throwing = throwingStorage();
      const refusing: Storage = { get: () => null, set: () => false, remove: () => {} };
      const odd: Storage = { get: () => ({ length: 1 }) as unknown as string, set: () => true, remove: () => {} };
      for (const storage of [throwing, refusing, odd]) {
        logger.lines.length = 0;
        const p = start(storage);
        channels.playback_metrics.enqueue(metric(1));
        p.save();
        channels.playback_metrics.enqueue(metric(2));
        p.save();
        channels.playback_metrics.flush();
        timers.tick(100);
        p.save(true);
        expect(transport.delivered().length).to.be.greaterThan(0);
        if (storage !== odd) expect(logger.messages('warn').filter((m) => /not persisted/.test(m))).to.have.length(1);
        transport.exchanges.length = 0;
      }
    });

    it('keeps nothing in memory when localStorage is full or missing (it would not survive a restart)', () => {
      const full = new FakeLocalStorage();
      full.quota = 1000;
      for (const storage of [countingStorage(full), createStorage({ window: fakeWindow({ localStorage: undefined }), logger: recordingLogger() })]) {
        logger.lines.length = 0;
        const p = start(storage);
        channels.playback_metrics.enqueue(metric(1, 'x'.repeat(2000)));
        p.save();
        expect(storage.get('queue')).to.equal(null);
        expect(logger.messages('warn').filter((m) => /not persisted/.test(m))).to.have.length(1);
      }
      expect(full.data).to.deep.equal({});
    });

    it('persists nothing with a budget of 0, and removes what an earlier profile stored', () => {
      const storage = countingStorage();
      storage.ls.data['tvt:queue'] = MAGIC + ' 0 0\n' + metric(1);
      const p = start(storage, 0);
      expect(queued('playback_metrics')).to.deep.equal([]);
      expect(storage.ls.data).to.deep.equal({});
      channels.playback_metrics.enqueue(metric(2));
      p.save();
      p.failed();
      expect(storage.writes).to.equal(0);
    });
  });
});
