import { expect } from 'chai';
import { decodeQueues, encodeQueues, isVaultRecordOf } from '../../../src/queue/persist';

function record(activity: string, n: number): string {
  const id = `5f0c6a7e-2b1d-4c4e-9a53-${String(n).padStart(12, '0')}`;
  return JSON.stringify({ activityName: activity, eventId: id, sequence: n, metadata: { note: 'line\nbreak' } });
}
const NAMES = ['playback_metrics', 'playerError'];
const decode = (text: string | null) => decodeQueues(text, NAMES, isVaultRecordOf);

describe('queue/persist', () => {
  it('round-trips every queue with its records in order and its pending overflow count', () => {
    const queues = [
      { name: 'playback_metrics', dropped: 3, records: [record('playback_metrics', 1), record('playback_metrics', 2)] },
      { name: 'playerError', dropped: 0, records: [record('playerError', 1)] },
    ];
    const decoded = decode(encodeQueues(queues, 65536));
    expect(decoded.discarded).to.equal(0);
    expect(decoded.queues).to.deep.equal(queues);
  });

  it('keeps the newest records within the budget and counts the oldest it leaves out as dropped', () => {
    const records = [1, 2, 3, 4, 5].map((n) => record('playback_metrics', n));
    const budget = 'tvt-queue 1'.length + 40 + 2 * (records[0].length + 1);
    const text = encodeQueues([{ name: 'playback_metrics', dropped: 1, records }], budget);
    expect(text.length).to.be.at.most(budget);
    const [queue] = decode(text).queues;
    expect(queue.records).to.deep.equal(records.slice(3));
    expect(queue.dropped).to.equal(1 + 3);
  });

  it('discards and counts foreign content, corrupt lines and records of another activity', () => {
    expect(decode('{"some":"other app"}')).to.deep.equal({ queues: [], discarded: 1 });
    const text = [
      'tvt-queue 1',
      '# playback_metrics 0',
      record('playback_metrics', 1),
      '{"activityName":"playback_metrics","eventId":"not-a-uuid","metadata":{}}',
      '{broken json',
      record('playerError', 2),
      '# somethingElse 4',
      record('playback_metrics', 3),
    ].join('\n');
    const decoded = decode(text);
    expect(decoded.queues).to.deep.equal([{ name: 'playback_metrics', dropped: 0, records: [record('playback_metrics', 1)] }]);
    expect(decoded.discarded).to.equal(5);
  });

  it('reads nothing from empty storage', () => {
    expect(decode(null)).to.deep.equal({ queues: [], discarded: 0 });
    expect(decode('')).to.deep.equal({ queues: [], discarded: 0 });
  });
});
