import { copyOwn, hasOwn, isPlainObject } from '../core/values';
import { FieldSpec, FORBIDDEN_HEADERS, HEADER_NAME, HEADER_VALUE, PLATFORM_NAMES, PROFILE_FIELDS } from './spec';
import { Profile } from './types';

export type Fields = { [key: string]: FieldSpec };

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; problems: string[] };

type Values = { [key: string]: unknown };

/** At most this many problems are listed; a profile that wrong needs a look anyway. */
var MAX_PROBLEMS = 50;

/**
 * Validates a raw operator profile and applies defaults. `platform` selects which of the profile's
 * `platforms.<name>` overrides is merged over the base before validation. Every problem is listed
 * with its path; unknown keys get a "did you mean".
 */
export function validateProfile(raw: unknown, platform?: string): ProfileResult {
  return validateWithFields(PROFILE_FIELDS, raw, platform);
}

/** validateProfile with another table of fields: the packaging tools' adds what `package` holds. */
export function validateWithFields(fields: Fields, raw: unknown, platform?: string): ProfileResult {
  try {
    return check(fields, raw, platform);
  } catch (e) {
    // A getter or Proxy that throws: the profile cannot be read, which is a problem with the profile.
    return { ok: false, problems: ['(profile): cannot be read (a getter or proxy threw)'] };
  }
}

function check(fields: Fields, raw: unknown, platform?: string): ProfileResult {
  if (!isPlainObject(raw)) return { ok: false, problems: ['(profile): must be an object'] };
  var problems: string[] = [];
  var base: Values = copyOwn(raw, {});
  delete base.platforms;
  var overrides = raw.platforms;
  if (overrides != null) {
    // `platforms`: per-platform partial overrides of every profile field
    var platformFields: Fields = {};
    for (var i = 0; i < PLATFORM_NAMES.length; i++) platformFields[PLATFORM_NAMES[i]] = { type: 'object', fields: fields };
    checkFields(platformFields, overrides, 'platforms', problems, true);
    if (platform && isPlainObject(overrides) && isPlainObject(overrides[platform])) base = merge(base, overrides[platform] as Values);
  }
  var profile = checkFields(fields, base, '', problems, false) as unknown as Profile;
  if (!problems.length) checkAcrossFields(profile, problems);
  if (problems.length > MAX_PROBLEMS) problems = problems.slice(0, MAX_PROBLEMS).concat(['…and more']);
  return problems.length ? { ok: false, problems: problems } : { ok: true, profile: profile };
}

function checkAcrossFields(profile: Profile, problems: string[]): void {
  var kava = profile.kava;
  httpsOnly('vault.endpoint', profile.vault.endpoint);
  if (kava.enabled) {
    if (!kava.endpoint) problems.push('kava.endpoint: is required when kava.enabled');
    else httpsOnly('kava.endpoint', kava.endpoint);
    if (kava.partnerId === undefined) problems.push('kava.partnerId: is required when kava.enabled');
  }
  if (profile.contentSource === 'Blend' && !profile.blend.iptvUriPattern)
    problems.push('blend.iptvUriPattern: is required for Blend');

  function httpsOnly(path: string, url: string): void {
    if (!profile.allowInsecure && !/^https:/i.test(url)) problems.push(path + ': must be an https URL (http needs allowInsecure)');
  }
}

/** The fields of an object with defaults applied; `partial` (a platform override) applies none. */
function checkFields(fields: Fields | undefined, value: unknown, path: string, problems: string[], partial: boolean): Values {
  var out: Values = {};
  if (!isPlainObject(value)) {
    problems.push((path || '(profile)') + ': must be an object');
    return out;
  }
  // an object without fields is taken as it is (`package`, which only the packaging tools read)
  if (!fields) return copyOwn(value, out);
  var known = Object.keys(fields);
  for (var key in value) if (hasOwn(value, key) && !hasOwn(fields, key)) problems.push(unknownKey(path, key, known));
  for (var i = 0; i < known.length; i++) {
    var name = known[i];
    var spec = fields[name];
    var fieldPath = join(path, name);
    if (hasOwn(value, name) && value[name] !== undefined) out[name] = checkValue(spec, value[name], fieldPath, problems, partial);
    else if (partial) continue;
    else if (spec.required) problems.push(fieldPath + ': is required');
    else if (spec.type === 'object') out[name] = checkFields(spec.fields, {}, fieldPath, problems, false);
    else if (spec.def !== undefined) out[name] = spec.type === 'map' ? {} : spec.def;
  }
  return out;
}

