import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';
import { PackageResult } from '../../tools/package/common';
import { packageTizen } from '../../tools/package/tizen';
import {
  DIST_BUNDLE,
  esCheckEs5,
  evalProfileScript,
  pngSize,
  quiet,
  readExample,
  requireDist,
  sha256,
  tempDir,
  wellFormed,
  writeProfile,
  checkPlatformAddon,
  checkPersistAddon,
} from './helpers';

const AdmZip = require('adm-zip');
const VERSION = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;
const REQUIRED_PRIVILEGES = [
  'http://tizen.org/privilege/internet',
  'http://developer.samsung.com/privilege/productinfo',
  'http://developer.samsung.com/privilege/network.public',
];

interface Unpacked {
  result: PackageResult;
  names: string[];
  file(name: string): Buffer;
  config: any;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['access', 'tizen:privilege', 'tizen:metadata'].indexOf(name) >= 0,
});

async function build(profile: string, out: string, env: NodeJS.ProcessEnv = {}): Promise<Unpacked> {
  const result = await packageTizen({ profile: profile, outDir: out, log: quiet }, env);
  const zip = new AdmZip(result.artefact);
  const entries: any[] = zip.getEntries();
  const file = (name: string): Buffer => {
    const entry = zip.getEntry(name);
    if (!entry) throw new Error(name + ' is not in the .wgt');
    return entry.getData();
  };
  const configText = file('config.xml').toString();
  expect(wellFormed(configText), 'config.xml').to.equal(true);
  return { result: result, names: entries.filter((e) => !e.isDirectory).map((e) => e.entryName), file: file, config: parser.parse(configText).widget };
}

