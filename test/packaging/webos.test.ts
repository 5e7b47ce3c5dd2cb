import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { readAr } from '../../tools/package/ar';
import { PackageResult } from '../../tools/package/common';
import { packageWebos } from '../../tools/package/webos';
import {
  DIST_BUNDLE,
  esCheckEs5,
  evalProfileScript,
  pngSize,
  quiet,
  readExample,
  readTarGz,
  requireDist,
  sha256,
  tempDir,
  wellFormed,
  writeProfile,
  checkPlatformAddon,
  checkPersistAddon,
} from './helpers';

const VERSION = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;

interface Unpacked {
  result: PackageResult;
  members: string[];
  control: string;
  appDir: string;
  files: Map<string, Buffer>;
  file(name: string): Buffer;
}

async function build(profile: string, out: string): Promise<Unpacked> {
  const result = await packageWebos({ profile: profile, outDir: out, log: quiet });
  const ar = readAr(fs.readFileSync(result.artefact));
  const member = (name: string) => ar.filter((m) => m.name === name)[0].data;
  const control = readTarGz(member('control.tar.gz'));
  const data = readTarGz(member('data.tar.gz'));
  const appinfo = Array.from(data.keys()).filter((n) => /^usr\/palm\/applications\/[^/]+\/appinfo\.json$/.test(n))[0];
  const appDir = path.posix.dirname(appinfo);
  const files = new Map<string, Buffer>();
  data.forEach((content, name) => {
    if (name.indexOf(appDir + '/') === 0) files.set(name.slice(appDir.length + 1), content);
  });
  return {
    result: result,
    members: ar.map((m) => m.name),
    control: (control.get('control') || Buffer.alloc(0)).toString(),
    appDir: appDir,
    files: files,
    file(name: string) {
      const content = files.get(name);
      if (!content) throw new Error(name + ' is not in the .ipk (has ' + Array.from(files.keys()).join(', ') + ')');
      return content;
    },
  };
}

