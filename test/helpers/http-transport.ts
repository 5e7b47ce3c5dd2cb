/**
 * A Transport over Node's http module, for tests that run the agent in Node against the real local
 * collector (server/start.ts). Answers go through the agent's own classify(), so Retry-After, Date
 * and the throttle headers are read as in the browser. Every request is logged with the injected
 * clock's time, and the transport counts what is in flight, so a test on simulated time can wait
 * for the network (idle()) before it moves the clock on. Node has no sendBeacon: beacon() refuses.
 */
import * as http from 'node:http';
import { Clock, HttpRequest, SendOutcome, Transport } from '../../src/core/types';
import { classify } from '../../src/transport/classify';

export interface HttpExchange {
  url: string;
  /** the injected clock's now() when sent */
  sentAt: number;
  /** HTTP status; 0 for a network error; null while in flight */
  status: number | null;
  outcome: SendOutcome | null;
}

/** Longest response body read (the collector answers small JSON). */
var MAX_BODY_BYTES = 65536;

export class HttpTransport implements Transport {
  exchanges: HttpExchange[] = [];
  private inFlight = 0;
  private waiters: Array<() => void> = [];

  constructor(private clock: Clock) {}

  send(request: HttpRequest, done: (outcome: SendOutcome) => void): void {
    var exchange: HttpExchange = { url: request.url, sentAt: this.clock.now(), status: null, outcome: null };
    this.exchanges.push(exchange);
    this.inFlight++;
    var finished = false;
    var finish = (outcome: SendOutcome): void => {
      if (finished) return;
      finished = true;
      exchange.status = outcome.status;
      exchange.outcome = outcome;
      this.inFlight--;
      done(outcome);
      if (this.inFlight === 0) this.waiters.splice(0).forEach((wake) => wake());
    };
    var headers: http.OutgoingHttpHeaders = {};
    for (var name in request.headers) headers[name] = request.headers[name];
    if (request.body !== null) headers['Content-Type'] = request.contentType;
    // A new connection per request: a connection the collector dropped is never reused.
    var req = http.request(request.url, { method: request.method, headers: headers, agent: false }, (res) => {
      var chunks: Buffer[] = [];
      var size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      res.on('end', () => {
        var text = Buffer.concat(chunks).toString('utf8');
        finish(
          classify(
            res.statusCode || 0,
            text,
            (header) => {
              var value = res.headers[header.toLowerCase()];
              return typeof value === 'string' ? value : null;
            },
            this.clock.now()
          )
        );
      });
      res.on('error', () => finish({ kind: 'retryable', status: 0, retryAfterMs: null }));
    });
    req.setTimeout(request.timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => finish({ kind: 'retryable', status: 0, retryAfterMs: null }));
    req.end(request.body === null ? undefined : request.body);
  }

  beacon(): boolean {
    return false;
  }

  /** Resolves once no request is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
