// The dashboard's data, next to its page (/dashboard/, served from server/dashboard/page):
//   GET /_dashboard/summary          sessions, playbacks, totals, rejected and recent records
//   GET /_dashboard/playback?id=     one playback's chart points and record rows
//   GET /_dashboard/events           server-sent events: `summary` on connect and on every change
// The model is pulled from the collectors on each request and once a second while a page listens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordStore } from '../collector/record-store';
import { queryOf, sendJson } from '../http-util';
import { createFeed, type KavaSource } from './feed';
import { DashboardModel } from './model';

export interface DashboardOptions {
  store: RecordStore;
  kava?: KavaSource;
  /** How often listeners are checked for news. Default 1000 ms. */
  tickMs?: number;
  /** The collector's clock (records' receivedAt): device states and the last hour go by it. */
  now?: () => number;
}

/** Pages listening at once; more get 503 (and fall back to polling). */
const MAX_CLIENTS = 16;
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

export function createDashboardRoutes(options: DashboardOptions) {
  const model = new DashboardModel();
  const pull = createFeed(model, options.store, options.kava);
  const tickMs = options.tickMs ?? 1000;
  const now = options.now ?? Date.now;
  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  let sentVersion = -1;
  let sentStates = '';
  let lastWrite = Date.now();

  function summary() {
    pull();
    return { ...model.summary(now()), collector: options.store.getStats() };
  }

  function write(res: ServerResponse, text: string): void {
    res.write(text);
    lastWrite = Date.now();
  }

  function tick(): void {
    pull();
    // A device falling silent changes the view with nothing received: time alone moves it.
    const states = model.deviceStates(now());
    if (model.version !== sentVersion || states !== sentStates) {
      sentVersion = model.version;
      sentStates = states;
      const text = `event: summary\ndata: ${JSON.stringify(summary())}\n\n`;
      for (const res of clients) write(res, text);
    } else if (Date.now() - lastWrite >= HEARTBEAT_MS) {
      for (const res of clients) write(res, ': still here\n\n');
    }
  }

  function listen(req: IncomingMessage, res: ServerResponse): void {
    if (clients.size >= MAX_CLIENTS) return sendJson(res, 503, { error: `at most ${MAX_CLIENTS} listeners; poll /_dashboard/summary` });
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    write(res, `retry: 2000\nevent: summary\ndata: ${JSON.stringify(summary())}\n\n`);
    clients.add(res);
    if (!timer) {
      timer = setInterval(tick, tickMs);
      timer.unref();
    }
    req.on('close', () => {
      clients.delete(res);
      if (clients.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    });
  }

  return {
    /** Handles /_dashboard/*; false for any other path. */
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
      if (pathname === '/dashboard') {
        res.writeHead(302, { Location: '/dashboard/', 'Content-Length': '0' });
        res.end();
        return true;
      }
      if (!pathname.startsWith('/_dashboard/') || req.method !== 'GET') return false;
      const route = pathname.slice('/_dashboard/'.length);
      if (route === 'summary') sendJson(res, 200, summary());
      else if (route === 'events') listen(req, res);
      else if (route === 'playback') {
        pull();
        const detail = model.playback(queryOf(req).get('id') ?? '');
        if (detail) sendJson(res, 200, detail);
        else sendJson(res, 404, { error: 'no such playback (forgotten or never seen)' });
      } else sendJson(res, 404, { error: `no such route: /_dashboard/${route}` });
      return true;
    },
    close(): void {
      if (timer) clearInterval(timer);
      timer = null;
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
