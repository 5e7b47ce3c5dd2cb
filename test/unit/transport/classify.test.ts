import { expect } from 'chai';
import { classify, MAX_RESPONSE_CHARS, parseRetryAfter } from '../../../src/transport/classify';

var NOW = Date.UTC(2026, 10, 21, 20, 0, 0);

describe('transport/classify', function () {
  it('calls every 2xx a success and reads the server Date header', function () {
    [200, 201, 202, 204, 299].forEach(function (status) {
      expect(classify(status, '', null, null, NOW).kind).to.equal('success');
    });
    expect(classify(200, '{"ok":true}', null, 'Sat, 21 Nov 2026 20:00:05 GMT', NOW)).to.deep.equal({
      kind: 'success',
      status: 200,
      serverDateMs: NOW + 5000,
      body: '{"ok":true}',
    });
  });

  it('gives a null server date when the Date header is missing or unreadable', function () {
    var outcome = classify(204, '', null, 'yesterday-ish', NOW);
    expect(outcome).to.deep.equal({ kind: 'success', status: 204, serverDateMs: null, body: '' });
  });

  it('does not keep an oversized response body', function () {
    var big = new Array(MAX_RESPONSE_CHARS + 2).join('x');
    var outcome = classify(200, big, null, null, NOW);
    expect(outcome.kind === 'success' && outcome.body).to.equal('');
  });

  it('marks network errors (0), 408, 429 and 5xx as retryable', function () {
    [0, 408, 429, 500, 502, 503, 504, 599].forEach(function (status) {
      var outcome = classify(status, '', null, null, NOW);
      expect(outcome, String(status)).to.deep.equal({ kind: 'retryable', status: status, retryAfterMs: null });
    });
  });

  it('marks other 4xx (and unexpected statuses) as failures that resending cannot fix', function () {
    [400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 301, 304].forEach(function (status) {
      expect(classify(status, '', null, null, NOW), String(status)).to.deep.equal({ kind: 'failure', status: status });
    });
  });

  it('passes Retry-After on a retryable answer, in seconds form and in HTTP-date form', function () {
    expect(classify(503, '', '120', null, NOW)).to.deep.equal({ kind: 'retryable', status: 503, retryAfterMs: 120000 });
    expect(classify(429, '', 'Sat, 21 Nov 2026 20:01:30 GMT', null, NOW)).to.deep.equal({
      kind: 'retryable',
      status: 429,
      retryAfterMs: 90000,
    });
  });

  describe('parseRetryAfter', function () {
    it('reads delay-seconds, with surrounding spaces', function () {
      expect(parseRetryAfter('0', NOW)).to.equal(0);
      expect(parseRetryAfter(' 30 ', NOW)).to.equal(30000);
    });

    it('reads an HTTP date relative to now and never gives a negative delay', function () {
      expect(parseRetryAfter('Sat, 21 Nov 2026 20:00:10 GMT', NOW)).to.equal(10000);
      expect(parseRetryAfter('Sat, 21 Nov 2026 19:00:00 GMT', NOW)).to.equal(0);
    });

    it('caps the delay at one day', function () {
      expect(parseRetryAfter('999999999', NOW)).to.equal(86400000);
      expect(parseRetryAfter('Fri, 21 Nov 2036 20:00:00 GMT', NOW)).to.equal(86400000);
    });

    it('gives null for a missing, empty or unreadable value', function () {
      expect(parseRetryAfter(null, NOW)).to.equal(null);
      expect(parseRetryAfter('', NOW)).to.equal(null);
      expect(parseRetryAfter('soon', NOW)).to.equal(null);
    });

    it('never turns a malformed number into a positive delay (V8 reads "-5" and "1.5" as past dates)', function () {
      expect(parseRetryAfter('-5', NOW) || 0).to.equal(0);
      expect(parseRetryAfter('1.5', NOW) || 0).to.equal(0);
    });
  });
});
