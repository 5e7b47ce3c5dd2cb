// Scripted misbehaviour for reliability tests: rules are applied, in order, to the next
// matching Vault requests, each rule to `count` requests.
import type { Activity } from './record-validator';

export interface FaultRule {
  /** Only requests to this endpoint; any endpoint when absent. */
  path?: Activity;
  /** Answer with this status instead of processing the request. */
  status?: number;
  /** Number of requests this rule applies to (default 1). */
  count?: number;
  /**
   * Instead of a count: every matching request for this many seconds from when the rule was
   * added (a collector outage of one minute: {"status": 503, "forSeconds": 60}).
   */
  forSeconds?: number;
  /** Wait before answering (alone: a slow but otherwise normal answer). */
  delayMs?: number;
  /** Close the connection without answering. */
  dropConnection?: boolean;
  /** Retry-After header value for the injected answer, e.g. "5" or an HTTP date. */
  retryAfter?: string;
  /** Body of the injected answer (default: a small JSON error). */
  body?: string;
  /**
   * Extra response headers, on an injected answer or (alone) on a normal one, e.g. the collector's
   * throttle: {"X-Telemetry-Min-Flush": "600"} or {"X-Telemetry-Pause": "3600"}.
   */
  headers?: Record<string, string>;
}

export type FaultAction =
  | { kind: 'none'; delayMs: number; headers?: Record<string, string> }
  | { kind: 'drop'; delayMs: number }
  | { kind: 'answer'; delayMs: number; status: number; retryAfter?: string; body?: string; headers?: Record<string, string> };

const MAX_RULES = 1000;
const MAX_HEADERS = 16;
const MAX_FOR_SECONDS = 24 * 3600;
const ALLOWED_KEYS = new Set(['path', 'status', 'count', 'forSeconds', 'delayMs', 'dropConnection', 'retryAfter', 'body', 'headers']);
const HEADER_NAME = /^[\w!#$%&'*+.^`|~-]{1,64}$/;
const HEADER_VALUE = /^[\t\x20-\x7e]{0,1024}$/;

export class FaultRuleError extends Error {}

export function parseFaultRules(input: unknown): FaultRule[] {
  const list = Array.isArray(input) ? input : isObject(input) && Array.isArray(input.rules) ? input.rules : [input];
  return list.map((rule: unknown, i: number) => {
    const where = `rule ${i}`;
    if (!isObject(rule)) throw new FaultRuleError(`${where}: must be an object`);
    for (const key of Object.keys(rule)) if (!ALLOWED_KEYS.has(key)) throw new FaultRuleError(`${where}: unknown field "${key}"`);
    const { path, status, count, forSeconds, delayMs, dropConnection, retryAfter, body, headers } = rule;
    if (path !== undefined && path !== 'playback_metrics' && path !== 'playerError') {
      throw new FaultRuleError(`${where}: path must be "playback_metrics" or "playerError"`);
    }
    if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)) {
      throw new FaultRuleError(`${where}: status must be an integer from 200 to 599`);
    }
    if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 1)) {
      throw new FaultRuleError(`${where}: count must be an integer >= 1`);
    }
    if (forSeconds !== undefined && !(typeof forSeconds === 'number' && forSeconds > 0 && forSeconds <= MAX_FOR_SECONDS)) {
      throw new FaultRuleError(`${where}: forSeconds must be a number above 0, at most ${MAX_FOR_SECONDS}`);
    }
    if (forSeconds !== undefined && count !== undefined) throw new FaultRuleError(`${where}: count and forSeconds exclude each other`);
    if (delayMs !== undefined && !(typeof delayMs === 'number' && delayMs >= 0 && delayMs <= 600_000)) {
      throw new FaultRuleError(`${where}: delayMs must be a number from 0 to 600000`);
    }
    if (dropConnection !== undefined && typeof dropConnection !== 'boolean') {
      throw new FaultRuleError(`${where}: dropConnection must be a boolean`);
    }
    if (retryAfter !== undefined && typeof retryAfter !== 'string') throw new FaultRuleError(`${where}: retryAfter must be a string`);
    if (body !== undefined && typeof body !== 'string') throw new FaultRuleError(`${where}: body must be a string`);
    if (headers !== undefined) checkHeaders(headers, where);
    if (status === undefined && !dropConnection && delayMs === undefined && headers === undefined) {
      throw new FaultRuleError(`${where}: needs status, dropConnection, delayMs or headers`);
    }
    if (status !== undefined && dropConnection) throw new FaultRuleError(`${where}: status and dropConnection exclude each other`);
    if (headers !== undefined && dropConnection) throw new FaultRuleError(`${where}: headers and dropConnection exclude each other`);
    return rule as FaultRule;
  });
}