function checkValue(spec: FieldSpec, value: unknown, path: string, problems: string[], partial: boolean): unknown {
  if (spec.type === 'object') return checkFields(spec.fields, value, path, problems, partial);
  if (spec.type === 'map') {
    var out: Values = {};
    var bytes = 0;
    if (!isPlainObject(value)) problems.push(path + ': must be an object');
    else
      for (var key in value) {
        if (!hasOwn(value, key)) continue;
        var at = join(path, shown(key));
        var v = (out[key] = checkValue(spec.of!, value[key], at, problems, partial));
        if (spec.format !== 'header') continue;
        // As every engine's XHR takes them: some throw on a bad name or value, all ignore the browser's own.
        if (!HEADER_NAME.test(key) || FORBIDDEN_HEADERS.test(key)) problems.push(at + ': not a header a profile may set');
        if (typeof v !== 'string') continue;
        if (!HEADER_VALUE.test(v)) problems.push(at + ': must be one line of Latin-1 text');
        bytes += key.length + v.length + 4; // "name: value\r\n"
      }
    if (bytes > spec.max!) problems.push(path + ': must be at most ' + spec.max + ' bytes in all');
    return out;
  }
  var problem = scalarProblem(spec, value);
  if (problem) problems.push(path + ': ' + problem);
  return value;
}

function scalarProblem(spec: FieldSpec, value: unknown): string | null {
  var type = spec.type;
  var t = typeof value;
  var finite = t === 'number' && isFinite(value as number);
  if (type === 'scalar') return t === 'string' || t === 'boolean' || finite ? null : 'must be a string, number or boolean';
  if (type === 'boolean') return t === 'boolean' ? null : 'must be true or false';
  if (type === 'number' || type === 'integer') {
    var n = value as number;
    if (!finite) return 'must be a number';
    if (type === 'integer' && Math.floor(n) !== n) return 'must be a whole number';
    return n < spec.min! || n > spec.max! ? 'must be between ' + spec.min + ' and ' + spec.max : null;
  }
  if (t !== 'string') return 'must be a string';
  var s = value as string;
  if (spec.values) return spec.values.indexOf(s) < 0 ? 'must be one of ' + spec.values.join(', ') : null;
  // A bound the spec does not set compares with undefined, which is false.
  if (s.length < spec.min!) return 'must be at least ' + spec.min + ' characters';
  if (s.length > spec.max!) return 'must be at most ' + spec.max + ' characters';
  if (spec.format === 'url' && !/^https?:\/\/[^\s\/?#]+[^\s]*$/i.test(s)) return 'must be an http(s) URL';
  if (spec.format === 'regexp') {
    try {
      new RegExp(s);
    } catch (e) {
      return 'must be a regular expression';
    }
  }
  return null;
}

function unknownKey(path: string, key: string, known: string[]): string {
  var best: string | null = null;
  var bestDistance = 3;
  for (var i = 0; i < known.length && key.length <= 64; i++) {
    var d = editDistance(key.toLowerCase(), known[i].toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = known[i];
    }
  }
  return join(path, shown(key)) + ': unknown key' + (best ? ' (did you mean "' + best + '"?)' : '');
}

/** A key as a problem shows it: on one line and short (it may be huge, or hold line breaks); a long one is no typo. */
function shown(key: string): string {
  return key.substring(0, 64).replace(/[\u0000-\u001f]/g, '?') + (key.length > 64 ? '…' : '');
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  var row: number[] = [];
  for (var j = 0; j <= b.length; j++) row.push(j);
  for (var i = 1; i <= a.length; i++) {
    var diagonal = row[0];
    row[0] = i;
    for (var k = 1; k <= b.length; k++) {
      var above = row[k];
      row[k] = Math.min(above + 1, row[k - 1] + 1, diagonal + (a.charAt(i - 1) === b.charAt(k - 1) ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Deep merge of plain objects; `over` wins. Neither input is changed. */
function merge(base: Values, over: Values): Values {
  var out: Values = copyOwn(base, {});
  for (var key in over) {
    if (hasOwn(over, key)) out[key] = isPlainObject(out[key]) && isPlainObject(over[key]) ? merge(out[key] as Values, over[key] as Values) : over[key];
  }
  return out;
}

function join(path: string, key: string): string {
  return path ? path + '.' + key : key;
}
