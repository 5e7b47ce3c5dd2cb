// Puts the routes together into one request handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCollectorRoutes } from './collector/collector-routes';
import { createDashboardRoutes } from './dashboard/routes';
import { createKavaRoutes } from './kava/kava-routes';
import { RecordStore } from './collector/record-store';
import { corsHeaders, queryOf, sendJson, sendText } from './http-util';
import type { LiveStream } from './live/live-stream';
import { ByteCounter } from './media/byte-counter';
import { createMediaRoutes } from './media/media-routes';
import { parseFaultOption } from './media/token-options';
import { createStaticRoutes, type StaticMount } from './static-routes';

export interface AppOptions {
  streamsDir: string;
  live: LiveStream;
  liveWebm?: LiveStream;
  liveInfo: Record<string, unknown>;
  store: RecordStore;
  mounts: StaticMount[];
  /** The collectors' clock, Vault's and Kava's (default Date.now). */
  collectorNow?: () => number;
}

export function createApp(options: AppOptions) {
  const counter = new ByteCounter();
  const media = createMediaRoutes({ streamsDir: options.streamsDir, live: options.live, liveWebm: options.liveWebm, counter });
  const collector = createCollectorRoutes({ store: options.store, now: options.collectorNow });
  const kava = createKavaRoutes({ now: options.collectorNow });
  const dashboard = createDashboardRoutes({ store: options.store, kava, now: options.collectorNow });
  const statics = createStaticRoutes(options.mounts);

  async function serverRoutes(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const route = `${req.method} ${pathname}`;
    const query = queryOf(req);
    if (route === 'GET /_server/bytes') {
      const token = query.get('token');
      const withLog = query.get('log') === '1' || query.get('log') === 'true';
      sendJson(res, 200, token !== null ? counter.report(token, withLog) : { tokens: counter.tokenNames().map((name) => counter.report(name, withLog)) });
    } else if (route === 'POST /_server/reset') {
      const token = query.get('token');
      counter.reset(token ?? undefined);
      media.reset(token ?? undefined);
      sendJson(res, 200, { reset: token ?? 'all' });
    } else if (route === 'POST /_server/faults') {
      // Arms a fault for a token name already in use: ?token=ott&fault=corrupt:1=seg-*
      const token = query.get('token') ?? '';
      try {
        if (!/^[A-Za-z0-9._-]+$/.test(token)) throw new Error('token must be a token name (letters, digits, ".", "_" or "-")');
        sendJson(res, 200, { token, faults: media.arm(token, parseFaultOption(query.get('fault') ?? '')) });
      } catch (error) {
        sendJson(res, 400, { error: (error as Error).message });
      }
    } else if (route === 'GET /_server/faults') {
      sendJson(res, 200, { faults: media.armedFaults() });
    } else if (route === 'GET /_server/time') {
      sendText(res, 200, new Date().toISOString(), corsHeaders(req));
    } else if (route === 'GET /_server/info') {
      sendJson(res, 200, { live: options.liveInfo });
    } else if (route === 'GET /') {
      sendText(res, 200, INDEX, { 'Content-Type': 'text/html; charset=utf-8' });
    } else {
      return false;
    }
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    try {
      if (await collector.handle(req, res, pathname)) return;
      if (await kava.handle(req, res, pathname)) return;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...corsHeaders(req),
          'Access-Control-Allow-Methods': 'GET, HEAD, POST, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type'),
          'Content-Length': '0',
        });
        res.end();
        return;
      }
      if (await media.handle(req, res, pathname)) return;
      if (await serverRoutes(req, res, pathname)) return;
      if (await dashboard.handle(req, res, pathname)) return;
      if (await statics.handle(req, res, pathname)) return;
      sendText(res, 404, `not found: ${pathname}\n`, corsHeaders(req));
    } catch (error) {
      if (!res.headersSent) sendText(res, 500, `server error: ${(error as Error).stack ?? String(error)}\n`);
      else res.destroy();
    }
  }

  return {
    handle,
    close: () => {
      dashboard.close();
      return collector.close();
    },
  };
}

const INDEX = `<!doctype html><meta charset="utf-8"><title>tv-telemetry-agent dev server</title>
<h1>tv-telemetry-agent dev server</h1>
<ul>
<li><a href="/e2e/player.html?shaka=4&src=/media/dev/vod-dash/manifest.mpd">Shaka 4, VOD DASH</a></li>
<li><a href="/e2e/player.html?shaka=5&src=/media/dev/vod-hls/master.m3u8">Shaka 5, VOD HLS</a></li>
<li><a href="/e2e/player.html?shaka=4&src=/media/dev/live/manifest.mpd">Shaka 4, live DASH</a></li>
<li><a href="/e2e/player.html?shaka=5&src=/media/dev/live/master.m3u8">Shaka 5, live HLS</a></li>
<li><a href="/dashboard/">collector dashboard</a>: sessions, playbacks, charts, rejected records</li>
<li><a href="/_server/bytes?token=dev">bytes served for token "dev"</a>, <a href="/_collector/stats">collector stats</a>, <a href="/_collector/records">records</a></li>
</ul>
<p>See server/README.md.</p>
`;