describe('package:tizen', function () {
  let out: string;
  let iptv: Unpacked;
  let hbbtvProfile: Unpacked;
  let custom: Unpacked;

  before(async function () {
    requireDist();
    out = tempDir('tvt-tizen-');
    const profile = readExample('example-ott');
    profile.name = 'custom-tizen';
    profile.kava = { enabled: true, endpoint: 'https://kava.operator.example/api_v3', partnerId: 1234 };
    profile.package = {
      title: 'Operator TV',
      vendor: 'Operator Ltd',
      version: '1.2.3',
      tizenPackageId: 'OprTv12345',
      streams: { 'sports-1': { title: 'Sports 1', url: 'https://cdn.operator.example/sports-1/manifest.mpd' } },
    };
    // the Tizen package sees the collector the profile names for Tizen
    profile.platforms = { tizen: { vault: { endpoint: 'https://vault-tizen.operator.example/v1' } } };
    iptv = await build('example-iptv', out);
    hbbtvProfile = await build('example-hbbtv', out);
    custom = await build(writeProfile(out, profile), out);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('is a zip (.wgt) with config.xml, the page, the app, the bundle, Shaka, the icon and build-info', () => {
    expect(iptv.result.artefact).to.match(/\.wgt$/);
    expect(iptv.names).to.include.members([
      'config.xml',
      'index.html',
      'app.js',
      'style.css',
      'profile.js',
      'tv-telemetry-agent.js',
      'shaka-player.compiled.js',
      'icon.png',
      'build-info.json',
    ]);
    expect(
      iptv.names.filter((n) => /signature/.test(n)),
      'unsigned'
    ).to.deep.equal([]);
  });

  it('declares the tv-samsung profile, an application ID of <10-char package>.<name> and Tizen 2.4 or later', () => {
    const app = iptv.config['tizen:application'];
    expect(iptv.config['@xmlns']).to.equal('http://www.w3.org/ns/widgets');
    expect(iptv.config['@xmlns:tizen']).to.equal('http://tizen.org/ns/widgets');
    expect(iptv.config['tizen:profile']['@name']).to.equal('tv-samsung');
    expect(app['@package']).to.match(/^[0-9A-Za-z]{10}$/);
    expect(app['@id']).to.match(new RegExp('^' + app['@package'] + '\\.[0-9A-Za-z]{1,52}$'));
    expect(parseFloat(app['@required_version'])).to.be.at.least(2.4);
    expect(iptv.config['@version']).to.equal(VERSION);
    expect(iptv.config['tizen:setting']['@screen-orientation']).to.equal('landscape');
  });

  it('points content and icon at files that are in the package', () => {
    expect(iptv.config.content['@src']).to.equal('index.html');
    expect(pngSize(iptv.file(iptv.config.icon['@src'])).width).to.be.at.least(117);
  });

  it('requests the internet, productinfo and network.public privileges', () => {
    const privileges = iptv.config['tizen:privilege'].map((p: any) => p['@name']);
    expect(privileges).to.include.members(REQUIRED_PRIVILEGES);
  });

  it('allows exactly the collector origin, without subdomains', () => {
    expect(iptv.config.access).to.deep.equal([{ '@origin': 'https://vault.iptv-operator.example', '@subdomains': 'false' }]);
  });

  it("allows the Tizen override's collector, the Kava endpoint and the sample streams' origins", () => {
    expect(custom.config.access.map((a: any) => a['@origin'])).to.deep.equal([
      'https://vault-tizen.operator.example',
      'https://kava.operator.example',
      'https://cdn.operator.example',
    ]);
  });

  it('takes package ID, title, author and version from package.*', () => {
    expect(custom.config['tizen:application']['@package']).to.equal('OprTv12345');
    expect(custom.config['tizen:application']['@id']).to.equal('OprTv12345.OperatorTV');
    expect(custom.config.name).to.equal('Operator TV');
    expect(custom.config.author).to.equal('Operator Ltd');
    expect(custom.config['@version']).to.equal('1.2.3');
    expect(path.basename(custom.result.artefact)).to.equal('OperatorTV.wgt');
  });

  it('derives a stable package ID per profile when none is given', async () => {
    const again = await build('example-iptv', out);
    expect(again.config['tizen:application']['@package']).to.equal(iptv.config['tizen:application']['@package']);
    expect(hbbtvProfile.config['tizen:application']['@package']).to.equal('BrdcstPlay');
  });

  it('records the agent version and profile in build-info.json and config.xml metadata', () => {
    const info = JSON.parse(custom.file('build-info.json').toString());
    expect(info).to.include({ agentVersion: VERSION, profile: 'custom-tizen', platform: 'tizen', appId: 'OprTv12345.OperatorTV' });
    const metadata: { [key: string]: string } = {};
    for (const m of custom.config['tizen:metadata']) metadata[m['@key']] = m['@value'];
    expect(metadata).to.deep.equal({ 'tv-telemetry-agent.version': VERSION, 'tv-telemetry-agent.profile': 'custom-tizen' });
  });

  it('carries the Tizen add-on bundle and loads it after the agent', () => {
    checkPlatformAddon(iptv.file, iptv.file('index.html').toString(), 'tizen');
  });

  it('carries the queue persistence add-on, loads it after the agent, and the app passes it on', () => {
    checkPersistAddon(iptv.file, iptv.file('index.html').toString());
  });

  it('ships the ES5 bundle byte for byte, and the page loads webapis.js', () => {
    expect(sha256(iptv.file('tv-telemetry-agent.js'))).to.equal(sha256(fs.readFileSync(DIST_BUNDLE)));
    const check = esCheckEs5({
      'tv-telemetry-agent.js': iptv.file('tv-telemetry-agent.js'),
      'app.js': iptv.file('app.js'),
      'profile.js': iptv.file('profile.js'),
    });
    expect(check.ok, check.output).to.equal(true);
    const page = iptv.file('index.html').toString();
    expect(wellFormed(page)).to.equal(true);
    expect(page).to.contain('src="$WEBAPIS/webapis/webapis.js"');
    expect(evalProfileScript(iptv.file('profile.js')).sample.platform).to.equal('tizen');
  });

  it('prints the exact signing and install steps when no signing profile is configured', () => {
    const notes = iptv.result.notes.join('\n');
    expect(iptv.result.extras).to.deep.equal([]);
    expect(notes).to.contain('tizen security-profiles add');
    expect(notes).to.match(/tizen package -t wgt -s \S+ -- \S+/);
    expect(notes).to.contain('sdb connect');
    expect(notes).to.match(/tizen install -n \S+\.wgt -t <device-name>/);
  });

  it('signs with the tizen CLI when TIZEN_SECURITY_PROFILE is set, leaving the staged app untouched', async () => {
    const cli = path.join(out, 'fake-tizen');
    // records its arguments and the directory it was given, and writes a .wgt like the real CLI
    fs.writeFileSync(
      cli,
      '#!/bin/sh\nout=""; prev=""; for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done\n' +
        'for last in "$@"; do :; done\necho "$@" > "$out/args.txt"; ls "$last" > "$out/listing.txt"\n' +
        'touch "$last/author-signature.xml"; echo signed > "$out/OperatorTV.wgt"\n',
      { mode: 0o755 }
    );
    const signed = await build('example-iptv', out, { TIZEN_SECURITY_PROFILE: 'operator-profile', TIZEN_CLI: cli, PATH: '' });
    expect(signed.result.extras).to.have.length(1);
    const signedDir = path.dirname(signed.result.extras[0]);
    const args = fs.readFileSync(path.join(signedDir, 'args.txt'), 'utf8').trim().split(' ');
    expect(args.slice(0, 7)).to.deep.equal(['package', '-t', 'wgt', '-s', 'operator-profile', '-o', signedDir]);
    expect(args[7]).to.equal('--');
    expect(fs.readFileSync(path.join(signedDir, 'listing.txt'), 'utf8')).to.contain('config.xml');
    expect(fs.existsSync(path.join(signed.result.appDir, 'author-signature.xml')), 'signature files in the staged app').to.equal(false);
    expect(
      signed.names.filter((n) => /signature/.test(n)),
      'the unsigned .wgt stays unsigned'
    ).to.deep.equal([]);
  });

  it('refuses a package ID Tizen cannot use and a version it cannot parse', async () => {
    const bad = Object.assign({}, readExample('example-ott'), { name: 'bad-tizen', package: { tizenPackageId: 'abc-def_12', version: '1.2.70000' } });
    let error: any = null;
    try {
      await packageTizen({ profile: writeProfile(out, bad), outDir: out, log: quiet }, {});
    } catch (e) {
      error = e;
    }
    expect(error, 'packaged anyway').to.not.equal(null);
    expect(error.problems).to.deep.equal([
      'package.tizenPackageId: must be 10 letters or digits (got "abc-def_12")',
      'package.version: Tizen needs x.y.z with x, y <= 255 and z <= 65535 (got "1.2.70000")',
    ]);
  });
});
