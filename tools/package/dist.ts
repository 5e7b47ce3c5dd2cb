/**
 * The built agent the packages ship: dist/tv-telemetry-agent.js (ES5 UMD). Packaging never builds
 * behind the user's back: a missing bundle is an error unless --build was given.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PackagingError, ROOT } from './errors';

export const DIST_BUNDLE = path.join(ROOT, 'dist', 'tv-telemetry-agent.js');

export interface AgentBundle {
  path: string;
  version: string;
  sha256: string;
  validateProfile(raw: unknown, platform?: string): { ok: true; profile: any } | { ok: false; problems: string[] };
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function build(log: (message: string) => void): void {
  log('building dist/ (npm run build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new PackagingError('npm run build failed (exit ' + r.status + ')');
}

/** The bundle, built first with `rebuild`; warns when src/ changed after the last build. */
export function loadAgentBundle(rebuild: boolean, log: (message: string) => void): AgentBundle {
  if (rebuild) build(log);
  if (!fs.existsSync(DIST_BUNDLE)) {
    throw new PackagingError('dist/tv-telemetry-agent.js is missing: run `npm run build` first (or pass --build)');
  }
  const src = path.join(ROOT, 'src');
  if (fs.existsSync(src) && newestMtime(src) > fs.statSync(DIST_BUNDLE).mtimeMs) {
    log('warning: src/ changed after dist/ was built; the package gets the older bundle (pass --build to rebuild)');
  }
  // A fresh copy of the module each time: the bundle may have been rebuilt since the last call.
  delete require.cache[require.resolve(DIST_BUNDLE)];
  const agent = require(DIST_BUNDLE);
  if (typeof agent.validateProfile !== 'function' || typeof agent.version !== 'string') {
    throw new PackagingError('dist/tv-telemetry-agent.js does not export validateProfile and version: rebuild it');
  }
  return { path: DIST_BUNDLE, version: agent.version, sha256: sha256(DIST_BUNDLE), validateProfile: agent.validateProfile };
}

/** dist/tv-telemetry-<name>.js: an add-on bundle (a platform's adapter, queue persistence), built with the agent's. */
export function addonBundle(name: string): string {
  const file = path.join(ROOT, 'dist', 'tv-telemetry-' + name + '.js');
  if (!fs.existsSync(file)) throw new PackagingError('dist/tv-telemetry-' + name + '.js is missing: run `npm run build` first (or pass --build)');
  return file;
}
