/**
 * Which operator profile goes into a package: a name means platforms/profiles/<name>.json, anything
 * with a slash or ending in .json is a path. It is validated for the target platform with every
 * field the packaging tools read (`package` included, which the agent does not look into), then with
 * the bundle's own validateProfile, so a package never carries a profile its agent would refuse.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AgentBundle } from './dist';
import { PackagingError, ROOT } from './errors';
import { PackagedProfile, validatePackagingProfile } from './profile-spec';

export const PROFILES_DIR = path.join(ROOT, 'platforms', 'profiles');
export const DEFAULT_PROFILE = 'example-ott';

export interface LoadedProfile {
  /** the file it came from */
  file: string;
  /** as written (with its `platforms` overrides): what the sample app embeds */
  raw: { [key: string]: unknown };
  /** validated with the target platform's overrides applied and defaults filled in */
  resolved: PackagedProfile;
}

export function profileFile(nameOrPath: string): string {
  const isPath = /[\\/]/.test(nameOrPath) || /\.json$/i.test(nameOrPath);
  return isPath ? path.resolve(nameOrPath) : path.join(PROFILES_DIR, nameOrPath + '.json');
}

export function loadProfile(nameOrPath: string, platform: string, agent: AgentBundle): LoadedProfile {
  const file = profileFile(nameOrPath);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const known = fs
      .readdirSync(PROFILES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    throw new PackagingError('cannot read profile ' + file + ' (known names: ' + known.join(', ') + ')');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PackagingError(file + ' is not valid JSON: ' + (e as Error).message);
  }
  const checked = validatePackagingProfile(raw, platform);
  if (!checked.ok) throw new PackagingError('profile ' + file + ' is not valid on ' + platform, checked.problems);
  // The same rules, unless dist/ is older than src/: then the bundle's word counts.
  const result = agent.validateProfile(raw, platform);
  if (!result.ok) throw new PackagingError('profile ' + file + ' is not valid on ' + platform, result.problems);
  return { file: file, raw: raw as { [key: string]: unknown }, resolved: checked.profile };
}
