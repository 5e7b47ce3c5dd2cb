import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';
import { PackageResult } from '../../tools/package/common';
import { packageHbbtv } from '../../tools/package/hbbtv';
import {
  DIST_BUNDLE,
  esCheckEs5,
  evalProfileScript,
  inOrder,
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
const DOCTYPE = '<!DOCTYPE html PUBLIC "-//HbbTV//1.1.1//EN" "http://www.hbbtv.org/dtd/HbbTV-1.1.1.dtd">';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'object' || name === 'mhp:Application',
});

interface Built {
  result: PackageResult;
  file(name: string): Buffer;
  ait: any;
  aitText: string;
}

async function build(profile: string, out: string): Promise<Built> {
  const result = await packageHbbtv({ profile: profile, outDir: out, log: quiet });
  const file = (name: string) => fs.readFileSync(path.join(result.appDir, name));
  const aitText = file('ait.xml').toString();
  expect(wellFormed(aitText), 'ait.xml').to.equal(true);
  return { result: result, file: file, ait: parser.parse(aitText), aitText: aitText };
}

/** The one Application of an XML AIT, after checking the path down to it. */
function application(ait: any): any {
  const discovery = ait['mhp:ServiceDiscovery'];
  expect(discovery, 'ServiceDiscovery root').to.be.an('object');
  expect(discovery['@xmlns:mhp']).to.equal('urn:dvb:mhp:2009');
  const list = discovery['mhp:ApplicationDiscovery']['mhp:ApplicationList']['mhp:Application'];
  expect(list).to.have.length(1);
  return list[0];
}

