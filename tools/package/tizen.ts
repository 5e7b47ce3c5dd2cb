/**
 * Samsung Tizen TV package: the sample app with config.xml, zipped into an unsigned .wgt. When
 * TIZEN_SECURITY_PROFILE names a signing profile of Tizen Studio and the `tizen` CLI is found
 * (TIZEN_CLI, PATH, or ~/tizen-studio), it also builds a signed .wgt; otherwise it prints the
 * exact signing and install steps. Keys never enter the repository or the package directory.
 *
 *   npm run package:tizen -- --profile example-iptv
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Profile } from '../../src/profile/types';
import { PackageOptions, PackageResult, PackagingError, prepare, Prepared, refuseIfAny, runCli, VERSION_PATTERN } from './common';
import { appIconPng } from './png';
import { sampleStreams, stageSampleApp } from './sample-app';
import { escapeXml } from './xml';

// adm-zip has no bundled types; this is the part used here.
interface AdmZipLike {
  addLocalFolder(dir: string, zipPath?: string): void;
  writeZip(file: string): void;
}
const AdmZip: new () => AdmZipLike = require('adm-zip');

export const TIZEN_PRIVILEGES = [
  'http://tizen.org/privilege/internet',
  'http://developer.samsung.com/privilege/productinfo',
  'http://developer.samsung.com/privilege/network.public',
  // tizen.tvinputdevice.registerKey for the media and channel keys
  'http://tizen.org/privilege/tv.inputdevice',
];

export interface TizenIdentity {
  packageId: string;
  /** the part after "<packageId>." of the application ID */
  name: string;
  version: string;
  title: string;
  vendor: string;
}

/** 10 characters of [0-9A-Za-z] from a hash of the profile name: stable per profile. */
export function derivePackageId(profileName: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const hash = crypto
    .createHash('sha256')
    .update('tv-telemetry-agent:' + profileName)
    .digest();
  let id = '';
  for (let i = 0; id.length < 10; i++) id += alphabet.charAt(hash[i] % alphabet.length);
  return id;
}

function versionProblem(version: string): string | null {
  const m = VERSION_PATTERN.exec(version);
  // Tizen: major and minor 0-255, build 0-65535
  if (!m || +m[1] > 255 || +m[2] > 255 || +m[3] > 65535) {
    return 'package.version: Tizen needs x.y.z with x, y <= 255 and z <= 65535 (got "' + version + '")';
  }
  return null;
}

export function tizenIdentity(prepared: Prepared): { identity: TizenIdentity; problems: string[] } {
  const profile = prepared.profile.resolved;
  const pkg = profile.package;
  const title = pkg.title || profile.name;
  const packageId = pkg.tizenPackageId || derivePackageId(profile.name);
  const name = title.replace(/[^0-9A-Za-z]/g, '').slice(0, 52) || 'TvTelemetry';
  const version = pkg.version || prepared.agent.version;
  const problems: string[] = [];
  if (!/^[0-9A-Za-z]{10}$/.test(packageId)) problems.push('package.tizenPackageId: must be 10 letters or digits (got "' + packageId + '")');
  const bad = versionProblem(version);
  if (bad) problems.push(bad);
  return {
    identity: { packageId: packageId, name: name, version: version, title: title, vendor: pkg.vendor || 'tv-telemetry-agent sample' },
    problems: problems,
  };
}

/** Origins the app talks to: the collector(s) and the sample streams. Tizen blocks every other. */
export function accessOrigins(profile: Profile, streamUrls: string[]): string[] {
  const urls = [profile.vault.endpoint];
  if (profile.kava.endpoint) urls.push(profile.kava.endpoint);
  const origins: string[] = [];
  for (const url of urls.concat(streamUrls)) {
    const origin = new URL(url).origin;
    if (origins.indexOf(origin) < 0) origins.push(origin);
  }
  return origins;
}

export function configXml(identity: TizenIdentity, origins: string[], agentVersion: string, profileName: string): string {
  const appId = identity.packageId + '.' + identity.name;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<widget xmlns="http://www.w3.org/ns/widgets" xmlns:tizen="http://tizen.org/ns/widgets"' +
      ' id="http://tv-telemetry-agent.sample/' +
      escapeXml(identity.packageId) +
      '/' +
      escapeXml(identity.name) +
      '"' +
      ' version="' +
      escapeXml(identity.version) +
      '" viewmodes="maximized">',
    '  <tizen:application id="' + escapeXml(appId) + '" package="' + escapeXml(identity.packageId) + '" required_version="2.4"/>',
    '  <tizen:profile name="tv-samsung"/>',
    '  <name>' + escapeXml(identity.title) + '</name>',
    '  <author>' + escapeXml(identity.vendor) + '</author>',
    '  <description>tv-telemetry-agent ' + escapeXml(agentVersion) + ' sample app, profile ' + escapeXml(profileName) + '</description>',
    '  <content src="index.html"/>',
    '  <icon src="icon.png"/>',
    '  <feature name="http://tizen.org/feature/screen.size.all"/>',
  ];
  for (const origin of origins) lines.push('  <access origin="' + escapeXml(origin) + '" subdomains="false"/>');
  for (const privilege of TIZEN_PRIVILEGES) lines.push('  <tizen:privilege name="' + privilege + '"/>');
  lines.push(
    '  <tizen:setting screen-orientation="landscape" context-menu="disable" background-support="disable"' +
      ' encryption="disable" install-location="auto" hwkey-event="enable"/>',
    '  <tizen:metadata key="tv-telemetry-agent.version" value="' + escapeXml(agentVersion) + '"/>',
    '  <tizen:metadata key="tv-telemetry-agent.profile" value="' + escapeXml(profileName) + '"/>',
    '</widget>',
    ''
  );
  return lines.join('\n');
}

