import { expect } from 'chai';
import { classify, MAX_RESPONSE_CHARS, parseRetryAfter, parseSeconds } from '../../../src/transport/classify';

var NOW = Date.UTC(2026, 10, 21, 20, 0, 0);
var NO_THROTTLE = { minFlushMs: null, pauseMs: null };

/** A response header reader over `headers` (names as HTTP has them: case-insensitive). */
function headers(values?: { [name: string]: string }): (name: string) => string | null {
  return function (name) {
    for (var key in values || {}) if (key.toLowerCase() === name.toLowerCase()) return values![key];
    return null;
  };
}

describe('transport/classify', function () {
  it('calls every 2xx a success and reads the server Date header', function () {
    [200, 201, 202, 204, 299].forEach(function (status) {
      expect(classify(status, '', headers(), NOW).kind).to.equal('success');
    });
    expect(classify(200, '{"ok":true}', headers({ Date: 'Sat, 21 Nov 2026 20:00:05 GMT' }), NOW)).to.deep.equal({
      kind: 'success',
      status: 200,
      serverDateMs: NOW + 5000,
      body: '{"ok":true}',
      minFlushMs: null,
      pauseMs: null,
    });
  });

  it('gives a null server date when the Date header is missing or unreadable', function () {
    var outcome = classify(204, '', headers({ Date: 'yesterday-ish' }), NOW);
    expect(outcome).to.deep.equal({ kind: 'success', status: 204, serverDateMs: null, body: '', minFlushMs: null, pauseMs: null });
  });

  it('does not keep an oversized response body', function () {
    var big = new Array(MAX_RESPONSE_CHARS + 2).join('x');
    var outcome = classify(200, big, headers(), NOW);
    expect(outcome.kind === 'success' && outcome.body).to.equal('');
  });

  it('marks network errors (0), 408, 429 and 5xx as retryable', function () {
    [0, 408, 429, 500, 502, 503, 504, 599].forEach(function (status) {
      var outcome = classify(status, '', headers(), NOW);
      expect(outcome, String(status)).to.deep.equal({ kind: 'retryable', status: status, retryAfterMs: null, minFlushMs: null, pauseMs: null });
    });
  });

  it('marks other 4xx (and unexpected statuses) as failures that resending cannot fix', function () {
    [400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 301, 304].forEach(function (status) {
      expect(classify(status, '', headers(), NOW), String(status)).to.deep.equal({ kind: 'failure', status: status, minFlushMs: null, pauseMs: null });
    });
  });

  it('passes Retry-After on a retryable answer, in seconds form and in HTTP-date form', function () {
    expect(classify(503, '', headers({ 'Retry-After': '120' }), NOW)).to.deep.include({ kind: 'retryable', status: 503, retryAfterMs: 120000 });
    expect(classify(429, '', headers({ 'retry-after': 'Sat, 21 Nov 2026 20:01:30 GMT' }), NOW)).to.deep.include({
      kind: 'retryable',
      status: 429,
      retryAfterMs: 90000,
    });
  });

  it("reads the collector's throttle (X-Telemetry-Min-Flush, X-Telemetry-Pause) from every kind of answer", function () {
    var throttle = headers({ 'X-Telemetry-Min-Flush': '600', 'x-telemetry-pause': ' 3600 ' });
    [200, 204, 400, 404, 413, 429, 503].forEach(function (status) {
      expect(classify(status, '', throttle, NOW), String(status)).to.deep.include({ status: status, minFlushMs: 600000, pauseMs: 3600000 });
    });
    expect(classify(200, '', headers({ 'X-Telemetry-Pause': '0' }), NOW)).to.deep.include({ minFlushMs: null, pauseMs: 0 });
    expect(classify(200, '', headers(), NOW)).to.deep.include(NO_THROTTLE);
  });

  it('ignores a throttle that is not whole seconds, and caps it at a day', function () {
    ['', 'soon', '-5', '1.5', '1e3', '0x10', '5 s', '60, 60', 'Sat, 21 Nov 2026 20:01:30 GMT'].forEach(function (garbage) {
      var outcome = classify(200, '', headers({ 'X-Telemetry-Min-Flush': garbage, 'X-Telemetry-Pause': garbage }), NOW);
      expect(outcome, JSON.stringify(garbage)).to.deep.include(NO_THROTTLE);
    });
    var huge = headers({ 'X-Telemetry-Min-Flush': '86401', 'X-Telemetry-Pause': '99999999999999999999999' });
    expect(classify(503, '', huge, NOW)).to.deep.include({ minFlushMs: 86400000, pauseMs: 86400000 });
  });

  it('parseSeconds: whole seconds only, as ms, at most a day', function () {
    expect(parseSeconds(null)).to.equal(null);
    expect(parseSeconds('0')).to.equal(0);
    expect(parseSeconds('\t42 ')).to.equal(42000);
    expect(parseSeconds('86400')).to.equal(86400000);
    expect(parseSeconds('86401')).to.equal(86400000);
    expect(parseSeconds('+5')).to.equal(null);
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
