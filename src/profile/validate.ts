import { copyOwn, hasOwn, isPlainObject } from '../core/values';
import { FieldSpec, FORBIDDEN_HEADERS, HEADER_NAME, HEADER_VALUE, obj, platformsSpec, PROFILE_FIELDS, SECTION } from './spec';
import { Profile } from './types';

export type Fields = { [key: string]: FieldSpec };

/** A valid profile with every default applied, or every problem, each `path: text`. */
export type ProfileResult =
  | {
      /** Valid. */
      ok: true;
      /** Every default applied, the platform's overrides merged. */
      profile: Profile;
    }
  | {
      /** Invalid. */
      ok: false;
      /** Every problem, `path: text`, at most 50 (then "…and more"). */
      problems: string[];
    };

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
    // Rules across fields (tools/gen-profile-schema.ts spells them for the schema), in the same pass,
    // whatever else is wrong: the core's, then those of the sections that have one (kava's). A value
    // with a problem is absent from `profile` (check), and a path gets one problem at most.
    if (profile.vault) httpsOnly('vault.endpoint', profile.vault.endpoint);
    if (profile.contentSource === 'Blend' && !profile.blend.iptvUriPattern) ruleProblem('blend.iptvUriPattern', 'is required for Blend');
    for (var name in fields) {
      try {
        var rule = fields[name].rule;
        if (rule) rule(profile, ruleProblem, httpsOnly);
      } catch (e) {
        problem(name, 'cannot be checked (its add-on threw)');
      }
    }
  } catch (e) {
    // A getter or Proxy that throws: the profile cannot be read, which is a problem with the profile.
    problems = ['(profile): cannot be read (a getter or proxy threw)'];
  }
  if (problems.length > MAX_PROBLEMS) problems.splice(MAX_PROBLEMS, problems.length, '…and more');
  return problems.length ? { ok: false, problems: problems } : { ok: true, profile: profile };

  /** A problem's text never holds ': ' (the CLI's --json splits a problem at its last one). */
  function problem(path: string, text: string): void {
    problems.push((path || '(profile)') + ': ' + text);
  }

  /** A rule's problem, unless its path has one already (a value given but wrong reads as absent to the rules). */
  function ruleProblem(path: string, text: string): void {
    for (var i = 0; i < problems.length; i++) if (problems[i].indexOf(path + ': ') === 0) return;
    problem(path, text);
  }

  function httpsOnly(path: string, url: string): void {
    if (typeof url == 'string' && profile.allowInsecure !== true && !/^https:/i.test(url)) ruleProblem(path, 'must be an https URL (http needs allowInsecure)');
  }

  /** `value` checked against `spec`, with defaults applied (none when `partial`); every problem with its path. */
  function check(spec: FieldSpec, value: unknown, path: string): unknown {
    var type = spec.type;
    if (type !== 'object' && type !== 'map') {
      var text = scalarProblem(spec, type, value);
      if (!text) return value;
      problem(path, text);
      return undefined; // so the rules across fields read it as absent
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
        var keySpec = fields ? hasOwn(fields, key) && fields[key] : spec.of;
        if (!keySpec) problem(at, 'unknown key' + (problems.length < MAX_PROBLEMS && fields ? didYouMean(key, fields) : ''));
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
      if (spec.max !== undefined && bytes > spec.max) problem(path, 'must be at most ' + spec.max + ' bytes in all');
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
    return outside(n, spec) ? 'must be between ' + spec.min + ' and ' + spec.max : null;
  }
  if (t !== 'string') return 'must be a string';
  var s = value as string;
  if (spec.values) return spec.values.indexOf(s) < 0 ? 'must be one of ' + spec.values.join(', ') : null;
  // A bound the spec does not set is no bound.
  if (spec.min !== undefined && s.length < spec.min) return 'must be at least ' + spec.min + ' characters';
  if (spec.max !== undefined && s.length > spec.max) return 'must be at most ' + spec.max + ' characters';
  if (spec.format === 'url' && !/^https?:\/\/[^\s/?#]+\S*$/i.test(s)) return 'must be an http(s) URL';
  if (spec.format === 'regexp') {
    try {
      new RegExp(s);
    } catch (e) {
      return 'must be a regular expression';
    }
  }
  return null;
}

/** Whether `n` is below the spec's min or above its max (a bound the spec does not set is no bound). */
function outside(n: number, spec: FieldSpec): boolean {
  return (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max);
}

/**
 * The hint for an unknown key, the same rule at every depth: the known name of that object closest
 * to it in edit distance (optimal string alignment: insertions, deletions, substitutions and swaps of
 * two neighbours, case aside), when at most one edit per 4 characters of the name (rounded up)
 * separates them; the first in spec order on a tie. A key longer than 64 characters is no typo.
 */
function didYouMean(key: string, fields: Fields): string {
  var best = '';
  var bestEdits = Infinity;
  if (key.length <= 64)
    for (var name in fields) {
      var edits = editDistance(key.toLowerCase(), name.toLowerCase());
      if (edits <= Math.ceil(name.length / 4) && edits < bestEdits) {
        best = name;
        bestEdits = edits;
      }
    }
  return best ? ' (did you mean "' + best + '"?)' : '';
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`; both short. */
function editDistance(a: string, b: string): number {
  // rows[i][j]: edits between the first i characters of a and the first j of b
  var rows: number[][] = [];
  for (var i = 0; i <= a.length; i++) {
    rows[i] = [i];
    for (var j = 1; j <= b.length; j++) {
      if (!i) {
        rows[0][j] = j;
        continue;
      }
      var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/** A key as a problem shows it: on one line and short (it may be huge, or hold line breaks). */
function shown(key: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return key.substring(0, 64).replace(/[\0-\x1f]/g, '?') + (key.length > 64 ? '…' : '');
}

/** Deep merge of plain objects; `over` wins. Neither input is changed. */
function merge(base: Values, over: Values): Values {
  var out: Values = copyOwn(base, {});
  for (var key in over) {
    if (hasOwn(over, key)) out[key] = isPlainObject(out[key]) && isPlainObject(over[key]) ? merge(out[key] as Values, over[key] as Values) : over[key];
  }
  return out;
}
