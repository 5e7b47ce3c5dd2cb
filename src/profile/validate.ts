import { hasOwn, isPlainObject } from '../core/values';
import { FieldSpec, PLATFORM_NAMES, PROFILE_FIELDS } from './spec';
import { Profile } from './types';

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; problems: string[] };

/** At most this many problems are listed; a profile that wrong needs a look anyway. */
var MAX_PROBLEMS = 50;

/**
 * Validates a raw operator profile and applies defaults. `platform` selects which of the profile's
 * `platforms.<name>` overrides is merged over the base before validation. Every problem is listed
 * with its path; unknown keys get a "did you mean".
 */
export function validateProfile(raw: unknown, platform?: string): ProfileResult {
  var problems: string[] = [];
  if (!isPlainObject(raw)) return { ok: false, problems: ['(profile): must be an object'] };

  var base: { [key: string]: unknown } = {};
  var overrides: unknown = null;
  for (var key in raw) {
    if (!hasOwn(raw, key)) continue;
    if (key === 'platforms') overrides = raw[key];
    else base[key] = raw[key];
  }
  if (overrides !== null) {
    if (!isPlainObject(overrides)) problems.push('platforms: must be an object');
    else {
      for (var name in overrides) {
        if (!hasOwn(overrides, name)) continue;
        if (PLATFORM_NAMES.indexOf(name) < 0) problems.push(unknownKey('platforms.' + name, name, PLATFORM_NAMES));
        else checkFields(PROFILE_FIELDS, overrides[name], 'platforms.' + name, problems, true);
      }
      if (platform && isPlainObject(overrides[platform])) base = merge(base, overrides[platform] as { [key: string]: unknown });
    }
  }
  var profile = checkFields(PROFILE_FIELDS, base, '', problems, false) as unknown as Profile;
  if (problems.length === 0) checkAcrossFields(profile, problems);
  if (problems.length > MAX_PROBLEMS) problems = problems.slice(0, MAX_PROBLEMS).concat(['…and more']);
  return problems.length ? { ok: false, problems: problems } : { ok: true, profile: profile };
}

function checkAcrossFields(profile: Profile, problems: string[]): void {
  var insecureHint = ' (http only with allowInsecure, for local development)';
  if (!profile.allowInsecure && !/^https:/i.test(profile.vault.endpoint))
    problems.push('vault.endpoint: must be an https URL' + insecureHint);
  var kava = profile.kava;
  if (kava.enabled) {
    if (!kava.endpoint) problems.push('kava.endpoint: is required when kava.enabled');
    else if (!profile.allowInsecure && !/^https:/i.test(kava.endpoint))
      problems.push('kava.endpoint: must be an https URL' + insecureHint);
    if (kava.partnerId === undefined) problems.push('kava.partnerId: is required when kava.enabled');
  }
  if (profile.contentSource === 'Blend' && !profile.blend.iptvUriPattern)
    problems.push('blend.iptvUriPattern: is required when contentSource is Blend');
}

function checkFields(
  fields: { [key: string]: FieldSpec },
  value: unknown,
  path: string,
  problems: string[],
  partial: boolean
): { [key: string]: unknown } {
  var out: { [key: string]: unknown } = {};
  if (!isPlainObject(value)) {
    problems.push((path || '(profile)') + ': must be an object');
    return out;
  }
  var known = Object.keys(fields);
  for (var key in value) {
    if (hasOwn(value, key) && !hasOwn(fields, key)) problems.push(unknownKey(join(path, key), key, known));
  }
  for (var i = 0; i < known.length; i++) {
    var name = known[i];
    var spec = fields[name];
    var fieldPath = join(path, name);
    if (hasOwn(value, name) && value[name] !== undefined) {
      out[name] = checkValue(spec, value[name], fieldPath, problems, partial);
    } else if (!partial) {
      if (spec.required) problems.push(fieldPath + ': is required');
      else if (spec.type === 'object') out[name] = checkFields(spec.fields!, {}, fieldPath, problems, false);
      else if (spec.def !== undefined) out[name] = spec.type === 'map' ? {} : spec.def;
    }
  }
  return out;
}

function checkValue(spec: FieldSpec, value: unknown, path: string, problems: string[], partial: boolean): unknown {
  var type = spec.type;
  if (type === 'object') return checkFields(spec.fields!, value, path, problems, partial);
  if (type === 'map') {
    var out: { [key: string]: unknown } = {};
    if (!isPlainObject(value)) problems.push(path + ': must be an object');
    else for (var key in value) if (hasOwn(value, key)) out[key] = checkValue(spec.of!, value[key], path + '.' + key, problems, partial);
    return out;
  }
  var problem = scalarProblem(spec, value);
  if (problem) problems.push(path + ': ' + problem);
  return value;
}

function scalarProblem(spec: FieldSpec, value: unknown): string | null {
  var type = spec.type;
  if (type === 'scalar') {
    var t = typeof value;
    return t === 'string' || t === 'boolean' || (t === 'number' && isFinite(value as number))
      ? null
      : 'must be a string, number or boolean';
  }
  if (type === 'boolean') return typeof value === 'boolean' ? null : 'must be true or false';
  if (type === 'number' || type === 'integer') {
    if (typeof value !== 'number' || !isFinite(value)) return 'must be a number';
    if (type === 'integer' && Math.floor(value) !== value) return 'must be a whole number';
    if (value < spec.min! || value > spec.max!) return 'must be between ' + spec.min + ' and ' + spec.max;
    return null;
  }
  if (typeof value !== 'string') return 'must be a string';
  if (spec.values) return spec.values.indexOf(value) >= 0 ? null : 'must be one of ' + spec.values.join(', ');
  if (spec.min !== undefined && value.length < spec.min) return 'must be at least ' + spec.min + ' characters';
  if (spec.max !== undefined && value.length > spec.max) return 'must be at most ' + spec.max + ' characters';
  if (spec.format === 'url' && !/^https?:\/\/[^\s\/?#]+[^\s]*$/i.test(value)) return 'must be an http(s) URL';
  if (spec.format === 'regexp') {
    try {
      new RegExp(value);
    } catch (e) {
      return 'must be a valid regular expression';
    }
  }
  return null;
}

function unknownKey(path: string, key: string, known: string[]): string {
  var best: string | null = null;
  var bestDistance = 3;
  for (var i = 0; i < known.length; i++) {
    var d = editDistance(key.toLowerCase(), known[i].toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = known[i];
    }
  }
  return path + ': unknown key' + (best ? ' (did you mean "' + best + '"?)' : '');
}

function editDistance(a: string, b: string): number {
  var previous: number[] = [];
  for (var j = 0; j <= b.length; j++) previous.push(j);
  for (var i = 1; i <= a.length; i++) {
    var current = [i];
    for (var k = 1; k <= b.length; k++) {
      var cost = a.charAt(i - 1) === b.charAt(k - 1) ? 0 : 1;
      current.push(Math.min(previous[k] + 1, current[k - 1] + 1, previous[k - 1] + cost));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Deep merge of plain objects; `over` wins. Neither input is changed. */
function merge(base: { [key: string]: unknown }, over: { [key: string]: unknown }): { [key: string]: unknown } {
  var out: { [key: string]: unknown } = {};
  var key: string;
  for (key in base) if (hasOwn(base, key)) out[key] = base[key];
  for (key in over) {
    if (!hasOwn(over, key)) continue;
    out[key] = isPlainObject(out[key]) && isPlainObject(over[key]) ? merge(out[key] as any, over[key] as any) : over[key];
  }
  return out;
}

function join(path: string, key: string): string {
  return path ? path + '.' + key : key;
}
