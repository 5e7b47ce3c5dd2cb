// Checks received records against schema/vault-record.schema.json, plus the few contract rules
// JSON Schema cannot say (ordering, position in the batch, endpoint/activity agreement).
import Ajv, { type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Activity = 'playback_metrics' | 'playerError';
export const ACTIVITIES: readonly Activity[] = ['playback_metrics', 'playerError'];

export interface RecordError {
  /** JSON Pointer into the record, "" for the record itself. */
  path: string;
  message: string;
  keyword: string;
}

export const SCHEMA_PATH = join(__dirname, '..', '..', 'schema', 'vault-record.schema.json');

export function createRecordValidator(schemaPath = SCHEMA_PATH) {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  const validateSchema = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

  /** Errors for one record at `index` of a batch posted to the `activity` endpoint; [] if valid. */
  return function validate(record: unknown, index: number, activity: Activity): RecordError[] {
    const errors: RecordError[] = [];
    if (!validateSchema(record)) {
      // "must match then schema" only repeats the errors found inside the "then": leave it out.
      errors.push(...(validateSchema.errors ?? []).filter((e) => e.keyword !== 'if').map(fromAjv));
    }
    if (!isObject(record)) return errors;

    if (record.activityName !== undefined && record.activityName !== activity) {
      errors.push({ path: '/activityName', keyword: 'endpoint', message: `is "${String(record.activityName)}" but was posted to ${activity}` });
    }
    if (record.droppedRecords !== undefined && index > 0) {
      errors.push({ path: '/droppedRecords', keyword: 'batchPosition', message: `is only allowed on the first record of a batch, found on record ${index}` });
    }
    const bitrates = isObject(record.metadata) ? record.metadata.availableBitrates : undefined;
    if (Array.isArray(bitrates) && bitrates.some((b, i) => i > 0 && !(Number(b) > Number(bitrates[i - 1])))) {
      errors.push({ path: '/metadata/availableBitrates', keyword: 'ascending', message: 'must be in ascending order' });
    }
    return errors;
  };
}

function fromAjv(error: ErrorObject): RecordError {
  const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return { path: error.instancePath, keyword: error.keyword, message: `${error.message ?? 'is invalid'}${extra}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
