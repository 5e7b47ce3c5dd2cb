import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { packList, PackResult, ROOT } from '../helpers/pack';

interface Manifest {
  main: string;
  types: string;
  bin: { [name: string]: string };
  exports: { [subpath: string]: string | { types: string; default: string } };
  typesVersions: { '*': { [subpath: string]: string[] } };
  scripts: { [name: string]: string };
}

const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const norm = (file: string) => file.replace(/^\.\//, '');

describe('the npm tarball', function () {
  let pack: PackResult;
  let files: string[];

  before(function () {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'types', 'index.d.ts'))) throw new Error('dist/ is not built: run npm run build');
    pack = packList();
    files = pack.files.map((f) => f.path);
  });

  it('builds before packing (prepack), from an empty dist/', function () {
    expect(manifest.scripts.prepack)
      .to.match(/rmSync\('dist'/)
      .and.to.match(/npm run build$/);
  });

  it('holds every entry the package names, each script entry with its types', function () {
    const named = [manifest.main, manifest.types].concat(Object.keys(manifest.bin).map((b) => manifest.bin[b]));
    for (const subpath of Object.keys(manifest.exports)) {
      const target = manifest.exports[subpath];
      if (subpath.indexOf('*') >= 0) continue; // patterns: checked below
      if (typeof target === 'string') named.push(target);
      else {
        expect(target.types, subpath).to.match(/\.d\.ts$/);
        named.push(target.types, target.default);
      }
    }
    const versions = manifest.typesVersions['*'];
    for (const subpath of Object.keys(versions)) named.push(...versions[subpath]);
    expect(
      named.map(norm).filter((f) => files.indexOf(f) < 0),
      'named but not packed'
    ).to.deep.equal([]);
  });

  it('exposes the default entry, every add-on and the schema by subpath, with the same types for node10 resolution', function () {
    const subpaths = ['.', './lean', './kava', './overlay', './tizen', './webos', './hbbtv', './persist', './profile.schema.json'];
    expect(Object.keys(manifest.exports)).to.include.members(subpaths);
    for (const subpath of subpaths.filter((s) => s !== '.' && !/\.json$/.test(s))) {
      const target = manifest.exports[subpath] as { types: string };
      expect(manifest.typesVersions['*'][subpath.slice(2)], subpath).to.deep.equal([norm(target.types)]);
    }
  });

  it('holds the CLI, the schemas, the platform profiles, the licence and the readme', function () {
    expect(files).to.include.members([
      'bin/tv-telemetry-agent.js',
      'schema/profile.schema.json',
      'schema/vault-record.schema.json',
      'platforms/profiles/example-iptv.json',
      'platforms/profiles/example-ott.json',
      'platforms/profiles/example-hbbtv.json',
      'LICENSE',
      'README.md',
      'package.json',
    ]);
  });

  it('holds no screenshots, test streams, sources, tests or source maps', function () {
    const unwanted = files.filter((f) => /^(docs|test|src|server|tools|bench|streams)\/|\.(map|png|mp4|m4s|ts)$/.test(f) && !/\.d\.ts$/.test(f));
    expect(unwanted).to.deep.equal([]);
  });

  it('declares every module its type declarations import', function () {
    const declared = files.filter((f) => /\.d\.ts$/.test(f));
    const missing: string[] = [];
    for (const file of declared) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const imports = text.match(/from '\.{1,2}\/[^']+'/g) || [];
      for (const i of imports) {
        const target = path.posix.join(path.posix.dirname(file), i.slice(6, -1));
        if (declared.indexOf(target + '.d.ts') < 0 && declared.indexOf(target + '/index.d.ts') < 0) missing.push(file + ' -> ' + target);
      }
    }
    expect(missing).to.deep.equal([]);
  });
});
