import { copyOwn, hasOwn, isPlainObject } from '../core/values';
import { FieldSpec, FORBIDDEN_HEADERS, HEADER_NAME, HEADER_VALUE, obj, platformsSpec, PROFILE_FIELDS, SECTION } from './spec';
import { Profile } from './types';

export type Fields = { [key: string]: FieldSpec };

/** A valid profile with every default applied, or every problem, each `path: text`. */
export type ProfileResult = { ok: true; profile: Profile } | { ok: false; problems: string[] };

type Values = { [key: string]: unknown };

/** At most this many problems are listed; a profile that wrong needs a look anyway. */
var MAX_PROBLEMS = 50;

/**
 * Validates a raw operator profile and applies defaults. `platform` selects which of the profile's
 * `platforms.<name>` overrides is merged over the base before validation. Every problem is listed
 * with its path; unknown keys get a "did you mean". `sections`: the add-ons' (AgentPlugin.profile),
 * checked with their fields and rules where the core keeps a section as written (kava, debug).
 */
export function validateProfile(raw: unknown, platform?: string, sections?: Fields): ProfileResult {
  var fields: Fields = copyOwn(PROFILE_FIELDS, {});
  // Only where the core keeps a section as written: an add-on cannot loosen the core's own checks.
  for (var name in sections) if (fields[name] === SECTION && isPlainObject(sections[name])) fields[name] = sections[name];
  return validateWithFields(fields, raw, platform);
}

/** validateProfile with another table of fields: the packaging tools' adds what `package` holds. */
export function validateWithFields(fields: Fields, raw: unknown, platform?: string): ProfileResult {
  var problems: string[] = [];
  var profile = {} as Profile;
  // the platform overrides are checked first: they require nothing and get no defaults
  var partial = true;
  try {
    var base = raw;
    if (isPlainObject(raw)) {
      base = copyOwn(raw, {});
      delete (base as Values).platforms;
      var overrides = raw.platforms;
      if (overrides != null) {
        // `platforms`: per-platform partial overrides of every profile field
        check(platformsSpec(obj(fields)), overrides, 'platforms');
        if (platform && isPlainObject(overrides) && isPlainObject(overrides[platform])) base = merge(base as Values, overrides[platform] as Values);
      }
    }
    partial = false;
    profile = check(obj(fields), base, '') as Profile;
    // Rules across fields, on a profile otherwise valid (tools/gen-profile-schema.ts spells them for the schema):
    // the core's, then those of the sections that have one (kava's).
    if (!problems.length) {
      httpsOnly('vault.endpoint', profile.vault.endpoint);
      if (profile.contentSource === 'Blend' && !profile.blend.iptvUriPattern) problem('blend.iptvUriPattern', 'is required for Blend');
      for (var name in fields) {
        try {
          if (fields[name].rule) fields[name].rule!(profile, problem, httpsOnly);
        } catch (e) {
          problem(name, 'cannot be checked (its add-on threw)');
        }
      }
    }
  } catch (e) {
    // A getter or Proxy that throws: the profile cannot be read, which is a problem with the profile.
    problems = ['(profile): cannot be read (a getter or proxy threw)'];
  }
  if (problems.length > MAX_PROBLEMS) problems.splice(MAX_PROBLEMS, problems.length, '…and more');
  return problems.length ? { ok: false, problems: problems } : { ok: true, profile: profile };

  function problem(path: string, text: string): void {
    problems.push((path || '(profile)') + ': ' + text);
  }

  function httpsOnly(path: string, url: string): void {
    if (!profile.allowInsecure && !/^https:/i.test(url)) problem(path, 'must be an https URL (http needs allowInsecure)');
  }

  /** `value` checked against `spec`, with defaults applied (none when `partial`); every problem with its path. */
  function check(spec: FieldSpec, value: unknown, path: string): unknown {
    var type = spec.type;
    if (type !== 'object' && type !== 'map') {
      var text = scalarProblem(spec, type, value);
      if (text) problem(path, text);
      return value;
    }
    var fields = spec.fields;
    // a child's path: `path.key`, or `key` at the top
    var prefix = path && path + '.';
    var out: Values = {};
    var bytes = 0;
    if (!isPlainObject(value)) problem(path, 'must be an object');
    // an object without fields is taken as it is (`package`, and `kava`/`debug` without their plugin)
    else if (!fields && type === 'object') copyOwn(value, out);
    else {
      for (var key in value) {
        if (!hasOwn(value, key)) continue;
        var at = prefix + shown(key);
        var keySpec = fields ? hasOwn(fields, key) && fields[key] : spec.of!;
        if (!keySpec) problem(at, 'unknown key' + didYouMean(key, fields!));
        // an object's field given as undefined counts as absent (below)
        else if (value[key] !== undefined || !fields) {
          var v = (out[key] = check(keySpec, value[key], at));
          if (spec.format !== 'header') continue;
          // As every engine's XHR takes them: some throw on a bad name or value, all ignore the browser's own.
          if (!HEADER_NAME.test(key) || FORBIDDEN_HEADERS.test(key)) problem(at, 'not a header a profile may set');
          if (typeof v !== 'string') continue;
          if (!HEADER_VALUE.test(v)) problem(at, 'must be one line of Latin-1 text');
          bytes += key.length + v.length + 4; // "name: value\r\n"
        }
      }
      if (bytes > spec.max!) problem(path, 'must be at most ' + spec.max + ' bytes in all');
      if (!partial)
        for (var name in fields) {
          var field = fields[name];
          var fieldPath = prefix + name;
          if (hasOwn(out, name)) continue;
          if (field.required) problem(fieldPath, 'is required');
          // an object's default is {} and gets its fields' defaults; a map's is a fresh {}
          else if (field.def !== undefined) out[name] = check(field, field.def, fieldPath);
        }
    }
    return out;
  }
}