/** A rule's budget: so many requests, or every request until a time. */
type Budget = { kind: 'count'; remaining: number } | { kind: 'until'; untilMs: number };

interface PendingRule {
  rule: FaultRule;
  budget: Budget;
}

export class FaultQueue {
  private pending: PendingRule[] = [];

  /** `now`: the collector's clock, for forSeconds rules. */
  constructor(private readonly now: () => number = Date.now) {}

  add(rules: FaultRule[]): void {
    if (this.pending.length + rules.length > MAX_RULES) throw new FaultRuleError(`at most ${MAX_RULES} pending rules`);
    for (const rule of rules) {
      const budget: Budget =
        rule.forSeconds !== undefined ? { kind: 'until', untilMs: this.now() + rule.forSeconds * 1000 } : { kind: 'count', remaining: rule.count ?? 1 };
      this.pending.push({ rule, budget });
    }
  }

  /** Consumes one use of the first rule matching a request to `activity`. */
  take(activity: Activity): FaultAction {
    this.forgetExpired();
    const index = this.pending.findIndex((p) => p.rule.path === undefined || p.rule.path === activity);
    if (index < 0) return { kind: 'none', delayMs: 0 };
    const entry = this.pending[index];
    if (entry.budget.kind === 'count') {
      entry.budget.remaining -= 1;
      if (entry.budget.remaining <= 0) this.pending.splice(index, 1);
    }
    const { rule } = entry;
    const delayMs = rule.delayMs ?? 0;
    if (rule.dropConnection) return { kind: 'drop', delayMs };
    if (rule.status !== undefined) {
      return { kind: 'answer', delayMs, status: rule.status, retryAfter: rule.retryAfter, body: rule.body, headers: rule.headers };
    }
    return { kind: 'none', delayMs, headers: rule.headers };
  }

  /** Pending rules with what is left: `remaining` requests, or `remainingSeconds`. */
  list(): Array<FaultRule & { remaining?: number; remainingSeconds?: number }> {
    this.forgetExpired();
    return this.pending.map((p) =>
      p.budget.kind === 'count'
        ? { ...p.rule, remaining: p.budget.remaining }
        : { ...p.rule, remainingSeconds: Math.ceil((p.budget.untilMs - this.now()) / 1000) }
    );
  }

  private forgetExpired(): void {
    const now = this.now();
    this.pending = this.pending.filter((p) => p.budget.kind === 'count' || p.budget.untilMs > now);
  }

  clear(): void {
    this.pending = [];
  }
}

/** Headers Node can send (it throws on a bad name or value), few and short. */
function checkHeaders(headers: unknown, where: string): void {
  if (!isObject(headers)) throw new FaultRuleError(`${where}: headers must be an object of strings`);
  const names = Object.keys(headers);
  if (names.length > MAX_HEADERS) throw new FaultRuleError(`${where}: at most ${MAX_HEADERS} headers`);
  for (const name of names) {
    const value = headers[name];
    if (!HEADER_NAME.test(name)) throw new FaultRuleError(`${where}: headers: "${name.slice(0, 64)}" is not a header name`);
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw new FaultRuleError(`${where}: headers.${name} must be one line of printable ASCII, at most 1024 characters`);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
