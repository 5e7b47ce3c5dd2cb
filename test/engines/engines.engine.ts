// Runs the engine suite on every engine installed here, each with its Shaka lines, and writes the
// results under test-output/engines/ for tools/engines-doc.ts (docs/engines.md).
//   ENGINES=wpe,chromium-64   only these engines     SHAKA_LINES=4.16   only these lines
//   ENGINES_REQUIRED=1        a missing engine fails instead of being skipped (CI)
//   ENGINES_RETRIES=1         a second try for a failed test (default 0: a flake is a failure; each try is logged)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startServer, type RunningServer } from '../../server/start';
import { REPO_ROOT, type StaticMount } from '../../server/static-routes';
import type { EngineBrowser } from './drivers/engine';
import type { EngineFeatures } from './engine-app';
import { resultsFile, type EngineRun } from './results';
import { defineEngineTests } from './engine-suite';
import { ENGINES, SHAKA_LINES } from './engines';

const RESULTS_FILE = resultsFile(process.env.ENGINES ?? 'all');

const only = (name: string) => (process.env[name] ? process.env[name]!.split(',') : null);
const engineFilter = only('ENGINES');
const lineFilter = only('SHAKA_LINES');

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`, { paths: [REPO_ROOT] }));
const mounts: StaticMount[] = [
  { prefix: '/engine-e2e/', dir: join(__dirname, 'pages') },
  ...Object.keys(SHAKA_LINES).map((line) => ({ prefix: `/lib/shaka-${line}/`, dir: join(packageDir(SHAKA_LINES[line]), 'dist') })),
];

describe('engines end to end', function () {
  this.timeout(90000);
  let server: RunningServer | undefined;
  const run: EngineRun = { startedAt: new Date().toISOString(), engines: {}, results: [] };

  before(async () => {
    server = await startServer({ port: 0, mounts });
  });
  after(async () => {
    await server?.close();
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(run, null, 2) + '\n');
  });

  for (const engine of ENGINES) {
    if (engineFilter && engineFilter.indexOf(engine.id) < 0) continue;
    const missing = engine.missing();
    const entry = (run.engines[engine.id] = { label: engine.label, features: null as EngineFeatures | null, skipped: missing, durationMs: 0 });
    if (missing) {
      // one clear line; ENGINES_REQUIRED turns it into a failure so CI cannot pass without the engine
      console.log(`${engine.label}: skipped, ${missing}`);
      if (process.env.ENGINES_REQUIRED)
        it(`${engine.label} is installed`, () => {
          throw new Error(missing);
        });
      continue;
    }
    describe(engine.label, function () {
      let browser: EngineBrowser | undefined;
      let startedAt = 0;
      before(async function () {
        this.timeout(120000); // the first launch of an old Chromium unpacks it
        startedAt = Date.now();
        browser = await engine.launch();
      });
      after(async () => {
        await browser?.close();
        entry.durationMs = Date.now() - startedAt;
      });
      // No retry unless asked: a flake is a failure. A failed try is said aloud and kept in the results
      // (docs/engines.md shows it) whether or not a retry follows.
      this.retries(Number(process.env.ENGINES_RETRIES ?? 0));
      afterEach(async function () {
        const test = this.currentTest!;
        if (test.state === 'passed') return; // a failed try that mocha will retry has no state yet
        // A failed test may leave the engine stuck: the next try gets a fresh one, so one hang is one
        // failure rather than every test after it.
        this.timeout(120000);
        console.log(`${engine.label}: "${test.title}" failed; relaunching the engine`);
        await browser?.close();
        browser = await engine.launch();
      });
      for (const shakaLine of engine.shakaLines) {
        if (lineFilter && lineFilter.indexOf(shakaLine) < 0) continue;
        describe(`Shaka ${shakaLine}`, function () {
          afterEach(function () {
            const test = this.currentTest!;
            run.results.push({
              engine: engine.id,
              label: engine.label,
              shakaLine,
              test: test.title,
              state: test.state ?? 'failed', // a failed try that mocha retries has no state yet
              durationMs: test.duration ?? 0,
              ...(test.err ? { error: test.err.message.split('\n')[0] } : {}),
            });
          });
          defineEngineTests({
            serverUrl: () => server!.url,
            tab: () => browser!.tab,
            streams: engine.streams,
            shakaLine,
            onFeatures: (features) => (entry.features = features),
          });
        });
      }
    });
  }
});