/** What is wrong with a string, number, boolean or scalar `value` (`type` is spec.type, at hand in the caller), or null. */
function scalarProblem(spec: FieldSpec, type: FieldSpec['type'], value: unknown): string | null {
  var t = typeof value;
  var n = value as number;
  var finite = t === 'number' && isFinite(n);
  if (type === 'scalar') return t === 'string' || t === 'boolean' || finite ? null : 'must be a string, number or boolean';
  if (type === 'boolean') return t === 'boolean' ? null : 'must be true or false';
  if (type !== 'string') {
    if (!finite) return 'must be a number';
    if (type === 'integer' && n % 1) return 'must be a whole number';
    return n < spec.min! || n > spec.max! ? 'must be between ' + spec.min + ' and ' + spec.max : null;
  }
  if (t !== 'string') return 'must be a string';
  var s = value as string;
  if (spec.values) return spec.values.indexOf(s) < 0 ? 'must be one of ' + spec.values.join(', ') : null;
  // A bound the spec does not set compares with undefined, which is false.
  if (s.length < spec.min!) return 'must be at least ' + spec.min + ' characters';
  if (s.length > spec.max!) return 'must be at most ' + spec.max + ' characters';
  if (spec.format === 'url' && !/^https?:\/\/[^\s\/?#]+\S*$/i.test(s)) return 'must be an http(s) URL';
  if (spec.format === 'regexp') {
    try {
      new RegExp(s);
    } catch (e) {
      return 'must be a regular expression';
    }
  }
  return null;
}

/** The closest known name (case aside, at most 2 edits away) as a hint; a long key is no typo. */
function didYouMean(key: string, fields: Fields): string {
  key = key.toLowerCase();
  for (var edits = 0; edits < 3 && key.length <= 64; edits++)
    for (var name in fields) if (near(key, name.toLowerCase(), edits)) return ' (did you mean "' + name + '"?)';
  return '';
}

/** A key as a problem shows it: on one line and short (it may be huge, or hold line breaks). */
function shown(key: string): string {
  return key.substring(0, 64).replace(/[\0-\x1f]/g, '?') + (key.length > 64 ? '…' : '');
}

/** Whether `edits` single-character insertions, deletions or substitutions at most turn `a` into `b` (Levenshtein). */
function near(a: string, b: string, edits: number): boolean {
  // a common first character is best kept (of two empty strings both undefined: equal, and a === b)
  if (a[0] === b[0]) return a === b || near(a.slice(1), b.slice(1), edits);
  return edits > 0 && (near(a.slice(1), b, --edits) || near(a, b.slice(1), edits) || near(a.slice(1), b.slice(1), edits));
}

/** Deep merge of plain objects; `over` wins. Neither input is changed. */
function merge(base: Values, over: Values): Values {
  var out: Values = copyOwn(base, {});
  for (var key in over) {
    if (hasOwn(over, key)) out[key] = isPlainObject(out[key]) && isPlainObject(over[key]) ? merge(out[key] as Values, over[key] as Values) : over[key];
  }
  return out;
}
