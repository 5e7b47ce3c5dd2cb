// The local Kava collector: `/api_v3/index.php?service=analytics&action=trackEvent` as Kaltura's
// analytics service takes it (GET query, or POST form body, one event per request), checking each
// event against the seed's rules and answering `{ time, viewEventsEnabled }`; and an inspection /
// configuration API for tests under /_kava/.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders, queryOf, readBody, sendJson } from '../http-util';
import { createKavaRules, KAVA_EVENT_TYPES, type KavaParams, type KavaRuleOptions } from './kava-rules';

export const KAVA_PATH = '/api_v3/index.php';
const MAX_BODY_BYTES = 16 * 1024;
const MAX_ADMIN_BODY_BYTES = 4 * 1024;
const DEFAULT_MAX_EVENTS = 10_000;
const MAX_FAULTS = 100;

export interface StoredKavaEvent {
  /** Arrival order since the last reset, from 1; use with ?since= to poll. */
  index: number;
  receivedAt: number;
  method: string;
  contentType: string | null;
  /** The event's parameters, without service and action. */
  params: KavaParams;
  /** IMPRESSION, VIEW…, for reading test output. */
  type: string;
  valid: boolean;
  errors: string[];
  duplicate: boolean;
  /** eventIndex restarted at 1 within the session. */
  reset: boolean;
  /** The `time` answered (Unix seconds, millisecond precision). */
  time: number;
}

export interface KavaConfig extends KavaRuleOptions {
  /** Sent in every answer; null leaves the field out (the agent must then keep VIEWs as they were). */
  viewEventsEnabled: boolean | null;
}

export interface KavaRoutesOptions {
  now?: () => number;
  maxEvents?: number;
}

export function createKavaRoutes(options: KavaRoutesOptions = {}) {
  const now = options.now ?? Date.now;
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  let config: KavaConfig = { viewEventsEnabled: true };
  let rules = createKavaRules(config);
  let events: StoredKavaEvent[] = [];
  let received = 0;
  /** Statuses to answer the next requests with instead of processing them (each used once). */
  let faults: number[] = [];
  const stats = { requests: 0, faulted: 0, malformed: 0, valid: 0, invalid: 0, duplicates: 0 };

  async function track(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const headers = corsHeaders(req);
    let params: URLSearchParams;
    try {
      params = queryOf(req);
      // sendBeacon posts the form as text/plain: read the body as a form whatever its type says.
      if (req.method === 'POST') new URLSearchParams((await readBody(req, MAX_BODY_BYTES)).toString('utf8')).forEach((v, k) => params.append(k, v));
    } catch (error) {
      stats.malformed++;
      return sendJson(res, 413, { error: (error as Error).message }, headers);
    }
    if (params.get('service') !== 'analytics' || params.get('action') !== 'trackEvent') {
      stats.malformed++;
      return sendJson(res, 400, { error: 'expected service=analytics&action=trackEvent' }, headers);
    }
    const fault = faults.shift();
    if (fault !== undefined) {
      stats.faulted++;
      return sendJson(res, fault, { error: 'injected fault', status: fault }, headers);
    }
    const event: KavaParams = {};
    params.forEach((value, key) => {
      if (key !== 'service' && key !== 'action') event[key] = value;
    });
    const at = now();
    const verdict = rules.check(event, at);
    const time = Math.round(at) / 1000;
    rules.answered(event, time, config.viewEventsEnabled);
    const stored: StoredKavaEvent = {
      index: ++received,
      receivedAt: at,
      method: req.method ?? 'GET',
      contentType: req.headers['content-type'] ?? null,
      params: event,
      type: KAVA_EVENT_TYPES[Number(event.eventType)] ?? String(event.eventType),
      valid: verdict.errors.length === 0,
      errors: verdict.errors,
      duplicate: verdict.duplicate,
      reset: verdict.reset,
      time,
    };
    events.push(stored);
    if (events.length > maxEvents) events.shift();
    if (stored.duplicate) stats.duplicates++;
    if (stored.valid) stats.valid++;
    else stats.invalid++;
    // Like Kaltura's service: 200 with the answer even for a bad event (the verdict is for the tests).
    const answer: Record<string, unknown> = { time };
    if (config.viewEventsEnabled !== null) answer.viewEventsEnabled = config.viewEventsEnabled;
    sendJson(res, 200, answer, headers);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    const method = req.method ?? 'GET';
    const query = queryOf(req);
    if (route === 'events' && method === 'GET') {
      const since = Number(query.get('since') ?? 0);
      const sessionId = query.get('sessionId');
      const valid = query.get('valid');
      return sendJson(res, 200, {
        events: events.filter((e) => e.index > since && (!sessionId || e.params.sessionId === sessionId) && (valid === null || String(e.valid) === valid)),
      });
    }
    if (route === 'stats' && method === 'GET') return sendJson(res, 200, { ...stats, stored: events.length, config });
    if (route === 'reset' && method === 'POST') {
      events = [];
      received = 0;
      faults = [];
      config = { viewEventsEnabled: true };
      rules = createKavaRules(config);
      for (const key of Object.keys(stats) as Array<keyof typeof stats>) stats[key] = 0;
      return sendJson(res, 200, { reset: true });
    }
    if ((route === 'config' || route === 'faults') && method === 'POST') {
      let body: any;
      try {
        body = JSON.parse((await readBody(req, MAX_ADMIN_BODY_BYTES)).toString('utf8'));
      } catch (error) {
        return sendJson(res, 400, { error: (error as Error).message });
      }
      if (route === 'faults') {
        // {"status": 503, "count": 2}: the next two requests are answered 503 and not stored.
        const status = Number(body.status);
        const count = body.count === undefined ? 1 : Number(body.count);
        if (!(Number.isInteger(status) && status >= 400 && status <= 599) || !(Number.isInteger(count) && count >= 1) || faults.length + count > MAX_FAULTS) {
          return sendJson(res, 400, { error: 'expected {"status": 400-599, "count": n}' });
        }
        for (let i = 0; i < count; i++) faults.push(status);
        return sendJson(res, 200, { faults });
      }
      // {"viewEventsEnabled": false|true|null, "viewIntervalSeconds": 4, "dvrThresholdSeconds": 120}
      const next: KavaConfig = { ...config, ...body };
      if (next.viewEventsEnabled !== null && typeof next.viewEventsEnabled !== 'boolean') {
        return sendJson(res, 400, { error: 'viewEventsEnabled: true, false or null' });
      }
      const rulesChanged = ['viewIntervalSeconds', 'dvrThresholdSeconds', 'expirySeconds', 'toleranceSeconds'].some((k) => k in body);
      config = next;
      if (rulesChanged) rules = createKavaRules(config); // new rules: sessions start afresh
      return sendJson(res, 200, { config });
    }
    sendJson(res, 404, { error: `no such route: ${method} /_kava/${route}` });
  }

  return {
    /** For the dashboard (server/dashboard/feed.ts KavaSource): events after an arrival index, oldest first. */
    eventsSince: (since: number): StoredKavaEvent[] => events.filter((e) => e.index > since),
    /** Events received since the last reset (indexes restart at 1 after one). */
    received: (): number => received,
    /** Handles the Kava endpoint and /_kava/*; false for any other path. */
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
      if (pathname === KAVA_PATH) {
        if (req.method === 'GET' || req.method === 'POST') await track(req, res);
        else sendJson(res, 405, { error: 'GET or POST' }, corsHeaders(req));
        return true;
      }
      if (!pathname.startsWith('/_kava/')) return false;
      await admin(req, res, pathname.slice('/_kava/'.length));
      return true;
    },
  };
}
