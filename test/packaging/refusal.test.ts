import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { packageHbbtv } from '../../tools/package/hbbtv';
import { packageTizen } from '../../tools/package/tizen';
import { packageWebos } from '../../tools/package/webos';
import { PackageOptions, PackageResult } from '../../tools/package/common';
import { quiet, readExample, requireDist, ROOT, tempDir, writeProfile } from './helpers';

const PACKAGERS: { [platform: string]: (options: PackageOptions) => Promise<PackageResult> } = {
  webos: packageWebos,
  tizen: (options) => packageTizen(options, {}),
  hbbtv: packageHbbtv,
};

describe('packaging an invalid profile', function () {
  let out: string;
  let invalid: string;

  before(() => {
    requireDist();
    out = tempDir('tvt-refuse-');
    const profile = readExample('example-hbbtv');
    profile.name = 'invalid';
    profile.vault.metricsIntervalSeconds = 0;
    profile.errors.maxPerMinute = 'often';
    profile.platforms.hbbtv.vault.endpoint = 'http://vault-hbbtv.broadcaster.example';
    invalid = writeProfile(out, profile);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  for (const platform of Object.keys(PACKAGERS)) {
    it('refuses on ' + platform + ' with every problem validateProfile finds for ' + platform + ', and writes nothing', async () => {
      let error: any = null;
      try {
        await PACKAGERS[platform]({ profile: invalid, outDir: out, log: quiet });
      } catch (e) {
        error = e;
      }
      expect(error, 'packaged anyway').to.not.equal(null);
      expect(error.problems).to.include.members(['vault.metricsIntervalSeconds: must be between 1 and 3600', 'errors.maxPerMinute: must be a number']);
      expect(error.message).to.contain('not valid on ' + platform);
      expect(fs.existsSync(path.join(out, platform))).to.equal(false);
    });
  }

  it("validates with the platform's overrides: only HbbTV sees the override's http collector", async () => {
    const profile = readExample('example-hbbtv');
    profile.name = 'http-on-hbbtv';
    profile.platforms.hbbtv.vault.endpoint = 'http://vault-hbbtv.broadcaster.example';
    const file = writeProfile(out, profile);
    let error: any = null;
    await packageHbbtv({ profile: file, outDir: out, log: quiet }).catch((e) => (error = e));
    expect(error.problems).to.deep.equal(['vault.endpoint: must be an https URL (http needs allowInsecure)']);
    const webos = await packageWebos({ profile: file, outDir: out, log: quiet });
    expect(webos.buildInfo.profile).to.equal('http-on-hbbtv');
  });

  it('checks the package section too (the agent does not look into it), listing its problems with the rest', async () => {
    const profile = readExample('example-hbbtv');
    profile.name = 'bad-package';
    profile.errors.maxPerMinute = 'often';
    profile.package.hbbtv.appId = 70000;
    profile.package.streams['channel-one'].contentType = 'live';
    profile.platforms.hbbtv.package = { tizenPackageId: 'short' };
    const file = writeProfile(out, profile);
    let error: any = null;
    await packageWebos({ profile: file, outDir: out, log: quiet }).catch((e) => (error = e));
    expect(error, 'packaged anyway').to.not.equal(null);
    expect(error.problems).to.deep.equal([
      'platforms.hbbtv.package.tizenPackageId: must be at least 10 characters',
      'errors.maxPerMinute: must be a number',
      'package.streams.channel-one.contentType: must be one of live-event, vod-ed',
      'package.hbbtv.appId: must be between 0 and 65535',
    ]);
    expect(fs.existsSync(path.join(out, 'webos', 'bad-package'))).to.equal(false);
  });

  it('exits 1 from the command line, printing each problem on its own line', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tools', 'package', 'tizen.ts'), '--profile', invalid, '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^package:tizen: profile .*invalid\.json is not valid on tizen:$/m);
    expect(r.stderr).to.match(/^  vault\.metricsIntervalSeconds: must be between 1 and 3600$/m);
    expect(r.stderr).to.match(/^  errors\.maxPerMinute: must be a number$/m);
  });

  it('names the known profiles when the name does not exist', async () => {
    let error: any = null;
    await packageWebos({ profile: 'example-nope', outDir: out, log: quiet }).catch((e) => (error = e));
    expect(error.message).to.contain('cannot read profile').and.to.contain('example-ott');
  });
});
