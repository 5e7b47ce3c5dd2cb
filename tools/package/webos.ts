/**
 * webOS TV package: the sample app with appinfo.json, built into a real .ipk by ares-package
 * (@webos-tools/cli, offline), then checked to be an ar archive with the three members webOS
 * installs from.
 *
 *   npm run package:webos -- --profile example-iptv
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readAr } from './ar';
import { PackageOptions, PackageResult, PackagingError, prepare, Prepared, refuseIfAny, ROOT, runCli, VERSION_PATTERN } from './common';
import { appIconPng } from './png';
import { stageSampleApp } from './sample-app';

export const ARES_PACKAGE = path.join(ROOT, 'node_modules', '.bin', 'ares-package');
/** LG's webOSTV.js (Apache-2.0) ships with @webos-tools/cli: it provides webOS.service.request (LGUDID). */
const WEBOS_TEMPLATES = path.join(ROOT, 'node_modules', '@webos-tools', 'cli', 'files', 'templates', 'tv-sdk-templates', 'bootplate-web');
/** App IDs webOS keeps for itself. */
const RESERVED_PREFIXES = ['com.palm.', 'com.webos.', 'com.lge.', 'com.palmdts.'];
export const IPK_MEMBERS = ['debian-binary', 'control.tar.gz', 'data.tar.gz'];

export interface WebosIdentity {
  id: string;
  version: string;
  title: string;
  vendor: string;
}

/** The app's identity from package.*, or derived from the profile name and agent version. */
export function webosIdentity(prepared: Prepared): { identity: WebosIdentity; problems: string[] } {
  const profile = prepared.profile.resolved;
  const pkg = profile.package;
  const id = pkg.appId || 'com.tvtelemetry.' + profile.name.toLowerCase().replace(/[^a-z0-9.+-]+/g, '-');
  const version = pkg.version || prepared.agent.version;
  const problems: string[] = [];
  if (!/^[a-z0-9.+-]+$/.test(id)) problems.push('package.appId: webOS app IDs use only a-z, 0-9, ".", "+" and "-" (got "' + id + '")');
  for (const prefix of RESERVED_PREFIXES) {
    if (id.indexOf(prefix) === 0) problems.push('package.appId: "' + prefix + '" app IDs are reserved by webOS');
  }
  if (!VERSION_PATTERN.test(version)) problems.push('package.version: webOS needs x.y.z with plain numbers (got "' + version + '")');
  return {
    identity: { id: id, version: version, title: pkg.title || profile.name, vendor: pkg.vendor || 'tv-telemetry-agent sample' },
    problems: problems,
  };
}

export function appInfo(identity: WebosIdentity, agentVersion: string, profileName: string): object {
  return {
    id: identity.id,
    version: identity.version,
    vendor: identity.vendor,
    type: 'web',
    main: 'index.html',
    title: identity.title,
    icon: 'icon.png',
    largeIcon: 'largeIcon.png',
    // relaunch from the launcher reaches the running app as webOSRelaunch (the agent's "show")
    handlesRelaunch: true,
    // Back (461) goes to the app, which flushes telemetry before it leaves
    disableBackHistoryAPI: true,
    appDescription: 'tv-telemetry-agent ' + agentVersion + ' sample, profile ' + profileName,
  };
}

function webosTvJs(): string | null {
  if (!fs.existsSync(WEBOS_TEMPLATES)) return null;
  const dir = fs
    .readdirSync(WEBOS_TEMPLATES)
    .filter((d) => /^webOSTVjs-/.test(d))
    .sort()
    .pop();
  return dir ? path.join(WEBOS_TEMPLATES, dir) : null;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: ROOT, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new PackagingError('ares-package failed: ' + (stderr || stdout || error.message).trim()));
      else resolve(stdout);
    });
  });
}

/** Throws unless the file is an ar archive holding exactly debian-binary, control.tar.gz, data.tar.gz. */
export function checkIpk(file: string): void {
  const names = readAr(fs.readFileSync(file)).map((m) => m.name);
  if (names.join(',') !== IPK_MEMBERS.join(',')) {
    throw new PackagingError(file + ' is not a webOS .ipk: members ' + names.join(', ') + ' (want ' + IPK_MEMBERS.join(', ') + ')');
  }
}

export async function packageWebos(options: PackageOptions): Promise<PackageResult> {
  const prepared = prepare('webos', options);
  const { identity, problems } = webosIdentity(prepared);
  refuseIfAny(problems, prepared.profile, 'webos');
  if (!fs.existsSync(ARES_PACKAGE)) throw new PackagingError('ares-package not found: node_modules/@webos-tools/cli is not installed');

  const lib = webosTvJs();
  const buildInfo = stageSampleApp({
    dir: prepared.appDir,
    platform: 'webos',
    profile: prepared.profile,
    agent: prepared.agent,
    appId: identity.id,
    appVersion: identity.version,
    title: identity.title,
    page: {
      contentType: 'text/html; charset=utf-8',
      head: lib ? '<script type="text/javascript" src="webOSTV.js"></script>' : '',
    },
  });
  const notes: string[] = [];
  if (lib) {
    fs.copyFileSync(path.join(lib, 'webOSTV.js'), path.join(prepared.appDir, 'webOSTV.js'));
    fs.copyFileSync(path.join(lib, 'LICENSE-2.0.txt'), path.join(prepared.appDir, 'licenses', 'webOSTV.LICENSE.txt'));
  } else {
    notes.push('webOSTV.js not found in @webos-tools/cli: the app cannot ask for the LGUDID (the agent keeps a stored UUID).');
  }
  fs.writeFileSync(path.join(prepared.appDir, 'appinfo.json'), JSON.stringify(appInfo(identity, buildInfo.agentVersion, buildInfo.profile), null, 2) + '\n');
  fs.writeFileSync(path.join(prepared.appDir, 'icon.png'), appIconPng(80));
  fs.writeFileSync(path.join(prepared.appDir, 'largeIcon.png'), appIconPng(130));

  for (const old of fs.readdirSync(prepared.outDir).filter((f) => f.endsWith('.ipk'))) fs.rmSync(path.join(prepared.outDir, old));
  // --no-minify: ares-package would otherwise re-minify every .js, and the bundle must ship as built
  await run(ARES_PACKAGE, ['--no-minify', '--outdir', prepared.outDir, prepared.appDir]);
  const ipk = path.join(prepared.outDir, identity.id + '_' + identity.version + '_all.ipk');
  if (!fs.existsSync(ipk)) throw new PackagingError('ares-package reported success but wrote no ' + path.basename(ipk));
  checkIpk(ipk);

  notes.push(
    'Install: ares-setup-device (add the TV or emulator once), then',
    '  ares-install --device <device> ' + path.relative(process.cwd(), ipk),
    '  ares-launch --device <device> ' + identity.id
  );
  return { platform: 'webos', artefact: ipk, appDir: prepared.appDir, extras: [], buildInfo: buildInfo, notes: notes };
}

if (require.main === module) runCli('webos', packageWebos);
