import { expect } from 'chai';
import { createRing } from '../../../src/queue/ring';

function rec(n: number, size?: number): string {
  var body = '{"n":' + n + '}';
  while (size !== undefined && body.length < size) body += ' ';
  return body;
}

function contents(ring: ReturnType<typeof createRing>): string[] {
  return ring.peek(Infinity, Infinity).records;
}

/**
 * Checks the characters the ring counts as held through its character bound: `budget - held` more
 * fit without a drop, one more does not. Changes the ring, and needs two free slots.
 */
function expectChars(ring: ReturnType<typeof createRing>, budget: number, held: number): void {
  var dropped = ring.dropped();
  ring.push(new Array(budget - held + 1).join('x'));
  expect(ring.dropped(), held + ' characters held: the rest of the budget fits').to.equal(dropped);
  ring.push('y');
  expect(ring.dropped(), held + ' characters held: one more does not fit').to.be.above(dropped);
}

describe('queue/ring', function () {
  it('keeps records oldest first and counts them and their characters', function () {
    var ring = createRing(4, 1000);
    ring.push(rec(1));
    ring.push(rec(2));
    expect(ring.size()).to.equal(2);
    expect(contents(ring)).to.deep.equal([rec(1), rec(2)]);
    expect(ring.dropped()).to.equal(0);
    expectChars(ring, 1000, rec(1).length + rec(2).length);
  });

  it('drops the oldest record and counts it when the ring is full (count bound)', function () {
    var ring = createRing(3, 1000);
    for (var i = 1; i <= 5; i++) ring.push(rec(i));
    expect(contents(ring)).to.deep.equal([rec(3), rec(4), rec(5)]);
    expect(ring.size()).to.equal(3);
    expect(ring.dropped()).to.equal(2);
  });

  it('holds no more than its capacity when an empty record is pushed into a full ring', function () {
    var ring = createRing(2, 1000);
    ring.push('a');
    ring.push('b');
    ring.push('');
    expect(contents(ring)).to.deep.equal(['b', '']);
    expect(ring.size()).to.equal(2);
    expect(ring.dropped()).to.equal(1);
  });

  it('drops as many of the oldest as it takes to stay under the character bound', function () {
    var ring = createRing(10, 100);
    ring.push(rec(1, 30));
    ring.push(rec(2, 30));
    ring.push(rec(3, 30));
    expect(ring.dropped()).to.equal(0);
    ring.push(rec(4, 60)); // 90 + 60 > 100: drop 1 and 2
    expect(contents(ring)).to.deep.equal([rec(3, 30), rec(4, 60)]);
    expect(ring.dropped()).to.equal(2);
    expectChars(ring, 100, 90);
  });

  it('counts a record larger than the whole character budget as dropped and keeps the others', function () {
    var ring = createRing(10, 100);
    ring.push(rec(1, 50));
    ring.push(rec(2, 101));
    expect(contents(ring)).to.deep.equal([rec(1, 50)]);
    expect(ring.dropped()).to.equal(1);
    ring.push(rec(3, 100)); // exactly the budget: fits after dropping the rest
    expect(contents(ring)).to.deep.equal([rec(3, 100)]);
    expect(ring.dropped()).to.equal(2);
  });

  it('peeks up to a count from the oldest without removing them', function () {
    var ring = createRing(10, 1000);
    for (var i = 1; i <= 5; i++) ring.push(rec(i));
    var batch = ring.peek(3, 1000);
    expect(batch.end).to.equal(3);
    expect(batch.records).to.deep.equal([rec(1), rec(2), rec(3)]);
    expect(ring.size()).to.equal(5);
  });

  it('stops a peek before the character limit but always returns at least one record', function () {
    var ring = createRing(10, 1000);
    ring.push(rec(1, 40));
    ring.push(rec(2, 40));
    ring.push(rec(3, 40));
    expect(ring.peek(10, 85).records).to.have.length(2);
    expect(ring.peek(10, 10).records).to.deep.equal([rec(1, 40)]);
    expect(createRing(2, 100).peek(5, 100).records).to.deep.equal([]);
  });

  it('gives ever-increasing positions across wrap-around and removes by position', function () {
    var ring = createRing(3, 1000);
    for (var i = 0; i < 3; i++) ring.push(rec(i));
    expect(ring.removeBefore(2)).to.equal(2);
    ring.push(rec(3));
    ring.push(rec(4));
    var batch = ring.peek(10, 1000);
    expect(batch.end).to.equal(5);
    expect(batch.records).to.deep.equal([rec(2), rec(3), rec(4)]);
    expect(ring.removeBefore(4)).to.equal(2);
    expect(contents(ring)).to.deep.equal([rec(4)]);
    expectChars(ring, 1000, rec(4).length);
  });

  it('acknowledges a batch in flight while overflow dropped part of it, removing only what is left of it', function () {
    var ring = createRing(4, 1000);
    for (var i = 0; i < 4; i++) ring.push(rec(i));
    var batch = ring.peek(3, 1000); // positions 0..2 in flight
    var end = batch.end;
    // Meanwhile two more records arrive: overflow drops positions 0 and 1, both part of the batch.
    for (var j = 4; j < 6; j++) ring.push(rec(j));
    expect(ring.dropped()).to.equal(2);
    expect(contents(ring)).to.deep.equal([rec(2), rec(3), rec(4), rec(5)]);
    // The collector acknowledged the batch: only position 2 is still in the ring.
    expect(ring.removeBefore(end)).to.equal(1);
    expect(contents(ring)).to.deep.equal([rec(3), rec(4), rec(5)]);
  });

  it('removes nothing when overflow already dropped the whole batch in flight', function () {
    var ring = createRing(2, 1000);
    ring.push(rec(0));
    ring.push(rec(1));
    var batch = ring.peek(2, 1000);
    ring.push(rec(2));
    ring.push(rec(3));
    ring.push(rec(4));
    expect(ring.removeBefore(batch.end)).to.equal(0);
    expect(contents(ring)).to.deep.equal([rec(3), rec(4)]);
    expect(ring.dropped()).to.equal(3);
  });

  it('removes everything and no more when asked past the newest position', function () {
    var ring = createRing(3, 1000);
    ring.push(rec(0));
    ring.push(rec(1));
    expect(ring.removeBefore(99)).to.equal(2);
    expect(ring.size()).to.equal(0);
    ring.push(rec(2));
    expect(ring.peek(5, 1000).end).to.equal(3);
    expectChars(ring, 1000, rec(2).length); // none left counted for the removed
  });

  it('stays bounded in memory across many records', function () {
    var ring = createRing(5, 200);
    for (var i = 0; i < 10000; i++) ring.push(rec(i));
    expect(ring.size()).to.equal(5);
    expect(contents(ring).join('').length).to.be.at.most(200);
    expect(ring.dropped()).to.equal(9995);
  });
});

describe('queue/ring shrink', function () {
  it('drops the oldest records, counted as overflow, until at most half the character budget is held', function () {
    var ring = createRing(10, 48);
    for (var i = 0; i < 6; i++) ring.push('record-' + i); // 8 characters each: the whole budget
    ring.shrink();
    expect(ring.size()).to.equal(3);
    expect(ring.dropped()).to.equal(3);
    expect(ring.peek(10, 1000).records).to.deep.equal(['record-3', 'record-4', 'record-5']);
  });

  it('keeps everything when it holds no more than half its budget', function () {
    var ring = createRing(10, 48);
    ring.push('record-0');
    ring.shrink();
    expect(ring.size()).to.equal(1);
    expect(ring.dropped()).to.equal(0);
  });
});
