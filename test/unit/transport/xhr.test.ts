import { expect } from 'chai';
import * as sinon from 'sinon';
import { HttpRequest, SendOutcome } from '../../../src/core/types';
import { createXhrTransport, headerReader } from '../../../src/transport/xhr';
import { fakeClock } from '../../helpers/env';

/**
 * The XHR transport is the one place that touches the host's XMLHttpRequest and navigator, so this
 * test installs small fakes of both on the global object (and removes them afterwards).
 */
class FakeXhr {
  static instances: FakeXhr[] = [];
  static badHeader: string | null = null;
  static sendThrows = false;
  static headersThrow = false;
  method = '';
  url = '';
  async = false;
  timeout = 0;
  headers: { [name: string]: string } = {};
  body: string | null = null;
  readyState = 0;
  status = 0;
  responseText: unknown = '';
  responseHeaders: { [lower: string]: string } = {};
  onreadystatechange: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.instances.push(this);
  }
  open(method: string, url: string, async: boolean): void {
    this.method = method;
    this.url = url;
    this.async = async;
    this.readyState = 1;
  }
  setRequestHeader(name: string, value: string): void {
    if (name === FakeXhr.badHeader) throw new Error('SyntaxError: invalid header');
    this.headers[name] = value;
  }
  send(body: string | null): void {
    if (FakeXhr.sendThrows) throw new Error('NetworkError');
    this.body = body;
  }
  /** As browsers give them: one "name: value" line per header the response exposes, CRLF-terminated. */
  getAllResponseHeaders(): string {
    if (FakeXhr.headersThrow) throw new Error('InvalidStateError');
    var lines = '';
    for (var name in this.responseHeaders) lines += name + ': ' + this.responseHeaders[name] + '\r\n';
    return lines;
  }
  getResponseHeader(): string | null {
    throw new Error('getResponseHeader logs "Refused to get unsafe header" for what is not exposed: not used');
  }
  respond(status: number, text: unknown, headers?: { [name: string]: string }): void {
    for (var name in headers || {}) this.responseHeaders[name.toLowerCase()] = headers![name];
    this.status = status;
    this.responseText = text;
    this.readyState = 4;
    this.onreadystatechange!();
  }
  networkError(): void {
    this.readyState = 4;
    this.status = 0;
    this.onreadystatechange!();
    this.onerror!();
  }
}

function request(extra?: Partial<HttpRequest>): HttpRequest {
  var r: HttpRequest = {
    method: 'POST',
    url: 'https://collector.example/useractivityvault/v1/useractivity/playback_metrics',
    body: '[{"a":1}]',
    contentType: 'text/plain',
    headers: { 'X-Api-Key': 'k1' },
    timeoutMs: 20000,
  };
  for (var k in extra || {}) (r as any)[k] = (extra as any)[k];
  return r;
}

