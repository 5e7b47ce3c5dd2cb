// Where an engine run leaves its results: one file per mocha process, read by tools/engines-doc.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineFeatures } from './engine-app';
import { REPO_ROOT } from '../../server/static-routes';

export const RESULTS_DIR = join(REPO_ROOT, 'test-output', 'engines');

export interface EngineResult {
  engine: string;
  label: string;
  shakaLine: string;
  test: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface EngineRun {
  startedAt: string;
  engines: Record<string, { label: string; features: EngineFeatures | null; skipped: string | null; durationMs: number }>;
  results: EngineResult[];
}

export function resultsFile(engines: string): string {
  return join(RESULTS_DIR, `results-${engines.replace(/[^a-z0-9-]+/gi, '_')}.json`);
}

/** Every result file of the last run, merged. */
export function readLastRun(dir = RESULTS_DIR): EngineRun {
  const runs = readdirSync(dir)
    .filter((f) => /^results-.*\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as EngineRun);
  if (!runs.length) throw new Error(`no engine results in ${dir}: run npm run test:engines first`);
  return {
    startedAt: runs.map((r) => r.startedAt).sort()[0],
    engines: Object.assign({}, ...runs.map((r) => r.engines)),
    results: runs.flatMap((r) => r.results),
  };
}