describe('package:hbbtv', function () {
  let out: string;
  let broadcaster: Built;
  let present: Built;
  let presentProfile: { [key: string]: any };

  before(async function () {
    requireDist();
    out = tempDir('tvt-hbbtv-');
    presentProfile = readExample('example-ott');
    presentProfile.name = 'ott-hbbtv';
    presentProfile.package = { hbbtv: { orgId: 19, appId: 500, urlBase: 'https://apps.ott-operator.example/tv', controlCode: 'PRESENT' } };
    broadcaster = await build('example-hbbtv', out);
    present = await build(writeProfile(out, presentProfile), out);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes the application directory and a zip with the same files', () => {
    const zip = new AdmZip(broadcaster.result.artefact);
    const zipped = zip
      .getEntries()
      .filter((e: any) => !e.isDirectory)
      .map((e: any) => e.entryName)
      .sort();
    const list = (dir: string, prefix = ''): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(dir, e.name), prefix + e.name + '/') : [prefix + e.name]));
    expect(zipped).to.deep.equal(list(broadcaster.result.appDir).sort());
    expect(zipped).to.include.members([
      'index.html',
      'ait.xml',
      'app.js',
      'profile.js',
      'tv-telemetry-agent.js',
      'shaka-player.compiled.js',
      'build-info.json',
      'mime.types',
      'README.txt',
    ]);
  });

  it('carries the HbbTV add-on bundle and loads it after the agent', () => {
    checkPlatformAddon(broadcaster.file, broadcaster.file('index.html').toString(), 'hbbtv');
  });

  it('carries the queue persistence add-on, loads it after the agent, and the app passes it on', () => {
    checkPersistAddon(broadcaster.file, broadcaster.file('index.html').toString());
  });

  it('has a page that is well-formed XHTML with the HbbTV doctype and XHTML namespace', () => {
    const page = broadcaster.file('index.html').toString();
    expect(page.split('\n').slice(0, 2)).to.deep.equal(['<?xml version="1.0" encoding="utf-8"?>', DOCTYPE]);
    expect(wellFormed(page)).to.equal(true);
    // XML knows only five named entities (the validator does not check them)
    expect(page.match(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)[^\s;]*;?/gi), 'undeclared entities').to.equal(null);
    const html = parser.parse(page).html;
    expect(html['@xmlns']).to.equal('http://www.w3.org/1999/xhtml');
    const contentType = [].concat(html.head.meta).filter((m: any) => m['@http-equiv'] === 'Content-Type')[0] as any;
    expect(contentType['@content']).to.match(/^application\/vnd\.hbbtv\.xhtml\+xml/);
  });

  it('declares the OIPF application manager object, and the app shows itself and sets its keyset', () => {
    const objects = parser.parse(broadcaster.file('index.html').toString()).html.body.object;
    const manager = objects.filter((o: any) => o['@type'] === 'application/oipfApplicationManager')[0];
    expect(manager, 'application manager object').to.be.an('object');
    const app = broadcaster.file('app.js').toString();
    expect(app).to.contain("byId('" + manager['@id'] + "')");
    expect(app).to.match(/getOwnerApplication\(document\)/);
    expect(app).to.match(/keyset\.setValue\(/);
    expect(app).to.match(/app\.show\(\)/);
  });

  it('generates an AIT with the identifier, descriptor, transport and location from package.hbbtv', () => {
    const app = application(broadcaster.ait);
    expect(app['mhp:appName']['#text']).to.equal('Broadcaster Player');
    expect(app['mhp:applicationIdentifier']).to.deep.equal({ 'mhp:orgId': '4660', 'mhp:appId': '10' });
    const descriptor = app['mhp:applicationDescriptor'];
    expect(descriptor['mhp:type']['mhp:OtherApp']).to.equal('application/vnd.hbbtv.xhtml+xml');
    expect(descriptor['mhp:controlCode']).to.equal('AUTOSTART');
    expect(descriptor['mhp:visibility']).to.equal('VISIBLE_ALL');
    expect(descriptor['mhp:serviceBound']).to.be.oneOf(['true', 'false']);
    expect(descriptor['mhp:priority']).to.match(/^\d+$/);
    expect(descriptor['mhp:version']).to.match(/^\d+$/);
    expect(app['mhp:applicationTransport']['@xsi:type']).to.equal('mhp:HTTPTransportType');
    expect(app['mhp:applicationTransport']['mhp:URLBase']).to.equal('https://hbbtv.broadcaster.example/player/');
    expect(app['mhp:applicationLocation']).to.equal('index.html');
    expect(fs.existsSync(path.join(broadcaster.result.appDir, app['mhp:applicationLocation']))).to.equal(true);
  });

  it('keeps the AIT elements in schema order', () => {
    expect(inOrder(broadcaster.aitText, ['mhp:ServiceDiscovery', 'mhp:ApplicationDiscovery', 'mhp:ApplicationList', 'mhp:Application'])).to.equal(true);
    expect(
      inOrder(broadcaster.aitText, [
        'mhp:appName',
        'mhp:applicationIdentifier',
        'mhp:applicationDescriptor',
        'mhp:applicationTransport',
        'mhp:applicationLocation',
      ])
    ).to.equal(true);
    expect(inOrder(broadcaster.aitText, ['mhp:type', 'mhp:controlCode', 'mhp:visibility', 'mhp:serviceBound', 'mhp:priority', 'mhp:version'])).to.equal(true);
  });

  it("takes another profile's orgId, appId, control code, and completes a URL base without its slash", () => {
    const app = application(present.ait);
    expect(app['mhp:applicationIdentifier']).to.deep.equal({ 'mhp:orgId': '19', 'mhp:appId': '500' });
    expect(app['mhp:applicationDescriptor']['mhp:controlCode']).to.equal('PRESENT');
    expect(app['mhp:applicationTransport']['mhp:URLBase']).to.equal('https://apps.ott-operator.example/tv/');
    expect(app['mhp:appName']['#text']).to.equal('ott-hbbtv');
  });

  it('names the MIME types a server must use', () => {
    const types = broadcaster.file('mime.types').toString();
    expect(types).to.match(/^application\/vnd\.hbbtv\.xhtml\+xml\s+html$/m);
    expect(types).to.match(/^application\/vnd\.dvb\.ait\+xml\s+ait$/m);
    const readme = broadcaster.file('README.txt').toString();
    expect(readme).to.contain('application/vnd.hbbtv.xhtml+xml').and.to.contain('application/vnd.dvb.ait+xml');
  });

  it('embeds the profile with its HbbTV override, records version and profile, and ships the ES5 bundle as built', () => {
    const { profile, sample } = evalProfileScript(broadcaster.file('profile.js'));
    expect(profile).to.deep.equal(readExample('example-hbbtv'));
    expect(profile.platforms.hbbtv.vault.endpoint).to.equal('https://vault-hbbtv.broadcaster.example');
    expect(sample.platform).to.equal('hbbtv');
    expect(sample.streams.map((s: any) => s.editorialId)).to.deep.equal(['channel-one', 'catch-up']);
    const info = JSON.parse(broadcaster.file('build-info.json').toString());
    expect(info).to.include({ agentVersion: VERSION, profile: 'example-hbbtv', platform: 'hbbtv', appId: '4660.10' });
    expect(broadcaster.aitText).to.contain('tv-telemetry-agent ' + VERSION + ', profile example-hbbtv');
    expect(sha256(broadcaster.file('tv-telemetry-agent.js'))).to.equal(sha256(fs.readFileSync(DIST_BUNDLE)));
    const check = esCheckEs5({
      'tv-telemetry-agent.js': broadcaster.file('tv-telemetry-agent.js'),
      'app.js': broadcaster.file('app.js'),
      'profile.js': broadcaster.file('profile.js'),
    });
    expect(check.ok, check.output).to.equal(true);
  });

  it('refuses a profile without the AIT identifiers, listing each', async () => {
    let error: any = null;
    try {
      await packageHbbtv({ profile: 'example-iptv', outDir: out, log: quiet });
    } catch (e) {
      error = e;
    }
    expect(error, 'packaged anyway').to.not.equal(null);
    expect(error.problems.map((p: string) => p.split(':')[0])).to.deep.equal(['package.hbbtv.orgId', 'package.hbbtv.appId', 'package.hbbtv.urlBase']);
  });
});
