/**
 * Generates schema/profile.schema.json (JSON Schema draft 2020-12), src/profile/input.ts (the
 * ProfileInput type, tools/profile-input.ts) and docs/profile.md (the reference page,
 * tools/profile-reference.ts), from the profile spec in
 * src/profile/spec.ts (with the fields of the sections it keeps as written: `kava` and `debug` from
 * their add-ons, src/kava/profile.ts and src/overlay/profile.ts, and `package` from
 * tools/package/profile-spec.ts) and the descriptions in tools/profile-docs.ts, so the schema, the
 * validator and the defaults come from one table.
 *
 *   npx tsx tools/gen-profile-schema.ts          write the schema, the input types and the reference
 *   npx tsx tools/gen-profile-schema.ts --check  exit 1 when any committed file is stale
 */
import * as fs from 'fs';
import * as path from 'path';
import { FieldSpec, FORBIDDEN_HEADERS, HEADER_NAME, HEADER_VALUE, PLATFORM_NAMES } from '../src/profile/spec';
import { PACKAGING_PROFILE_FIELDS } from './package/profile-spec';
import { fieldDescription } from './profile-docs';
import { INPUT_TYPES_PATH, renderProfileInput } from './profile-input';
import { PROFILE_REFERENCE_PATH, renderProfileReference } from './profile-reference';

export const SCHEMA_PATH = path.resolve(__dirname, '..', 'schema', 'profile.schema.json');

type Json = { [key: string]: unknown };

/** The validator's URL check (`/^https?:\/\/[^\s\/?#]+\S*$/i`), spelled without the i flag. */
const URL_PATTERN = '^[hH][tT][tT][pP][sS]?://[^\\s/?#]+[^\\s]*$';
const HTTPS_PATTERN = '^[hH][tT][tT][pP][sS]:';

/** A regular expression's source matching regardless of case, without the i flag (JSON Schema has none). */
function anyCase(source: string): string {
  return source.replace(/[a-z]/g, (c) => '[' + c + c.toUpperCase() + ']');
}

/** Every dotted path of the spec (`*` for any key of a map), parents before children. */
export function specPaths(fields: { [key: string]: FieldSpec } = PACKAGING_PROFILE_FIELDS, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of Object.keys(fields)) {
    const p = prefix ? prefix + '.' + name : name;
    out.push(p);
    out.push(...childPaths(fields[name], p));
  }
  return out;
}

function childPaths(spec: FieldSpec, p: string): string[] {
  if (spec.type === 'object') return specPaths(spec.fields!, p);
  if (spec.type === 'map') return [p + '.*', ...childPaths(spec.of!, p + '.*')];
  return [];
}

/** Paths the schema needs a description for: the spec's plus `platforms`. */
export function documentedPaths(): string[] {
  return specPaths().concat(['platforms']);
}

/** `partial`: the shape of a platform override (nothing required, no defaults). */
function fieldSchema(spec: FieldSpec, p: string, partial: boolean): Json {
  const out: Json = { description: fieldDescription(p) };
  switch (spec.type) {
    case 'object':
      return Object.assign(out, objectSchema(spec.fields!, p, partial));
    case 'map':
      out.type = 'object';
      out.additionalProperties = fieldSchema(spec.of!, p + '.*', partial);
      if (spec.format === 'header') {
        // the validator also refuses more than spec.max bytes in all
        out.propertyNames = { pattern: HEADER_NAME.source, not: { pattern: anyCase(FORBIDDEN_HEADERS.source) } };
        (out.additionalProperties as Json).pattern = HEADER_VALUE.source;
      }
      break;
    case 'scalar':
      out.type = ['string', 'number', 'boolean'];
      break;
    case 'boolean':
      out.type = 'boolean';
      break;
    case 'number':
    case 'integer':
      out.type = spec.type;
      out.minimum = spec.min;
      out.maximum = spec.max;
      break;
    case 'string':
      out.type = 'string';
      if (spec.values) out.enum = spec.values;
      else {
        // the validator checks lengths only when there is no list of values
        if (spec.min !== undefined) out.minLength = spec.min;
        if (spec.max !== undefined) out.maxLength = spec.max;
        if (spec.format === 'url') out.pattern = URL_PATTERN;
        if (spec.format === 'regexp') out.format = 'regex';
      }
      break;
  }
  // a required field's default is never applied (an object's {} is there for when it is optional)
  if (!partial && spec.def !== undefined && !spec.required) out.default = spec.def;
  return out;
}

