/**
 * A Transport that records every request and answers from a script, for unit tests with fake
 * timers. Each request takes the next step of the script (or, when the script is empty, what
 * `responder` says, else `fallback`):
 * success (with an optional Date header), failure status, retryable status (with an optional
 * Retry-After in ms), or hang until the test calls release(). Answers come after `latencyMs` on the
 * (faked) global timers, or synchronously inside send() when latencyMs is 0.
 */
import { HttpRequest, SendOutcome, Transport } from '../../src/core/types';

export type Step =
  | { kind: 'success'; status?: number; date?: string | null; body?: string }
  | { kind: 'failure'; status: number }
  | { kind: 'retryable'; status: number; retryAfterMs?: number | null }
  | { kind: 'hang' };

export function ok(date?: string | null): Step {
  return { kind: 'success', status: 200, date: date === undefined ? null : date };
}
export function fail(status: number): Step {
  return { kind: 'failure', status: status };
}
/** Retryable: 0 is a network error, 408/429/5xx a status worth retrying. */
export function retry(status: number, retryAfterMs?: number | null): Step {
  return { kind: 'retryable', status: status, retryAfterMs: retryAfterMs === undefined ? null : retryAfterMs };
}
export function hang(): Step {
  return { kind: 'hang' };
}

export interface Exchange {
  request: HttpRequest;
  step: Step;
  /** null while the request has no answer (latency, or hanging) */
  outcome: SendOutcome | null;
  done: (outcome: SendOutcome) => void;
}

export interface Beacon {
  url: string;
  body: string;
  accepted: boolean;
}

/** A record as the collector sees it (parsed JSON). */
export type DeliveredRecord = { [key: string]: any };

export class ScriptedTransport implements Transport {
  exchanges: Exchange[] = [];
  beacons: Beacon[] = [];
  script: Step[] = [];
  fallback: Step = ok();
  /** When set, answers every request the script does not (a collector with rules, e.g. a size limit). */
  responder: ((request: HttpRequest) => Step) | null = null;
  latencyMs: number;
  /** Whether sendBeacon accepts the body (a boolean, or asked per beacon). */
  beaconAccepts: boolean | ((url: string, body: string) => boolean) = true;
  /** The most requests that were ever waiting for an answer at the same time. */
  maxInFlight = 0;

  constructor(latencyMs?: number) {
    this.latencyMs = latencyMs === undefined ? 50 : latencyMs;
  }

  /** Appends steps to the script. */
  then(...steps: Step[]): this {
    for (var i = 0; i < steps.length; i++) this.script.push(steps[i]);
    return this;
  }

  send(request: HttpRequest, done: (outcome: SendOutcome) => void): void {
    var step = this.script.length ? this.script.shift()! : this.responder ? this.responder(request) : this.fallback;
    var exchange: Exchange = { request: request, step: step, outcome: null, done: done };
    this.exchanges.push(exchange);
    this.maxInFlight = Math.max(this.maxInFlight, this.pending().length);
    if (step.kind === 'hang') return;
    var self = this;
    if (this.latencyMs <= 0) this.answer(exchange, step);
    else
      setTimeout(function () {
        self.answer(exchange, step);
      }, this.latencyMs);
  }

  beacon(url: string, body: string): boolean {
    var accepted = typeof this.beaconAccepts === 'function' ? this.beaconAccepts(url, body) : this.beaconAccepts;
    this.beacons.push({ url: url, body: body, accepted: accepted });
    return accepted;
  }

  /** Answers a hanging request (the oldest by default) with `step` (success by default). */
  release(step?: Step, exchange?: Exchange): void {
    var target = exchange || this.pending()[0];
    if (!target) throw new Error('scripted transport: nothing is hanging');
    this.answer(target, step || ok());
  }

  /** Requests still waiting for an answer. */
  pending(): Exchange[] {
    return this.exchanges.filter(function (e) {
      return e.outcome === null;
    });
  }

  requests(): HttpRequest[] {
    return this.exchanges.map(function (e) {
      return e.request;
    });
  }

  /** Records in the request bodies the collector acknowledged (2xx) and in accepted beacons, in order. */
  delivered(activity?: string): DeliveredRecord[] {
    var out: DeliveredRecord[] = [];
    var bodies: string[] = [];
    this.exchanges.forEach(function (e) {
      if (e.outcome && e.outcome.kind === 'success' && e.request.body !== null) bodies.push(e.request.body);
    });
    this.beacons.forEach(function (b) {
      if (b.accepted) bodies.push(b.body);
    });
    bodies.forEach(function (body) {
      var parsed = JSON.parse(body);
      (parsed instanceof Array ? parsed : [parsed]).forEach(function (r: DeliveredRecord) {
        if (!activity || r.activityName === activity) out.push(r);
      });
    });
    return out;
  }

  /** Records of every request sent, answered or not (what went over the wire). */
  sent(activity?: string): DeliveredRecord[] {
    var out: DeliveredRecord[] = [];
    this.exchanges.forEach(function (e) {
      if (e.request.body === null) return;
      var parsed = JSON.parse(e.request.body);
      (parsed instanceof Array ? parsed : [parsed]).forEach(function (r: DeliveredRecord) {
        if (!activity || r.activityName === activity) out.push(r);
      });
    });
    return out;
  }

  private answer(exchange: Exchange, step: Step): void {
    if (exchange.outcome !== null) throw new Error('scripted transport: request answered twice');
    var outcome: SendOutcome;
    if (step.kind === 'success') {
      var dateMs = step.date ? Date.parse(step.date) : NaN;
      outcome = { kind: 'success', status: step.status || 200, serverDateMs: isFinite(dateMs) ? dateMs : null, body: step.body || '' };
    } else if (step.kind === 'failure') outcome = { kind: 'failure', status: step.status };
    else if (step.kind === 'retryable')
      outcome = { kind: 'retryable', status: step.status, retryAfterMs: step.retryAfterMs === undefined ? null : step.retryAfterMs };
    else throw new Error('scripted transport: cannot answer with hang');
    exchange.outcome = outcome;
    exchange.done(outcome);
  }
}
