/**
 * `npm pack` of the project, as a test or a bench needs it. `--ignore-scripts` skips the prepack
 * build: the callers run after `npm run build` (`npm test`, `npm run bench`), and the build takes a
 * minute. test/consumer/ installs the tarball; test/packaging/tarball.test.ts checks its file list.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface PackResult {
  filename: string;
  /** bytes of the .tgz */
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

function npmPack(args: string[]): PackResult {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--silent'].concat(args), { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out)[0];
}

/** What the tarball would hold, without writing it. */
export function packList(): PackResult {
  return npmPack(['--dry-run']);
}

/** Writes the tarball into `dir`; its path. */
export function packInto(dir: string): string {
  return path.join(dir, npmPack(['--pack-destination', dir]).filename);
}
