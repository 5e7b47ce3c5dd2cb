// Starts the dev/media server, live stream and Vault collector on one port.
//   npx tsx server/start.ts [--port 8080|0] [--host 127.0.0.1] [--streams DIR]
//                           [--collector-data DIR] [--live-start-offset SECONDS]
// PORT=<n> in the environment is the default for --port.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app';
import { DEFAULT_MAX_RECORDS, RecordStore, type ReloadReport } from './collector/record-store';
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
  /** What the collector read back from --collector-data at start; null without it. */
  reloaded: ReloadReport | null;
  close(): Promise<void>;
}

/** The port is taken (or not ours to take): says so, and how to choose another. */
export class PortUnavailableError extends Error {
  constructor(
    readonly port: number,
    code: string
  ) {
    super(
      code === 'EADDRINUSE'
        ? `port ${port} is already in use: choose another with PORT=<n> or --port <n> (0 picks a free one)`
        : `cannot listen on port ${port} (${code}): choose another with PORT=<n> or --port <n> (0 picks a free one)`
    );
  }
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
  const server = createServer();
  const host = options.host ?? '127.0.0.1';
  // Take the port first: a busy one fails at once, before the collector reads its data.
  await listen(server, options.port ?? 8080, host);
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

  server.on('request', (req, res) => void app.handle(req, res));
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    reloaded: store.reloaded,
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
    const fail = (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      reject(code === 'EADDRINUSE' || code === 'EACCES' ? new PortUnavailableError(port, code) : error);
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/**
 * The URLs to print: the server's own, and with --host 0.0.0.0 the machine's LAN addresses, the
 * ones a TV on the same network can reach.
 */
export function reachableUrls(running: Pick<RunningServer, 'url' | 'port'>, host: string | undefined): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [running.url];
  const lan: string[] = [];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) lan.push(`http://${address.address}:${running.port}`);
    }
  }
  return [running.url, ...lan];
}

/** One line about what --collector-data brought back, or null without it. */
export function describeReload(reloaded: ReloadReport | null, dataDir: string | undefined): string | null {
  if (!reloaded || !dataDir) return null;
  const parts = [`collector data: ${dataDir}/records.jsonl, ${reloaded.records} records read back`];
  if (reloaded.unreadableLines) parts.push(`${reloaded.unreadableLines} unreadable lines skipped`);
  if (reloaded.compacted) parts.push('file compacted to what memory keeps');
  return parts.join(', ');
}

/** The command-line options both start scripts take (server/start.ts and tools/demo.ts). */
export function parseArgs(argv: string[]): ServerOptions {
  const options: ServerOptions = {};
  const envPort = process.env.PORT;
  if (envPort) options.port = Number(envPort);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = Number(value());
        break;
      case '--host':
        options.host = value();
        break;
      case '--streams':
        options.streamsDir = value();
        break;
      case '--collector-data':
        options.collectorDataDir = value();
        break;
      case '--live-start-offset':
        options.liveStartOffsetSeconds = Number(value());
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port < 65536)) {
    throw new Error('--port (or PORT) must be an integer from 0 to 65535');
  }
  return options;
}

if (require.main === module) {
  let options: ServerOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  startServer(options).then(
    (running) => {
      const urls = reachableUrls(running, options.host);
      console.log(`dev server listening on ${urls.join(', ')}`);
      console.log(`  dashboard:  ${running.url}/dashboard/`);
      console.log(`  test pages: ${running.url}/   (the demo TV app: npm start, or npm run serve after a build)`);
      const reload = describeReload(running.reloaded, options.collectorDataDir);
      if (reload) console.log(`  ${reload}`);
      const stop = () => void running.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    }
  );
}
