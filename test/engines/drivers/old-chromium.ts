// The old Chromiums inside the npm package chrome-aws-lambda (installed under two aliases):
// the package's executablePath() answers null outside AWS Lambda, so the brotli-packed binary is
// unpacked here once and cached under node_modules/.cache (2–3 s, about 100 MB each).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { REPO_ROOT } from '../../../server/static-routes';

export const OLD_CHROMIUM_PACKAGES = { 64: 'chrome-aws-lambda-64', 76: 'chrome-aws-lambda-76' } as const;
export type OldChromiumMajor = keyof typeof OLD_CHROMIUM_PACKAGES;

function packedBinary(major: OldChromiumMajor): string | null {
  const bin = join(REPO_ROOT, 'node_modules', OLD_CHROMIUM_PACKAGES[major], 'bin');
  if (!existsSync(bin)) return null;
  const name = readdirSync(bin).find((file) => /^chromium-[\d.]+\.br$/.test(file));
  return name ? join(bin, name) : null;
}

/** null when the package is not installed (npm ci brings it). */
export function oldChromiumMissing(major: OldChromiumMajor): string | null {
  return packedBinary(major) ? null : `npm package ${OLD_CHROMIUM_PACKAGES[major]} not installed, install with: npm ci`;
}

export function oldChromiumExecutable(major: OldChromiumMajor): string {
  const packed = packedBinary(major);
  if (!packed) throw new Error(oldChromiumMissing(major)!);
  const executable = join(REPO_ROOT, 'node_modules', '.cache', 'old-chromium', packed.split('/').pop()!.replace(/\.br$/, ''));
  if (existsSync(executable)) return executable;
  mkdirSync(dirname(executable), { recursive: true });
  // rename is atomic: a parallel run sees the whole binary or none
  const partial = `${executable}.${process.pid}.partial`;
  writeFileSync(partial, brotliDecompressSync(readFileSync(packed)));
  chmodSync(partial, 0o755);
  renameSync(partial, executable);
  return executable;
}
