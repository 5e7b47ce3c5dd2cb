// Starts the dev/media server, live stream and Vault collector on one port.
//   npx tsx server/start.ts [--port 8080|0] [--host 127.0.0.1] [--streams DIR]
//                           [--collector-data DIR] [--live-start-offset SECONDS]
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from './app';
import { DEFAULT_MAX_RECORDS, RecordStore } from './collector/record-store';
import { loadLiveSource } from './live/live-source';
import { createLiveStream } from './live/live-stream';
import { defaultMounts, REPO_ROOT, type StaticMount } from './static-routes';

export interface ServerOptions {
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 to reach the server from a TV on the LAN. */
  host?: string;
  streamsDir?: string;
  /** Appends every received record to <dir>/records.jsonl when set. */
  collectorDataDir?: string;
  /** availabilityStartTime = server start minus this, so a DVR window exists at once. Default 600. */
  liveStartOffsetSeconds?: number;
  liveTimeShiftBufferDepthSeconds?: number;
  maxStoredRecords?: number;
  /** Extra static folders (e.g. the demo app), served like /dist/. */
  mounts?: StaticMount[];
  /** The collector's clock for its Date header and receivedAt (default Date.now): tests on simulated time. */
  collectorNow?: () => number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_STREAMS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'streams');

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const streamsDir = options.streamsDir ?? DEFAULT_STREAMS_DIR;
  const source = loadLiveSource(join(streamsDir, 'vod-dash', 'manifest.mpd'));
  const offsetSeconds = options.liveStartOffsetSeconds ?? 600;
  // Whole seconds keep the manifest's availabilityStartTime short and exact.
  const availabilityStartTime = Math.floor((Date.now() - offsetSeconds * 1000) / 1000) * 1000;
  const timeShiftBufferDepthSeconds = options.liveTimeShiftBufferDepthSeconds ?? 300;
  const live = createLiveStream({ source, availabilityStartTime, timeShiftBufferDepthSeconds });
  const webmManifest = join(streamsDir, 'vod-webm', 'manifest.mpd');
  const liveWebm = existsSync(webmManifest)
    ? createLiveStream({ source: loadLiveSource(webmManifest), availabilityStartTime, timeShiftBufferDepthSeconds })
    : undefined;
  const store = new RecordStore(options.maxStoredRecords ?? DEFAULT_MAX_RECORDS, options.collectorDataDir);
  const app = createApp({
    streamsDir,
    live,
    liveWebm,
    store,
    mounts: (options.mounts ?? []).concat(defaultMounts()),
    collectorNow: options.collectorNow,
    liveInfo: {
      availabilityStartTime: new Date(availabilityStartTime).toISOString(),
      segmentSeconds: source.segmentSeconds,
      loopSeconds: source.loopSeconds,
      timeShiftBufferDepthSeconds,
      representations: source.representations.map((r) => ({ id: r.id, contentType: r.contentType, ...r.attributes })),
    },
  });

  const server = createServer((req, res) => void app.handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 8080, host);
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function parseArgs(argv: string[]): ServerOptions {
  const options: ServerOptions = {};
  const envPort = process.env.PORT;
  if (envPort) options.port = Number(envPort);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': options.port = Number(value()); break;
      case '--host': options.host = value(); break;
      case '--streams': options.streamsDir = value(); break;
      case '--collector-data': options.collectorDataDir = value(); break;
      case '--live-start-offset': options.liveStartOffsetSeconds = Number(value()); break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port < 65536)) {
    throw new Error('--port must be an integer from 0 to 65535');
  }
  return options;
}

if (require.main === module) {
  startServer(parseArgs(process.argv.slice(2))).then((running) => {
    console.log(`dev server listening on ${running.url}`);
    const stop = () => void running.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
