// Serves player builds, the agent build and the e2e test pages from disk, uncounted:
//   /lib/shaka4/*  node_modules/shaka-player/dist/*     (4.16)
//   /lib/shaka5/*  node_modules/shaka-player-5/dist/*   (5.2)
//   /dist/*        the repository's dist/ (the agent build)
//   /e2e/*         test/e2e/pages/*
//   /dashboard/*   server/dashboard/page/* (the collector's dashboard)
//   /lib/uplot/*   node_modules/uplot/dist/* (its charts)
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { contentTypeFor } from './content-types';
import { resolveInside, sendText } from './http-util';

export const REPO_ROOT = join(__dirname, '..');

export interface StaticMount {
  prefix: string;
  dir: string;
}

export function defaultMounts(repoRoot = REPO_ROOT): StaticMount[] {
  const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`, { paths: [repoRoot] }));
  return [
    { prefix: '/lib/shaka4/', dir: join(packageDir('shaka-player'), 'dist') },
    { prefix: '/lib/shaka5/', dir: join(packageDir('shaka-player-5'), 'dist') },
    { prefix: '/dist/', dir: join(repoRoot, 'dist') },
    { prefix: '/e2e/', dir: join(repoRoot, 'test', 'e2e', 'pages') },
    { prefix: '/dashboard/', dir: join(repoRoot, 'server', 'dashboard', 'page') },
    { prefix: '/lib/uplot/', dir: join(packageDir('uplot'), 'dist') },
  ];
}

export function createStaticRoutes(mounts: StaticMount[]) {
  return {
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const mount = mounts.find((m) => pathname.startsWith(m.prefix));
      if (!mount) return false;
      let relative = decodeURIComponent(pathname.slice(mount.prefix.length));
      if (relative === '' || relative.endsWith('/')) relative += 'index.html';
      const file = resolveInside(mount.dir, relative);
      const info = file ? await stat(file).catch(() => undefined) : undefined;
      if (!file || !info?.isFile()) {
        sendText(res, 404, `not found: ${pathname}\n`);
        return true;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': contentTypeFor(file),
        'Content-Length': body.length,
        // Rebuilt often during development: always revalidate.
        'Cache-Control': 'no-cache',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
  };
}
