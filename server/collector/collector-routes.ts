// The local Vault collector: the two activity endpoints as the agent sees them, and an
// inspection / fault-injection API for tests under /_collector/.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, queryOf, readBody, sendJson } from '../http-util';
import { FaultQueue, parseFaultRules } from './fault-queue';
import { RecordStore, type RecordFilter } from './record-store';
import { ACTIVITIES, createRecordValidator, type Activity, type RecordError } from './record-validator';

export const VAULT_PATH_PREFIX = '/useractivityvault/v1/useractivity/';
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export interface CollectorOptions {
  store: RecordStore;
  validate?: ReturnType<typeof createRecordValidator>;
  /** The collector's clock (Date header, receivedAt); a test may run it on simulated time. */
  now?: () => number;
}

/** What an agent reads from an answer: its clock, retry floor and throttle. */
export const EXPOSED_HEADERS = 'Date, Retry-After, X-Telemetry-Min-Flush, X-Telemetry-Pause';

export function createCollectorRoutes(options: CollectorOptions) {
  const { store } = options;
  const validate = options.validate ?? createRecordValidator();
  const now = options.now ?? Date.now;
  const faults = new FaultQueue(now);
  // Shifts the Date header, to test an agent that corrects its clock from the collector's.
  let clockOffsetMs = 0;

  /** `extra`: headers a fault rule adds (the collector's throttle, say). */
  function vaultHeaders(req: IncomingMessage, extra?: Record<string, string>): Record<string, string> {
    const origin = req.headers.origin;
    return {
      ...(origin
        ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }
        : { 'Access-Control-Allow-Origin': '*' }),
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
      Date: new Date(now() + clockOffsetMs).toUTCString(),
      ...extra,
    };
  }

  function preflight(req: IncomingMessage, res: ServerResponse): void {
    store.countPreflight();
    const requested = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    // Only the headers an agent has reason to send; anything else makes the browser refuse.
    const allowed = requested.filter((h) => /^(content-type|authorization|x-[a-z0-9-]+)$/i.test(h));
    res.writeHead(204, {
      ...vaultHeaders(req),
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': allowed.length ? allowed.join(', ') : 'Content-Type, Authorization',
      // The engine may then skip the preflight before each POST for two hours (Chromium's cap;
      // without the header it keeps one 5 s): a flush every few minutes costs one request, not two.
      'Access-Control-Max-Age': '7200',
      'Content-Length': '0',
    });
    res.end();
  }

  async function receive(req: IncomingMessage, res: ServerResponse, activity: Activity): Promise<void> {
    store.countRequest();
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      store.countMalformed();
      const status = error instanceof BodyTooLargeError ? 413 : 400;
      return sendJson(res, status, { error: String((error as Error).message) }, { ...vaultHeaders(req), Connection: 'close' });
    }

    const fault = faults.take(activity);
    if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.kind === 'drop') {
      store.countFaulted();
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'answer') {
      store.countFaulted();
      const headers: Record<string, string> = { ...vaultHeaders(req, fault.headers) };
      if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
      const text = fault.body ?? JSON.stringify({ error: 'injected fault', status: fault.status });
      res.writeHead(fault.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
      res.end(text);
      return;
    }

    const extra = fault.kind === 'none' ? fault.headers : undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      store.countMalformed();
      return sendJson(res, 400, { error: 'body is not JSON' }, vaultHeaders(req, extra));
    }
    const isRecordObject = typeof parsed === 'object' && parsed !== null;
    if (!isRecordObject || (Array.isArray(parsed) && parsed.length === 0)) {
      store.countMalformed();
      return sendJson(res, 400, { error: 'body must be a record object or a non-empty array of records' }, vaultHeaders(req, extra));
    }

    const records: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    const requestId = randomUUID();
    const receivedAt = new Date(now()).toISOString();
    const rejected: Array<{ index: number; eventId?: unknown; errors: RecordError[] }> = [];
    records.forEach((record, index) => {
      const errors = validate(record, index, activity);
      store.add({
        receivedAt,
        requestId,
        activity,
        batchIndex: index,
        batchSize: records.length,
        contentType: req.headers['content-type'] ?? null,
        origin: req.headers.origin ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        remoteAddress: req.socket.remoteAddress ?? null,
        valid: errors.length === 0,
        errors,
        record,
      });
      if (errors.length) rejected.push({ index, eventId: (record as { eventId?: unknown } | null)?.eventId, errors });
    });

    const headers = { ...vaultHeaders(req, extra), 'X-Request-Id': requestId };
    if (rejected.length === 0) {
      store.countAccepted();
      return sendJson(res, 200, { accepted: records.length }, headers);
    }
    store.countRejected();
    sendJson(res, 400, { accepted: records.length - rejected.length, rejected: rejected.length, errors: rejected }, headers);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, route: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (route === 'records' && method === 'GET') {
      sendJson(res, 200, { records: store.query(recordFilter(queryOf(req))) });
    } else if (route === 'stats' && method === 'GET') {
      sendJson(res, 200, store.getStats());
    } else if (route === 'reset' && method === 'POST') {
      store.reset();
      faults.clear();
      clockOffsetMs = 0;
      sendJson(res, 200, { reset: true });
    } else if (route === 'faults' && method === 'GET') {
      sendJson(res, 200, { faults: faults.list() });
    } else if (route === 'faults' && method === 'DELETE') {
      faults.clear();
      sendJson(res, 200, { faults: [] });
    } else if (route === 'faults' && method === 'POST') {
      try {
        faults.add(parseFaultRules(JSON.parse((await readBody(req, MAX_ADMIN_BODY_BYTES)).toString('utf8'))));
        sendJson(res, 200, { faults: faults.list() });
      } catch (error) {
        sendJson(res, 400, { error: (error as Error).message });
      }
    } else if (route === 'clock' && method === 'POST') {
      try {
        const { offsetMs } = JSON.parse((await readBody(req, MAX_ADMIN_BODY_BYTES)).toString('utf8')) as { offsetMs?: unknown };
        if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) throw new Error('offsetMs must be a finite number');
        clockOffsetMs = offsetMs;
        sendJson(res, 200, { offsetMs });
      } catch (error) {
        sendJson(res, 400, { error: (error as Error).message });
      }
    } else {
      return false;
    }
    return true;
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
      if (pathname.startsWith(VAULT_PATH_PREFIX)) {
        const activity = pathname.slice(VAULT_PATH_PREFIX.length) as Activity;
        if (!ACTIVITIES.includes(activity)) return false;
        if (req.method === 'OPTIONS') preflight(req, res);
        else if (req.method === 'POST') await receive(req, res, activity);
        else sendJson(res, 405, { error: 'use POST' }, { ...vaultHeaders(req), Allow: 'POST, OPTIONS' });
        return true;
      }
      if (pathname.startsWith('/_collector/')) return admin(req, res, pathname.slice('/_collector/'.length));
      return false;
    },
    close: () => store.close(),
  };
}

function recordFilter(query: URLSearchParams): RecordFilter {
  const bool = (name: string) => (query.has(name) ? query.get(name) === 'true' : undefined);
  const num = (name: string) => (query.has(name) ? Number(query.get(name)) : undefined);
  return {
    activity: query.get('activity') ?? undefined,
    playbackSessionId: query.get('playbackSessionId') ?? undefined,
    eventId: query.get('eventId') ?? undefined,
    valid: bool('valid'),
    duplicate: bool('duplicate'),
    since: num('since'),
    limit: num('limit'),
  };
}