/** The Tizen CLI: TIZEN_CLI, then `tizen` on PATH, then Tizen Studio's default install. */
export function findTizenCli(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates: string[] = [];
  if (env.TIZEN_CLI) candidates.push(env.TIZEN_CLI);
  for (const dir of (env.PATH || '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'tizen'));
  candidates.push(path.join(os.homedir(), 'tizen-studio', 'tools', 'ide', 'bin', 'tizen'));
  for (const file of candidates) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch (e) {
      // not this one
    }
  }
  return null;
}

export function signingSteps(identity: TizenIdentity, wgt: string, appDir: string): string[] {
  const rel = (p: string) => path.relative(process.cwd(), p);
  const appId = identity.packageId + '.' + identity.name;
  return [
    'Unsigned package: ' + rel(wgt) + ". TVs install only signed packages. With Tizen Studio's CLI",
    '(<tizen-studio>/tools/ide/bin and <tizen-studio>/tools on PATH):',
    '  1. once, a Samsung certificate: Tizen Studio > Tools > Certificate Manager > "+" > Samsung,',
    "     with the TV's DUID in the distributor certificate; the emulator also takes a Tizen author",
    '     certificate (tizen certificate -a tvtelemetry -p <password> -f tvtelemetry). Then:',
    '     tizen security-profiles add -n tvtelemetry -a <author.p12> -p <password> [-d <distributor.p12> -dp <password>]',
    '  2. sign: TIZEN_SECURITY_PROFILE=tvtelemetry npm run package:tizen -- --profile ' + path.basename(path.dirname(appDir)),
    '     (or by hand: tizen package -t wgt -s tvtelemetry -- ' + rel(appDir) + ')',
    "  3. TV in Developer Mode (Apps panel, 12345, this PC's IP), then: sdb connect <tv-ip>; sdb devices",
    '     emulator: start a TV emulator in Emulator Manager; it appears in sdb devices',
    '  4. tizen install -n <signed>.wgt -t <device-name>',
    '  5. tizen run -p ' + appId + ' -t <device-name>',
  ];
}

function runTizen(cli: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cli, args, { maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new PackagingError('tizen ' + args.join(' ') + ' failed: ' + (stderr || stdout || error.message).trim()));
      else resolve();
    });
  });
}

/**
 * Signs a copy of the staged directory (the CLI writes its signature files into the directory it
 * signs) with the named security profile; the signed .wgt goes to <outDir>/signed/.
 */
async function sign(cli: string, securityProfile: string, appDir: string, outDir: string): Promise<string> {
  const signedDir = path.join(outDir, 'signed');
  const work = path.join(outDir, 'signing');
  fs.rmSync(signedDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(signedDir, { recursive: true });
  fs.cpSync(appDir, work, { recursive: true });
  try {
    await runTizen(cli, ['package', '-t', 'wgt', '-s', securityProfile, '-o', signedDir, '--', work]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const made = fs.readdirSync(signedDir).filter((f) => f.endsWith('.wgt'));
  if (made.length !== 1) throw new PackagingError('tizen package wrote ' + made.length + ' .wgt files into ' + signedDir);
  return path.join(signedDir, made[0]);
}

export async function packageTizen(options: PackageOptions, env: NodeJS.ProcessEnv = process.env): Promise<PackageResult> {
  const prepared = prepare('tizen', options);
  const { identity, problems } = tizenIdentity(prepared);
  refuseIfAny(problems, prepared.profile, 'tizen');

  const buildInfo = stageSampleApp({
    dir: prepared.appDir,
    platform: 'tizen',
    profile: prepared.profile,
    agent: prepared.agent,
    appId: identity.packageId + '.' + identity.name,
    appVersion: identity.version,
    title: identity.title,
    page: {
      contentType: 'text/html; charset=utf-8',
      // provided by the TV itself; feature-detected by the agent (window.webapis)
      head: '<script type="text/javascript" src="$WEBAPIS/webapis/webapis.js"></script>',
    },
  });
  const streamUrls = sampleStreams(prepared.profile)
    .filter((s) => !s.placeholder)
    .map((s) => s.url);
  const origins = accessOrigins(prepared.profile.resolved, streamUrls);
  fs.writeFileSync(path.join(prepared.appDir, 'config.xml'), configXml(identity, origins, buildInfo.agentVersion, buildInfo.profile));
  fs.writeFileSync(path.join(prepared.appDir, 'icon.png'), appIconPng(256));

  const wgt = path.join(prepared.outDir, identity.name + '.wgt');
  fs.rmSync(wgt, { force: true });
  const zip = new AdmZip();
  zip.addLocalFolder(prepared.appDir);
  zip.writeZip(wgt);

  const extras: string[] = [];
  const notes: string[] = [];
  const securityProfile = env.TIZEN_SECURITY_PROFILE;
  const cli = securityProfile ? findTizenCli(env) : null;
  if (securityProfile && cli) {
    extras.push(await sign(cli, securityProfile, prepared.appDir, prepared.outDir));
    notes.push(
      'Signed with security profile "' + securityProfile + '". Install: sdb connect <tv-ip>; tizen install -n ' + path.basename(extras[0]) + ' -t <device-name>'
    );
  } else {
    if (securityProfile) notes.push('TIZEN_SECURITY_PROFILE is set but no `tizen` CLI was found (set TIZEN_CLI or PATH): not signed.');
    notes.push(...signingSteps(identity, wgt, prepared.appDir));
  }
  return { platform: 'tizen', artefact: wgt, appDir: prepared.appDir, extras: extras, buildInfo: buildInfo, notes: notes };
}

if (require.main === module) runCli('tizen', (options) => packageTizen(options));