describe('transport/xhr', function () {
  var g = globalThis as any;
  var timers: sinon.SinonFakeTimers;
  var hadNavigator: boolean;
  var savedNavigator: unknown;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: Date.UTC(2026, 10, 21, 20, 0, 0) });
    FakeXhr.instances = [];
    FakeXhr.badHeader = null;
    FakeXhr.sendThrows = false;
    FakeXhr.headersThrow = false;
    g.XMLHttpRequest = FakeXhr;
    hadNavigator = 'navigator' in g;
    savedNavigator = g.navigator;
  });
  afterEach(function () {
    delete g.XMLHttpRequest;
    if (hadNavigator) Object.defineProperty(g, 'navigator', { value: savedNavigator, configurable: true, writable: true });
    else delete g.navigator;
    timers.restore();
  });

  function setNavigator(value: unknown): void {
    Object.defineProperty(g, 'navigator', { value: value, configurable: true, writable: true });
  }

  function send(r: HttpRequest): { outcomes: SendOutcome[]; xhr: FakeXhr } {
    var outcomes: SendOutcome[] = [];
    createXhrTransport(fakeClock(timers)).send(r, function (o) {
      outcomes.push(o);
    });
    return { outcomes: outcomes, xhr: FakeXhr.instances[FakeXhr.instances.length - 1] };
  }

  it('POSTs the body asynchronously with the content type, static headers and timeout', function () {
    var s = send(request());
    expect(s.xhr.method).to.equal('POST');
    expect(s.xhr.async).to.equal(true);
    expect(s.xhr.url).to.equal('https://collector.example/useractivityvault/v1/useractivity/playback_metrics');
    expect(s.xhr.timeout).to.equal(20000);
    expect(s.xhr.headers).to.deep.equal({ 'Content-Type': 'text/plain', 'X-Api-Key': 'k1' });
    expect(s.xhr.body).to.equal('[{"a":1}]');
    expect(s.outcomes).to.deep.equal([]);
  });

  it('sets no Content-Type on a request without a body', function () {
    var s = send(request({ method: 'GET', body: null, headers: {} }));
    expect(s.xhr.headers).to.deep.equal({});
  });

  it('classifies a 2xx answer as success with the server date, once', function () {
    var s = send(request());
    s.xhr.respond(200, 'ok', { Date: 'Sat, 21 Nov 2026 20:00:03 GMT' });
    s.xhr.onreadystatechange!(); // a second readystatechange must not answer twice
    expect(s.outcomes).to.deep.equal([
      { kind: 'success', status: 200, serverDateMs: Date.UTC(2026, 10, 21, 20, 0, 3), body: 'ok', minFlushMs: null, pauseMs: null },
    ]);
  });

  it('classifies 503 with Retry-After as retryable', function () {
    var s = send(request());
    s.xhr.respond(503, '', { 'Retry-After': '7' });
    expect(s.outcomes).to.deep.equal([{ kind: 'retryable', status: 503, retryAfterMs: 7000, minFlushMs: null, pauseMs: null }]);
  });

  it('classifies 400 as failure and tolerates a non-string response body', function () {
    var s = send(request());
    s.xhr.respond(400, null);
    expect(s.outcomes).to.deep.equal([{ kind: 'failure', status: 400, minFlushMs: null, pauseMs: null }]);
  });

  it("reads the collector's throttle headers, whatever their case, from the one list of exposed headers", function () {
    var s = send(request());
    s.xhr.respond(429, '', { 'content-type': 'application/json', 'x-telemetry-min-flush': '120', 'X-TELEMETRY-PAUSE': '30', 'Retry-After': '9' });
    expect(s.outcomes).to.deep.equal([{ kind: 'retryable', status: 429, retryAfterMs: 9000, minFlushMs: 120000, pauseMs: 30000 }]);
  });

  it('finds a header in the listed text by name, any case, without its CR or leading blanks', function () {
    var header = headerReader('content-type: application/json\r\nDate:\t Sat, 21 Nov 2026 20:00:03 GMT\r\nx-telemetry-pause: 30 \r\n');
    expect(header('date')).to.equal('Sat, 21 Nov 2026 20:00:03 GMT');
    expect(header('X-Telemetry-Pause')).to.equal('30 ');
    expect(header('X-Telemetry')).to.equal(null); // a prefix of a name is not the name
    expect(header('Retry-After')).to.equal(null);
    expect(headerReader('')('Date')).to.equal(null);
  });

  it('reads no header when the engine cannot list them, and still classifies the answer', function () {
    FakeXhr.headersThrow = true;
    var s = send(request());
    s.xhr.respond(200, '', { Date: 'Sat, 21 Nov 2026 20:00:03 GMT', 'X-Telemetry-Pause': '30' });
    expect(s.outcomes).to.deep.equal([{ kind: 'success', status: 200, serverDateMs: null, body: '', minFlushMs: null, pauseMs: null }]);
  });

  it('reports a network error, a timeout and an abort as retryable status 0, once', function () {
    var a = send(request());
    a.xhr.networkError();
    expect(a.outcomes).to.deep.equal([{ kind: 'retryable', status: 0, retryAfterMs: null }]);
    var b = send(request());
    b.xhr.ontimeout!();
    b.xhr.onabort!();
    expect(b.outcomes).to.deep.equal([{ kind: 'retryable', status: 0, retryAfterMs: null }]);
  });

  it('fails without retry when a header cannot be set (it would fail the same way every time)', function () {
    FakeXhr.badHeader = 'X-Api-Key';
    expect(send(request()).outcomes).to.deep.equal([{ kind: 'failure', status: 0 }]);
  });

  it('calls a send() that throws a retryable network error', function () {
    FakeXhr.sendThrows = true;
    expect(send(request()).outcomes).to.deep.equal([{ kind: 'retryable', status: 0, retryAfterMs: null }]);
  });

  describe('beacon', function () {
    it('hands the body to navigator.sendBeacon and returns its answer', function () {
      var calls: Array<[string, string]> = [];
      setNavigator({
        sendBeacon: function (url: string, body: string) {
          calls.push([url, body]);
          return calls.length === 1;
        },
      });
      var transport = createXhrTransport(fakeClock(timers));
      expect(transport.beacon('https://c.example/x', '[1]')).to.equal(true);
      expect(transport.beacon('https://c.example/x', '[2]')).to.equal(false);
      expect(calls).to.deep.equal([
        ['https://c.example/x', '[1]'],
        ['https://c.example/x', '[2]'],
      ]);
    });

    it('returns false where there is no sendBeacon, or it throws', function () {
      var transport = createXhrTransport(fakeClock(timers));
      setNavigator({});
      expect(transport.beacon('https://c.example/x', '[1]')).to.equal(false);
      setNavigator({
        sendBeacon: function () {
          throw new Error('TypeError');
        },
      });
      expect(transport.beacon('https://c.example/x', '[1]')).to.equal(false);
    });
  });
});