describe('package:webos', function () {
  let out: string;
  let ott: Unpacked;
  let custom: Unpacked;
  let customProfile: { [key: string]: any };

  before(async function () {
    requireDist();
    out = tempDir('tvt-webos-');
    customProfile = readExample('example-iptv');
    customProfile.name = 'custom-webos';
    customProfile.package = {
      appId: 'com.operator.iptvplayer',
      title: 'Operator TV',
      vendor: 'Operator Ltd',
      version: '2.3.4',
      streams: { 'bbc-one': { title: 'BBC One', url: 'https://cdn.operator.example/bbc-one.mpd', contentType: 'live-event' } },
    };
    ott = await build('example-ott', out);
    custom = await build(writeProfile(out, customProfile), out);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('is a real .ipk: an ar archive with debian-binary 2.0, control.tar.gz and data.tar.gz', () => {
    expect(ott.members).to.deep.equal(['debian-binary', 'control.tar.gz', 'data.tar.gz']);
    expect(ott.result.artefact).to.match(/com\.tvtelemetry\.example-ott_[0-9.]+_all\.ipk$/);
    expect(ott.control).to.match(/^Package: com\.tvtelemetry\.example-ott$/m);
    expect(ott.appDir).to.equal('usr/palm/applications/com.tvtelemetry.example-ott');
  });

  it('has an appinfo.json derived from the profile name and agent version when the profile has no package section', () => {
    const appinfo = JSON.parse(ott.file('appinfo.json').toString());
    expect(appinfo).to.include({
      id: 'com.tvtelemetry.example-ott',
      version: VERSION,
      type: 'web',
      main: 'index.html',
      title: 'example-ott',
      icon: 'icon.png',
      handlesRelaunch: true,
    });
    expect(appinfo.vendor).to.be.a('string').that.is.not.empty;
    expect(appinfo.appDescription).to.contain(VERSION).and.to.contain('example-ott');
  });

  it('takes id, title, vendor and version from package.* and names the .ipk after them', () => {
    const appinfo = JSON.parse(custom.file('appinfo.json').toString());
    expect(appinfo).to.include({ id: 'com.operator.iptvplayer', title: 'Operator TV', vendor: 'Operator Ltd', version: '2.3.4' });
    expect(path.basename(custom.result.artefact)).to.equal('com.operator.iptvplayer_2.3.4_all.ipk');
    expect(custom.control).to.match(/^Version: 2\.3\.4$/m);
  });

  it('carries generated PNG icons of the sizes webOS uses', () => {
    const appinfo = JSON.parse(ott.file('appinfo.json').toString());
    expect(pngSize(ott.file(appinfo.icon))).to.deep.equal({ width: 80, height: 80 });
    expect(pngSize(ott.file(appinfo.largeIcon))).to.deep.equal({ width: 130, height: 130 });
  });

  it('ships the ES5 bundle byte for byte as dist/ has it, and everything the TV runs passes es-check es5', () => {
    const dist = fs.readFileSync(DIST_BUNDLE);
    expect(sha256(ott.file('tv-telemetry-agent.js'))).to.equal(sha256(dist));
    const check = esCheckEs5({
      'tv-telemetry-agent.js': ott.file('tv-telemetry-agent.js'),
      'app.js': ott.file('app.js'),
      'profile.js': ott.file('profile.js'),
      'shaka-player.compiled.js': ott.file('shaka-player.compiled.js'),
    });
    expect(check.ok, check.output).to.equal(true);
  });

  it('records the agent version and profile in build-info.json', () => {
    const info = JSON.parse(custom.file('build-info.json').toString());
    expect(info).to.include({ agentVersion: VERSION, profile: 'custom-webos', platform: 'webos', appId: 'com.operator.iptvplayer', appVersion: '2.3.4' });
    expect(info.bundleSha256).to.equal(sha256(custom.file('tv-telemetry-agent.js')));
    expect(info.shakaVersion).to.match(/^4\./);
  });

  it('embeds the profile as written and the sample channel list in profile.js', () => {
    const { profile, sample } = evalProfileScript(custom.file('profile.js'));
    expect(profile).to.deep.equal(customProfile);
    expect(sample.platform).to.equal('webos');
    expect(sample.streams).to.deep.equal([
      { editorialId: 'bbc-one', title: 'BBC One', url: 'https://cdn.operator.example/bbc-one.mpd', contentType: 'live-event' },
    ]);
    expect(evalProfileScript(ott.file('profile.js')).sample.streams[0].placeholder).to.equal(true);
  });

  it('has a well-formed page that loads webOSTV.js, the profile, Shaka, the agent and the app in that order', () => {
    const page = ott.file('index.html').toString();
    expect(wellFormed(page)).to.equal(true);
    const order = ['webOSTV.js', 'profile.js', 'shaka-player.compiled.js', 'tv-telemetry-agent.js', 'app.js'].map((s) => page.indexOf('src="' + s + '"'));
    expect(order.every((at) => at > 0)).to.equal(true);
    expect(order.slice().sort((a, b) => a - b)).to.deep.equal(order);
    for (const file of ['webOSTV.js', 'app.js', 'style.css', 'shaka-player.compiled.js']) expect(ott.files.has(file), file).to.equal(true);
  });

  it('carries the webOS add-on bundle and loads it after the agent', () => {
    checkPlatformAddon((name) => ott.file(name), ott.file('index.html').toString(), 'webos');
  });

  it('carries the queue persistence add-on, loads it after the agent, and the app passes it on', () => {
    checkPersistAddon((name) => ott.file(name), ott.file('index.html').toString());
  });

  it('refuses an app ID webOS reserves or cannot install, listing each problem', async () => {
    const bad = Object.assign({}, readExample('example-ott'), { name: 'bad-webos', package: { appId: 'com.lge.Player', version: '1.02.0' } });
    let error: any = null;
    try {
      await packageWebos({ profile: writeProfile(out, bad), outDir: out, log: quiet });
    } catch (e) {
      error = e;
    }
    expect(error, 'packaged anyway').to.not.equal(null);
    expect(error.problems).to.have.length(3);
    expect(error.problems.join('\n'))
      .to.contain('package.appId: webOS app IDs use only')
      .and.to.contain('"com.lge." app IDs are reserved')
      .and.to.contain('package.version: webOS needs x.y.z');
  });
});
