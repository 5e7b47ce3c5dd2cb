import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'tv-telemetry-agent.js');
const DIST = path.join(ROOT, 'dist', 'tv-telemetry-agent.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], bin = BIN, cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [bin].concat(args), { cwd: cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/tv-telemetry-agent validate', () => {
  let dir: string;

  before(function () {
    if (!fs.existsSync(DIST)) throw new Error('dist/ is not built: run npm run build');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvt-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  }

  for (const name of ['example-iptv', 'example-ott', 'example-hbbtv']) {
    it('prints "ok" and exits 0 for ' + name, () => {
      const r = run(['validate', 'platforms/profiles/' + name + '.json']);
      expect(r.stdout).to.equal('ok\n');
      expect(r.status).to.equal(0);
    });
  }

  it('prints every problem on its own line with its path and exits 1', () => {
    const file = write('broken.json', {
      name: 'broken',
      vault: { endpoint: 'https://vault.example', metricsIntervalSeconds: 0, bdoy: 'array' },
      queue: { capacity: 'many' },
    });
    const r = run(['validate', file]);
    expect(r.status).to.equal(1);
    expect(r.stdout.trim().split('\n')).to.have.members([
      'vault.bdoy: unknown key (did you mean "body"?)',
      'vault.metricsIntervalSeconds: must be between 1 and 3600',
      'queue.capacity: must be a number',
    ]);
    expect(r.stderr).to.contain('3 problems');
  });

  it('checks the kava and debug sections as the agent does with their add-ons (the bundles next to it)', () => {
    const file = write('addons.json', {
      name: 'addons',
      vault: { endpoint: 'https://vault.example' },
      kava: { enabled: true, endpoint: 'https://kava.example', methd: 'GET' },
      debug: { overlay: 'yes' },
    });
    const r = run(['validate', file]);
    expect(r.status).to.equal(1);
    expect(r.stdout.trim().split('\n')).to.deep.equal([
      'kava.methd: unknown key (did you mean "method"?)',
      'debug.overlay: must be true or false',
      'kava.partnerId: is required when kava.enabled',
    ]);
    const rules = run([
      'validate',
      write('kava-rules.json', { name: 'rules', vault: { endpoint: 'https://vault.example' }, kava: { enabled: true, endpoint: 'https://kava.example' } }),
    ]);
    expect(rules.status).to.equal(1);
    expect(rules.stdout).to.equal('kava.partnerId: is required when kava.enabled\n');
  });

  it('reports a problem that only a platform override causes, naming the platform', () => {
    const file = write('override.json', {
      name: 'override',
      vault: { endpoint: 'https://vault.example' },
      platforms: { hbbtv: { vault: { endpoint: 'http://vault-hbbtv.example' } } },
    });
    const all = run(['validate', file]);
    expect(all.status).to.equal(1);
    expect(all.stdout).to.match(/^vault\.endpoint: must be an https URL.* \(on hbbtv\)\n$/);
    const hbbtv = run(['validate', file, '--platform', 'hbbtv']);
    expect(hbbtv.status).to.equal(1);
    expect(hbbtv.stdout).to.match(/^vault\.endpoint: must be an https URL/);
    expect(run(['validate', file, '--platform=webos']).stdout).to.equal('ok\n');
  });

  it('says where invalid JSON breaks (exit 2: unreadable input, not a problem of the profile)', () => {
    const r = run(['validate', write('bad.json', '{\n  "name": "x",\n}\n')]);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/bad\.json is not valid JSON at line 3, column 1/);
  });

  it('says when the file cannot be read (exit 2)', () => {
    const r = run(['validate', path.join(dir, 'missing.json')]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('cannot read').and.to.contain('no such file');
  });

  it('lists every problem in one pass, the https rule included, whatever else is wrong', () => {
    const file = write('everything.json', {
      name: 'everything',
      vault: { endpoint: 'http://vault.example', metricsIntervalSecs: 10 },
      privacy: { keepUriQueries: true },
      queue: { capacity: 0 },
    });
    const r = run(['validate', file]);
    expect(r.status).to.equal(1);
    expect(r.stdout.trim().split('\n')).to.deep.equal([
      'vault.metricsIntervalSecs: unknown key (did you mean "metricsIntervalSeconds"?)',
      'privacy.keepUriQueries: unknown key (did you mean "keepUriQuery"?)',
      'queue.capacity: must be between 1 and 10000',
      'vault.endpoint: must be an https URL (http needs allowInsecure)',
    ]);
  });

  it("--json prints the problems as data, the platform of an override's own, and keeps the exit codes", () => {
    const file = write('json.json', {
      name: 'json',
      vault: { endpoint: 'https://vault.example', bdoy: 'array' },
      channels: { 'odd: key': { OOT: 'x' } },
      platforms: { hbbtv: { vault: { endpoint: 'http://vault-hbbtv.example' } } },
    });
    const r = run(['validate', file, '--json']);
    expect(r.status).to.equal(1);
    expect(JSON.parse(r.stdout)).to.deep.equal({
      file: file,
      ok: false,
      problems: [
        { path: 'vault.bdoy', message: 'unknown key (did you mean "body"?)' },
        { path: 'channels.odd: key.OOT', message: 'unknown key (did you mean "OTT"?)' },
        { path: 'vault.endpoint', message: 'must be an https URL (http needs allowInsecure)', platform: 'hbbtv' },
      ],
    });
    const ok = run(['validate', write('json-ok.json', { name: 'ok', vault: { endpoint: 'https://vault.example' } }), '--json']);
    expect(ok.status).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.equal({ file: path.join(dir, 'json-ok.json'), ok: true, problems: [] });
    expect(run(['validate', path.join(dir, 'missing.json'), '--json']).status).to.equal(2);
  });

  it('refuses an unknown platform and a missing file argument with usage (exit 2)', () => {
    const file = write('ok.json', { name: 'ok', vault: { endpoint: 'https://vault.example' } });
    const bad = run(['validate', file, '--platform', 'tv']);
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.contain('--platform must be one of tizen, webos, hbbtv, browser');
    const none = run(['validate']);
    expect(none.status).to.equal(2);
    expect(none.stderr).to.contain('usage:');
  });

  it('runs from an installed copy (bin + dist only, no TypeScript, another working directory)', () => {
    const installed = path.join(dir, 'node_modules', 'tv-telemetry-agent');
    fs.mkdirSync(path.join(installed, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(installed, 'dist'), { recursive: true });
    fs.copyFileSync(BIN, path.join(installed, 'bin', 'tv-telemetry-agent.js'));
    fs.copyFileSync(DIST, path.join(installed, 'dist', 'tv-telemetry-agent.js'));
    const file = write('installed.json', { name: 'installed', vault: { endpoint: 'https://vault.example' } });
    const r = run(['validate', file], path.join(installed, 'bin', 'tv-telemetry-agent.js'), os.tmpdir());
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal('ok\n');
  });
});
