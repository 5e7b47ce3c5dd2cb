import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { KAVA_SECTION } from '../../src/kava/profile';
import { DEBUG_SECTION } from '../../src/overlay/profile';
import { validateProfile } from '../../src/profile/validate';
import { PLATFORM_NAMES } from '../../src/profile/spec';
import { validatePackagingProfile } from '../../tools/package/profile-spec';
import { PROFILE_DOCS } from '../../tools/profile-docs';
import { documentedPaths, renderProfileSchema, SCHEMA_PATH } from '../../tools/gen-profile-schema';
import { INPUT_TYPES_PATH, renderProfileInput } from '../../tools/profile-input';
import { PROFILE_REFERENCE_PATH, renderProfileReference } from '../../tools/profile-reference';

const PROFILES_DIR = path.resolve(__dirname, '..', '..', 'platforms', 'profiles');
const EXAMPLES = ['example-iptv', 'example-ott', 'example-hbbtv'];

/** validateProfile as createAgent runs it with the Kava and overlay plugins, which bring these sections' fields. */
function validateWithAddons(profile: unknown, platform?: string) {
  return validateProfile(profile, platform, { kava: KAVA_SECTION, debug: DEBUG_SECTION });
}

function readExample(name: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(PROFILES_DIR, name + '.json'), 'utf8'));
}

/** A copy of example-ott changed by `edit`. */
function broken(edit: (profile: Record<string, any>) => void): Record<string, any> {
  const profile = readExample('example-ott');
  edit(profile);
  return profile;
}

