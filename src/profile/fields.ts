import type { Profile } from './types';

/**
 * How a profile field is described (type, bounds, default), and the helpers that spell the usual
 * ones: the core's table (spec.ts) and the add-ons' sections (kava, debug) use the same words.
 */
export interface FieldSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'scalar' | 'object' | 'map';
  /** Applied when the key is absent (a required one is a problem instead); undefined means "stays absent". */
  def?: unknown;
  required?: boolean;
  /** numbers: value range; strings: length range */
  min?: number;
  max?: number;
  values?: string[];
  /** `header` on a map: request headers (names and values as XHR takes them, `max` bytes in all) */
  format?: 'url' | 'regexp' | 'header';
  /** for objects: the spec of every key; without it any object is taken as it is */
  fields?: { [key: string]: FieldSpec };
  /** for maps: the spec of every value */
  of?: FieldSpec;
  /** A section's rules across fields (kava's: src/kava/profile.ts), run on the whole profile once it is otherwise valid. */
  rule?: ProfileRule;
}

/** Calls `problem` for each broken rule; `httpsOnly` checks an endpoint as vault.endpoint is (https unless allowInsecure). */
export type ProfileRule = (profile: Profile, problem: (path: string, text: string) => void, httpsOnly: (path: string, url: string) => void) => void;

/** `spec` (a fresh one: it is changed) made required: when absent, a problem instead of a default. */
export function required(spec: FieldSpec): FieldSpec {
  spec.required = true;
  return spec;
}
export function str(min: number, max: number): FieldSpec {
  return { type: 'string', min: min, max: max };
}
export function oneOf(values: string[], def?: string): FieldSpec {
  return { type: 'string', values: values, def: def };
}
export function num(min: number, max: number, def?: number): FieldSpec {
  return { type: 'number', min: min, max: max, def: def };
}
export function int(min: number, max: number, def?: number): FieldSpec {
  return { type: 'integer', min: min, max: max, def: def };
}
export function url(): FieldSpec {
  return { type: 'string', format: 'url', min: 8, max: 512 };
}
/** An object of `fields`; when optional and absent, {} with the fields' defaults. */
export function obj(fields: { [key: string]: FieldSpec }): FieldSpec {
  return { type: 'object', fields: fields, def: {} };
}