function objectSchema(fields: { [key: string]: FieldSpec }, prefix: string, partial: boolean): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const name of Object.keys(fields)) {
    const p = prefix ? prefix + '.' + name : name;
    properties[name] = fieldSchema(fields[name], p, partial);
    if (fields[name].required && !partial) required.push(name);
  }
  const out: Json = { type: 'object', properties: properties };
  if (required.length) out.required = required;
  out.additionalProperties = false;
  return out;
}

/**
 * The rules validateProfile checks across fields (at the end of validateWithFields in src/profile/validate.ts,
 * kava's in src/kava/profile.ts), applied to the profile without overrides. Kept next to the generator because the spec table
 * cannot express them; the schema test has a broken profile for each.
 */
function crossFieldRules(): Json[] {
  // `type: object` everywhere only to satisfy strict validators (ajv strictTypes); the base has it.
  const shape = (properties: Json, required?: string[]): Json =>
    required ? { type: 'object', properties: properties, required: required } : { type: 'object', properties: properties };
  const secure = { not: shape({ allowInsecure: { const: true } }, ['allowInsecure']) };
  const kavaEnabled = shape({ kava: shape({ enabled: { const: true } }, ['enabled']) }, ['kava']);
  return [
    { if: secure, then: shape({ vault: shape({ endpoint: { type: 'string', pattern: HTTPS_PATTERN } }) }) },
    { if: kavaEnabled, then: shape({ kava: { type: 'object', required: ['endpoint', 'partnerId'] } }) },
    {
      if: { allOf: [secure, kavaEnabled] },
      then: shape({ kava: shape({ endpoint: { type: 'string', pattern: HTTPS_PATTERN } }) }),
    },
    {
      if: shape({ contentSource: { const: 'Blend' } }, ['contentSource']),
      then: shape({ blend: { type: 'object', required: ['iptvUriPattern'] } }, ['blend']),
    },
  ];
}

export function buildProfileSchema(): Json {
  const base = objectSchema(PACKAGING_PROFILE_FIELDS, '', false);
  const platforms: Json = {};
  for (const name of PLATFORM_NAMES) {
    platforms[name] = { $ref: '#/$defs/override', description: 'Overrides applied on ' + name + '.' };
  }
  (base.properties as Json).platforms = {
    description: fieldDescription('platforms'),
    type: 'object',
    properties: platforms,
    additionalProperties: false,
  };
  return Object.assign(
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'tv-telemetry-agent operator profile',
      description:
        'Generated from src/profile/spec.ts, src/kava/profile.ts, src/overlay/profile.ts, tools/package/profile-spec.ts and tools/profile-docs.ts by tools/gen-profile-schema.ts; do not edit. ' +
        'Check a profile with `npx tv-telemetry-agent validate <profile.json>`.',
    },
    base,
    {
      allOf: crossFieldRules(),
      $defs: {
        override: Object.assign(
          { description: 'The profile fields, all optional, merged over the profile on one platform.' },
          objectSchema(PACKAGING_PROFILE_FIELDS, '', true)
        ),
      },
    }
  );
}

export function renderProfileSchema(): string {
  return JSON.stringify(buildProfileSchema(), null, 2) + '\n';
}

/** The generated files and what each holds: the schema, the TypeScript input types apps annotate a profile with, and the reference page. */
export function generatedFiles(): { file: string; text: string }[] {
  return [
    { file: SCHEMA_PATH, text: renderProfileSchema() },
    { file: INPUT_TYPES_PATH, text: renderProfileInput() },
    { file: PROFILE_REFERENCE_PATH, text: renderProfileReference() },
  ];
}

function main(argv: string[]): number {
  const check = argv.indexOf('--check') >= 0;
  let stale = 0;
  for (const { file, text } of generatedFiles()) {
    const shown = path.relative(process.cwd(), file);
    if (check) {
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (committed !== text) (console.error(shown + ' is stale: run npx tsx tools/gen-profile-schema.ts'), stale++);
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log('wrote ' + shown);
  }
  return stale ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
