/**
 * What the three packaging scripts share: options from the command line, loading the bundle and
 * the profile for the target platform, where the output goes, and the command-line wrapper that
 * turns a refusal into its problems and exit code 1.
 *
 *   npm run package:<platform> -- [--profile <name|path>] [--out <dir>] [--build]
 */
import * as path from 'path';
import { AgentBundle, loadAgentBundle } from './dist';
import { PackagingError, ROOT } from './errors';
import { DEFAULT_PROFILE, LoadedProfile, loadProfile } from './profile';
import { BuildInfo, Target } from './sample-app';

export { PackagingError, ROOT };

export const DEFAULT_OUT = path.join(ROOT, 'out', 'packages');

export interface PackageOptions {
  /** profile name (platforms/profiles/<name>.json) or path; default example-ott */
  profile?: string;
  /** root of the output; each package goes to <out>/<platform>/<profile name>/ */
  outDir?: string;
  /** run `npm run build` first */
  build?: boolean;
  log?: (message: string) => void;
}

export interface PackageResult {
  platform: Target;
  /** the installable file (.ipk, .wgt) or, for HbbTV, the zip of the directory */
  artefact: string;
  /** the staged app directory (for HbbTV, the directory to host) */
  appDir: string;
  /** further files worth naming (signed .wgt, ait.xml…) */
  extras: string[];
  buildInfo: BuildInfo;
  /** what to do next (signing, installing, hosting) */
  notes: string[];
}

export interface Prepared {
  agent: AgentBundle;
  profile: LoadedProfile;
  /** <out>/<platform>/<profile name> */
  outDir: string;
  /** <outDir>/app: where the sample app is staged */
  appDir: string;
  log: (message: string) => void;
}

/** Loads bundle and profile; refuses (PackagingError) when either is missing or the profile is invalid. */
export function prepare(platform: Target, options: PackageOptions): Prepared {
  const log = options.log || ((message: string) => console.log(message));
  const agent = loadAgentBundle(!!options.build, log);
  const profile = loadProfile(options.profile || DEFAULT_PROFILE, platform, agent);
  const outDir = path.join(path.resolve(options.outDir || DEFAULT_OUT), platform, profile.resolved.name);
  return { agent: agent, profile: profile, outDir: outDir, appDir: path.join(outDir, 'app'), log: log };
}

/** Refuses with every packaging problem at once (they are about the profile's package section). */
export function refuseIfAny(problems: string[], profile: LoadedProfile, platform: Target): void {
  if (problems.length) {
    throw new PackagingError('profile ' + profile.file + ' cannot be packaged for ' + platform, problems);
  }
}

/** "x.y.z" where each part is a plain number (no leading zeros), as webOS and Tizen want. */
export const VERSION_PATTERN = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

export function parseArgs(argv: string[]): PackageOptions & { help?: boolean } {
  const options: PackageOptions & { help?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.indexOf('=') > 0 ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline !== undefined ? inline : argv[++i];
      if (!v) throw new PackagingError(flag + ' needs a value');
      return v;
    };
    if (flag === '--profile' || flag === '-p') options.profile = value();
    else if (flag === '--out' || flag === '-o') options.outDir = value();
    else if (flag === '--build') options.build = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new PackagingError('unknown argument ' + arg + ' (use --profile <name|path>, --out <dir>, --build)');
  }
  return options;
}

/** Runs a packaging script from the command line: prints the result, or the refusal and exit 1. */
export function runCli(platform: Target, pack: (options: PackageOptions) => Promise<PackageResult>): void {
  const usage =
    'usage: npm run package:' +
    platform +
    ' -- [--profile <name|path>] [--out <dir>] [--build]\n' +
    '  --profile  platforms/profiles/<name>.json, or a path (default ' +
    DEFAULT_PROFILE +
    ')\n' +
    '  --out      output root (default out/packages)\n' +
    '  --build    run npm run build first';
  let options: PackageOptions & { help?: boolean };
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message + '\n' + usage);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(usage);
    return;
  }
  pack(options).then(
    (result) => {
      const rel = (p: string) => path.relative(process.cwd(), p) || '.';
      console.log(platform + ' package (agent ' + result.buildInfo.agentVersion + ', profile ' + result.buildInfo.profile + '):');
      console.log('  ' + rel(result.artefact));
      for (const extra of result.extras) console.log('  ' + rel(extra));
      console.log('  app directory: ' + rel(result.appDir));
      if (result.notes.length) console.log('\n' + result.notes.join('\n'));
    },
    (error: Error) => {
      console.error('package:' + platform + ': ' + (error instanceof PackagingError ? error.message : error.stack || error));
      process.exitCode = 1;
    }
  );
}
