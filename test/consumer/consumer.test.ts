// The package as a TypeScript TV app adopts it: `npm pack`, the tarball installed into a scratch app
// (in a temp dir), compiled under `strict` with TypeScript 5.9 against Shaka 4.16 and then 5.2
// types, bundled with webpack and with esbuild, and run in Chromium with real Shaka against the
// local collector. The scratch app takes TypeScript, webpack and esbuild from this project's
// node_modules and Shaka by symlink, so nothing is downloaded: only the tarball is installed.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/start';
import { collectorRecords, type StoredRecord } from '../e2e/agent/agent-page';
import { launchBrowser, logsOf, newPage } from '../e2e/browser';
import { packInto, ROOT } from '../helpers/pack';

const FIXTURE = path.join(__dirname, 'app');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const SHAKA = { 4: 'shaka-player', 5: 'shaka-player-5' } as const;

/** What the fixture app (app/src/main.ts) shows the test. */
type ConsumerWindow = Window & { consumerApp?: { shakaVersion: string; error: string | null } };

/** Runs the project's tsc on a config of the scratch app; its output and exit status. */
function tsc(app: string, config: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [TSC, '-p', path.join(app, config)], { cwd: app, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

function installTarball(app: string, tarball: string): void {
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // The package has no dependencies: nothing comes from the registry (--offline would say so).
  execFileSync(npm, ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], { cwd: app, stdio: 'pipe' });
}

/** Points the scratch app's `shaka-player` at Shaka `major` (the project's devDependency). */
function useShaka(app: string, major: 4 | 5): void {
  const link = path.join(app, 'node_modules', 'shaka-player');
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules', SHAKA[major]), link, 'dir');
}

async function bundleWithWebpack(app: string, entry: string, out: string): Promise<void> {
  const webpack = require(path.join(ROOT, 'node_modules', 'webpack'));
  const stats = await new Promise<any>((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        context: app,
        entry: entry,
        output: { path: path.dirname(out), filename: path.basename(out) },
        devtool: false,
        performance: { hints: false },
        // Shaka and the agent come minified already; minifying them again takes a minute on a busy machine.
        optimization: { minimize: false },
      },
      (error: Error | null, result: any) => (error ? reject(error) : resolve(result))
    )
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
}

async function bundleWithEsbuild(app: string, entry: string, out: string): Promise<void> {
  const esbuild = require(path.join(ROOT, 'node_modules', 'esbuild'));
  await esbuild.build({
    absWorkingDir: app,
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2017',
    logLevel: 'silent',
  });
}

describe('consumer: the packed package in a TypeScript app', function () {
  this.timeout(120_000);
  let work: string;
  let app: string;
  let server: RunningServer;
  let browser: Browser;

  before(async function () {
    this.timeout(180_000);
    if (!fs.existsSync(path.join(ROOT, 'dist', 'types', 'index.d.ts'))) throw new Error('dist/ is not built: run npm run build');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tvt-consumer-'));
    app = path.join(work, 'app');
    fs.cpSync(FIXTURE, app, { recursive: true });
    installTarball(app, packInto(work));
    // Every bundle goes under public/, which the dev server mounts as /consumer/.
    fs.mkdirSync(path.join(app, 'public'));
    fs.copyFileSync(path.join(FIXTURE, 'index.html'), path.join(app, 'public', 'index.html'));
    server = await startServer({
      port: 0,
      mounts: [
        { prefix: '/consumer/', dir: path.join(app, 'public') },
        { prefix: '/packed/', dir: path.join(app, 'node_modules', 'tv-telemetry-agent', 'dist') },
      ],
    });
    browser = await launchBrowser();
  });

  after(async function () {
    await browser?.close();
    await server?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs the tarball with its entries, types, CLI and schema, and runs the CLI from it', function () {
    const installed = path.join(app, 'node_modules', 'tv-telemetry-agent');
    for (const file of ['dist/tv-telemetry-agent.js', 'dist/types/index.d.ts', 'dist/types/entries/persist.d.ts', 'schema/profile.schema.json', 'LICENSE'])
      expect(fs.existsSync(path.join(installed, file)), file).to.equal(true);
    const cli = spawnSync(
      process.execPath,
      [path.join(app, 'node_modules', '.bin', 'tv-telemetry-agent'), 'validate', path.join(installed, 'platforms', 'profiles', 'example-ott.json')],
      { encoding: 'utf8' }
    );
    expect(cli.stdout + cli.stderr).to.equal('ok\n');
    const schema = require(require.resolve('tv-telemetry-agent/profile.schema.json', { paths: [app] }));
    expect(schema.title).to.equal('tv-telemetry-agent operator profile');
  });

  it('loads every UMD file with a plain <script>, each defining its global', async function () {
    const page = await newPage(browser, `${server.url}/consumer/index.html?manifest=none`);
    try {
      const globals = await page.evaluate(async () => {
        const names: { [file: string]: string } = {
          'tv-telemetry-agent.js': 'TvTelemetry',
          'tv-telemetry-agent-lean.js': 'TvTelemetry',
          'tv-telemetry-persist.js': 'TvTelemetryPersist',
          'tv-telemetry-kava.js': 'TvTelemetryKava',
          'tv-telemetry-overlay.js': 'TvTelemetryOverlay',
          'tv-telemetry-tizen.js': 'TvTelemetryTizen',
          'tv-telemetry-webos.js': 'TvTelemetryWebos',
          'tv-telemetry-hbbtv.js': 'TvTelemetryHbbtv',
        };
        const found: string[] = [];
        for (const file of Object.keys(names)) {
          delete (window as any)[names[file]];
          await new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = '/packed/' + file;
            script.onload = resolve;
            script.onerror = reject;
            document.head.appendChild(script);
          });
          const value = (window as any)[names[file]];
          found.push(file + ': ' + (value && (typeof value.createAgent === 'function' ? 'createAgent' : value.plugin ? 'plugin' : 'other')));
        }
        return found;
      });
      expect(globals).to.deep.equal([
        'tv-telemetry-agent.js: createAgent',
        'tv-telemetry-agent-lean.js: createAgent',
        'tv-telemetry-persist.js: plugin',
        'tv-telemetry-kava.js: plugin',
        'tv-telemetry-overlay.js: plugin',
        'tv-telemetry-tizen.js: plugin',
        'tv-telemetry-webos.js: plugin',
        'tv-telemetry-hbbtv.js: plugin',
      ]);
    } finally {
      await page.close();
    }
  });

  for (const major of [4, 5] as const) {
    describe(`with Shaka ${major === 4 ? '4.16' : '5.2'}`, function () {
      before(() => useShaka(app, major));

      it("compiles under strict: the default entry, add-ons by subpath, ProfileInput, Shaka's own types, no cast", function () {
        this.timeout(300_000); // checking Shaka's own declarations too (skipLibCheck off) takes a minute on a busy machine
        const bundler = tsc(app, 'tsconfig.json');
        expect(bundler.output).to.equal('');
        expect(bundler.status).to.equal(0);
        // moduleResolution node10 finds the same types through typesVersions
        const node10 = tsc(app, 'tsconfig.node10.json');
        expect(node10.output).to.equal('');
        expect(node10.status).to.equal(0);
      });

      it('refuses to compile a profile with a misspelled key', function () {
        const typo = tsc(app, 'tsconfig.typo.json');
        expect(typo.status).to.equal(2);
        expect(typo.output).to.match(/typo\.ts\(5,\d+\): error TS\d+: .*'endpiont'/);
        expect(typo.output).to.match(/typo\.ts\(7,\d+\): error TS\d+: .*'nmae'/);
      });

      for (const bundler of ['webpack', 'esbuild'] as const) {
        it(`bundled with ${bundler}, runs with real Shaka in Chromium, and the collector receives a valid record`, async function () {
          const out = path.join(app, 'public', 'app.js');
          fs.rmSync(out, { force: true });
          const entry = './build/main.js'; // tsc's output (the compile test above writes it)
          if (!fs.existsSync(path.join(app, entry))) throw new Error('the app was not compiled');
          if (bundler === 'webpack') await bundleWithWebpack(app, entry, out);
          else await bundleWithEsbuild(app, entry, out);
          const editorialId = `consumer-${bundler}-shaka${major}-${Date.now()}`;
          const manifest = `${server.url}/media/${editorialId}/vod-dash/manifest.mpd`;
          const page: Page = await newPage(browser, `${server.url}/consumer/index.html?${new URLSearchParams({ manifest, editorialId })}`);
          try {
            let records: StoredRecord[] = [];
            const deadline = Date.now() + 30_000;
            while (!records.length && Date.now() < deadline) {
              const error = await page.evaluate(() => (window as ConsumerWindow).consumerApp?.error);
              if (error) throw new Error('the app failed: ' + error);
              records = (await collectorRecords(server.url)).filter((r) => r.record.metadata && r.record.metadata.editorialId === editorialId);
              if (!records.length) await new Promise((resolve) => setTimeout(resolve, 250));
            }
            expect(
              records,
              'page log:\n' +
                logsOf(page)
                  .map((e) => e.text)
                  .join('\n')
            ).to.not.have.length(0);
            const record = records[0];
            expect(record.errors).to.deep.equal([]);
            expect(record.valid).to.equal(true);
            expect(record.activity).to.equal('playback_metrics');
            expect(record.record.metadata.uri).to.equal(manifest);
            expect(await page.evaluate(() => (window as ConsumerWindow).consumerApp?.shakaVersion)).to.match(new RegExp('^v' + major + '\\.'));
          } finally {
            await page.close();
          }
        });
      }
    });
  }
});
