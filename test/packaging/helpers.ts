/** Unpacking and checking helpers shared by the packaging tests. */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import * as zlib from 'zlib';
import { expect } from 'chai';
import { XMLValidator } from 'fast-xml-parser';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST_BUNDLE = path.join(ROOT, 'dist', 'tv-telemetry-agent.js');
const ES_CHECK = path.join(ROOT, 'node_modules', '.bin', 'es-check');

/** Quiet logger for the packaging functions. */
export const quiet = (): void => {};

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function requireDist(): void {
  if (!fs.existsSync(DIST_BUNDLE)) throw new Error('dist/ is not built: run npm run build before the packaging tests');
}

/** Writes a profile JSON into `dir` and returns its path (a path, not a name, selects it). */
export function writeProfile(dir: string, profile: object): string {
  const file = path.join(dir, (profile as { name: string }).name + '.json');
  fs.writeFileSync(file, JSON.stringify(profile, null, 2));
  return file;
}

export function readExample(name: string): { [key: string]: any } {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'platforms', 'profiles', name + '.json'), 'utf8'));
}

/**
 * Members of a gzipped tar (ustar, with GNU long names and pax path records), name -> data.
 * Directories are left out; names lose a leading "./".
 */
export function readTarGz(gz: Buffer): Map<string, Buffer> {
  const tar = zlib.gunzipSync(gz);
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | null = null;
  const text = (start: number, length: number) =>
    tar
      .subarray(start, start + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = text(offset + 345, 155);
    let name = longName || (prefix ? prefix + '/' : '') + text(offset, 100);
    longName = null;
    const data = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === '0' || type === '\0') {
      name = name.replace(/^\.\//, '');
      files.set(name, Buffer.from(data));
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Runs es-check es5 over the given contents (written to a temp dir); returns its output on failure. */
export function esCheckEs5(files: { [name: string]: Buffer }): { ok: boolean; output: string } {
  const dir = tempDir('tvt-es5-');
  try {
    const paths = Object.keys(files).map((name) => {
      const p = path.join(dir, name.replace(/[\\/]/g, '_'));
      fs.writeFileSync(p, files[name]);
      return p;
    });
    const r = spawnSync(ES_CHECK, ['es5'].concat(paths), { encoding: 'utf8' });
    return { ok: r.status === 0, output: (r.stdout || '') + (r.stderr || '') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** true, or the validator's complaint as text. */
export function wellFormed(xml: string | Buffer): true | string {
  const result = XMLValidator.validate(xml.toString());
  return result === true ? true : JSON.stringify(result.err);
}

/** The two globals a generated profile.js defines, evaluated as a TV would (plain script). */
export function evalProfileScript(source: Buffer | string): { profile: any; sample: any } {
  const context: { [key: string]: any } = {};
  vm.runInNewContext(source.toString() + '\n;this.__out = [TV_TELEMETRY_PROFILE, TV_TELEMETRY_SAMPLE];', context);
  return { profile: context.__out[0], sample: context.__out[1] };
}

/** Width and height from a PNG's IHDR, after checking the signature. */
export function pngSize(data: Buffer): { width: number; height: number } {
  if (data.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  if (data.subarray(12, 16).toString('ascii') !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** The opening tags of `names` appear in this order in the text. */
export function inOrder(text: string, names: string[]): boolean {
  let at = -1;
  for (const name of names) {
    const next = text.indexOf('<' + name, at + 1);
    if (next < 0) return false;
    at = next;
  }
  return true;
}

/**
 * A package carries dist/tv-telemetry-<name>.js byte for byte (ES5), and its page loads it after
 * the agent and before the app.
 */
export function checkAddon(file: (name: string) => Buffer, page: string, name: string): void {
  const bundle = 'tv-telemetry-' + name + '.js';
  const shipped = file(bundle);
  expect(sha256(shipped), bundle).to.equal(sha256(fs.readFileSync(path.join(ROOT, 'dist', bundle))));
  const check = esCheckEs5({ [bundle]: shipped });
  expect(check.ok, check.output).to.equal(true);
  expect(
    inOrder(page, [
      'script type="text/javascript" src="tv-telemetry-agent.js"',
      'script type="text/javascript" src="' + bundle + '"',
      'script type="text/javascript" src="app.js"',
    ]),
    page
  ).to.equal(true);
}

/** A package carries its platform's add-on bundle (see checkAddon), and no other platform's. */
export function checkPlatformAddon(file: (name: string) => Buffer, page: string, platform: string): void {
  checkAddon(file, page, platform);
  for (const other of ['tizen', 'webos', 'hbbtv']) if (other !== platform) expect(page).to.not.contain('tv-telemetry-' + other);
}

/** Every package carries queue persistence (see checkAddon), and its app passes the plugin to the agent. */
export function checkPersistAddon(file: (name: string) => Buffer, page: string): void {
  checkAddon(file, page, 'persist');
  expect(file('app.js').toString()).to.contain("'TvTelemetryPersist'");
}