describe('profile JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strictTypes: true, allowUnionTypes: true }); // strictRequired would reject if/then rules that name fields defined elsewhere;
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')));

  it('is committed exactly as tools/gen-profile-schema.ts generates it', () => {
    expect(fs.readFileSync(SCHEMA_PATH, 'utf8')).to.equal(renderProfileSchema());
  });

  it('comes from the same spec as src/profile/input.ts (ProfileInput), committed exactly as generated', () => {
    expect(fs.readFileSync(INPUT_TYPES_PATH, 'utf8')).to.equal(renderProfileInput());
  });

  it('comes from the same spec as docs/profile.md (the reference page), committed exactly as generated', () => {
    expect(fs.readFileSync(PROFILE_REFERENCE_PATH, 'utf8')).to.equal(renderProfileReference());
  });

  it('has a description for every spec path and none for paths that do not exist', () => {
    const paths = documentedPaths();
    expect(
      paths.filter((p) => !PROFILE_DOCS[p]),
      'undocumented'
    ).to.deep.equal([]);
    expect(
      Object.keys(PROFILE_DOCS).filter((p) => paths.indexOf(p) < 0),
      'stale docs'
    ).to.deep.equal([]);
  });

  it('lists every example profile the packaging scripts offer', () => {
    const files = fs.readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).to.deep.equal(EXAMPLES.slice().sort());
  });

  for (const name of EXAMPLES) {
    it(name + ' validates against the schema and with validateProfile on every platform', () => {
      const profile = readExample(name);
      expect(validate(profile), ajv.errorsText(validate.errors)).to.equal(true);
      for (const platform of [undefined].concat(PLATFORM_NAMES as any[])) {
        const result = validateProfile(profile, platform);
        expect(result.ok, platform + ': ' + JSON.stringify(result)).to.equal(true);
        const addons = validateWithAddons(profile, platform);
        expect(addons.ok, platform + ' (add-ons): ' + JSON.stringify(addons)).to.equal(true);
        const packaging = validatePackagingProfile(profile, platform);
        expect(packaging.ok, platform + ' (packaging): ' + JSON.stringify(packaging)).to.equal(true);
      }
    });
  }

  const cases: Array<{ what: string; path: string; edit: (p: Record<string, any>) => void }> = [
    { what: 'no vault.endpoint', path: 'vault.endpoint', edit: (p) => delete p.vault.endpoint },
    { what: 'a misspelt top-level key', path: 'vualt', edit: (p) => (p.vualt = p.vault) },
    { what: 'an http endpoint without allowInsecure', path: 'vault.endpoint', edit: (p) => (p.vault.endpoint = 'http://vault.example') },
    { what: 'an endpoint that is not a URL', path: 'vault.endpoint', edit: (p) => (p.vault.endpoint = 'vault.example/x') },
    { what: 'an interval out of range', path: 'vault.metricsIntervalSeconds', edit: (p) => (p.vault.metricsIntervalSeconds = 0) },
    { what: 'a fractional batch size', path: 'vault.maxBatchSize', edit: (p) => (p.vault.maxBatchSize = 2.5) },
    { what: 'an unknown body kind', path: 'vault.body', edit: (p) => (p.vault.body = 'ndjson') },
    { what: 'a header value that is not a string', path: 'vault.headers.X-Id', edit: (p) => (p.vault.headers = { 'X-Id': 7 }) },
    { what: 'Blend without iptvUriPattern', path: 'blend.iptvUriPattern', edit: (p) => (p.contentSource = 'Blend') },
    { what: 'an invalid regular expression', path: 'blend.iptvUriPattern', edit: (p) => (p.blend = { iptvUriPattern: '(' }) },
    { what: 'kava enabled without partnerId', path: 'kava.partnerId', edit: (p) => (p.kava = { enabled: true, endpoint: 'https://k.example' }) },
    {
      what: 'an http kava endpoint without allowInsecure',
      path: 'kava.endpoint',
      edit: (p) => (p.kava = { enabled: true, endpoint: 'http://k.example', partnerId: 1 }),
    },
    { what: 'a kava method that does not exist', path: 'kava.method', edit: (p) => (p.kava = { method: 'PUT' }) },
    { what: 'a debug overlay flag that is not a boolean', path: 'debug.overlay', edit: (p) => (p.debug = { overlay: 'yes' }) },
    { what: 'a channel with an unknown delivery path', path: 'channels.sports-1.DVB', edit: (p) => (p.channels['sports-1'].DVB = 'x') },
    { what: 'a Tizen package ID of the wrong length', path: 'package.tizenPackageId', edit: (p) => (p.package = { tizenPackageId: 'short' }) },
    { what: 'an HbbTV appId over 16 bits', path: 'package.hbbtv.appId', edit: (p) => (p.package = { hbbtv: { appId: 70000 } }) },
    { what: 'a sample stream without url', path: 'package.streams.one.url', edit: (p) => (p.package = { streams: { one: { title: 'One' } } }) },
    { what: 'an unknown platform override', path: 'platforms.tizne', edit: (p) => (p.platforms = { tizne: {} }) },
    {
      what: 'a bad value in a platform override',
      path: 'platforms.hbbtv.vault.flushIntervalSeconds',
      edit: (p) => (p.platforms = { hbbtv: { vault: { flushIntervalSeconds: -1 } } }),
    },
  ];

  for (const c of cases) {
    // `package` is the packaging tools' to check (the agent keeps it as written), `kava` and `debug`
    // the agent's with the add-ons' plugins (validateProfile alone keeps them as written); the rest both check
    const checkers = /^package\./.test(c.path)
      ? [validatePackagingProfile]
      : /^(kava|debug)\./.test(c.path)
        ? [validateWithAddons, validatePackagingProfile]
        : [validateProfile, validatePackagingProfile];
    it('refuses ' + c.what + ' in both the schema and ' + checkers.map((f) => f.name).join(' and '), () => {
      const profile = broken(c.edit);
      expect(validate(profile), 'schema accepted it').to.equal(false);
      for (const check of checkers) {
        const result = check(profile);
        expect(result.ok, check.name + ' accepted it').to.equal(false);
        const problems = result.ok ? [] : result.problems;
        expect(
          problems.some((p) => p.indexOf(c.path + ':') === 0),
          problems.join('\n')
        ).to.equal(true);
      }
    });
  }

  it('accepts an http endpoint with allowInsecure (the cross-field rule is conditional)', () => {
    const profile = broken((p) => {
      p.allowInsecure = true;
      p.vault.endpoint = 'http://127.0.0.1:8080';
    });
    expect(validate(profile), ajv.errorsText(validate.errors)).to.equal(true);
    expect(validateProfile(profile).ok).to.equal(true);
    expect(validatePackagingProfile(profile).ok).to.equal(true);
  });

  it('accepts a partial platform override without the required fields', () => {
    const profile = broken((p) => (p.platforms = { webos: { vault: { metricsIntervalSeconds: 30 } } }));
    expect(validate(profile), ajv.errorsText(validate.errors)).to.equal(true);
    expect(validateProfile(profile, 'webos').ok).to.equal(true);
    expect(validatePackagingProfile(profile, 'webos').ok).to.equal(true);
  });
});
