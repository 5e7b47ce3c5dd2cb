/**
 * The profile as the packaging tools read it: the agent's fields (src/profile/spec.ts) with those of
 * the sections the agent keeps without looking in: `kava` and `debug`, whose add-ons bring their
 * fields (src/kava/profile.ts, src/overlay/profile.ts), and `package`, whose fields are here, not in
 * src/, so they stay out of every bundle. tools/gen-profile-schema.ts builds the JSON Schema from
 * PACKAGING_PROFILE_FIELDS.
 */
import { KAVA_SECTION } from '../../src/kava/profile';
import { DEBUG_SECTION } from '../../src/overlay/profile';
import { FieldSpec, int, obj, oneOf, PROFILE_FIELDS, required, str, url } from '../../src/profile/spec';
import { Profile } from '../../src/profile/types';
import { Fields, validateWithFields } from '../../src/profile/validate';

export const PACKAGE_FIELDS: Fields = {
  appId: str(3, 128),
  title: str(1, 64),
  vendor: str(1, 64),
  version: str(1, 32),
  tizenPackageId: str(10, 10),
  /** The sample app's channel list, keyed by editorialId. */
  streams: {
    type: 'map',
    of: required(
      obj({
        title: str(1, 64),
        url: required(url()),
        contentType: oneOf(['live-event', 'vod-ed'], 'vod-ed'),
      })
    ),
  },
  hbbtv: obj({
    orgId: int(0, 4294967295),
    appId: int(0, 65535),
    urlBase: url(),
    controlCode: oneOf(['AUTOSTART', 'PRESENT'], 'AUTOSTART'),
  }),
};

/** The sections the agent keeps as written, with their fields. */
const SECTIONS: Fields = { kava: KAVA_SECTION, debug: DEBUG_SECTION, package: obj(PACKAGE_FIELDS) };

/** Every profile field, each section with its own (same order as the agent's table). */
export const PACKAGING_PROFILE_FIELDS: Fields = {};
for (const name of Object.keys(PROFILE_FIELDS)) {
  PACKAGING_PROFILE_FIELDS[name] = SECTIONS[name] || (PROFILE_FIELDS[name] as FieldSpec);
}

/** `package` validated, defaults applied. */
export type PackageSection = {
  appId?: string;
  title?: string;
  vendor?: string;
  version?: string;
  tizenPackageId?: string;
  streams?: { [editorialId: string]: { title?: string; url: string; contentType: 'live-event' | 'vod-ed' } };
  hbbtv: { orgId?: number; appId?: number; urlBase?: string; controlCode: 'AUTOSTART' | 'PRESENT' };
};

/** A validated profile with `package` checked too. */
export type PackagedProfile = Profile & { package: PackageSection };

export type PackagingResult = { ok: true; profile: PackagedProfile } | { ok: false; problems: string[] };

/**
 * validateProfile (src/profile/validate.ts) with the fields of every section (`kava`'s rules
 * included): every problem of the whole profile, each with its path, and the sections with their defaults.
 */
export function validatePackagingProfile(raw: unknown, platform?: string): PackagingResult {
  return validateWithFields(PACKAGING_PROFILE_FIELDS, raw, platform) as PackagingResult;
}
