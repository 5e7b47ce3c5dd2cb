/**
 * What the fuzz suites assert about everything an agent sent: each request body parses, and every
 * record in it validates against schema/vault-record.schema.json (ajv), keeps the contract rules
 * JSON Schema cannot say (test/helpers/contract.ts, the collector's extra checks) and holds only
 * finite numbers.
 */
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { contractProblems } from '../../helpers/contract';
import { ScriptedTransport } from '../../helpers/scripted-transport';

var schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../schema/vault-record.schema.json'), 'utf8'));
var validateSchema = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);

/** Every problem with one request body posted to `url`, prefixed with where it was found. */
export function bodyProblems(url: string, body: string | null): string[] {
  var where = url.replace(/^.*\//, '') + ': ';
  if (body === null) return [where + 'no body'];
  var parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return [where + 'body is not JSON'];
  }
  var activity = url.substring(url.lastIndexOf('/') + 1);
  var records = parsed instanceof Array ? parsed : [parsed];
  var problems: string[] = [];
  records.forEach(function (record: any, index: number) {
    var at = where + 'record ' + index + ': ';
    if (!validateSchema(record)) {
      (validateSchema.errors || []).forEach(function (e) {
        if (e.keyword !== 'if') problems.push(at + e.instancePath + ' ' + e.message);
      });
    }
    contractProblems(record).forEach(function (p) {
      problems.push(at + p);
    });
    if (record && record.activityName !== activity) problems.push(at + 'activityName ' + record.activityName + ' posted to ' + activity);
    if (record && record.droppedRecords !== undefined && index > 0) problems.push(at + 'droppedRecords not on the first record');
    var bitrates = record && record.metadata && record.metadata.availableBitrates;
    if (bitrates instanceof Array && bitrates.some((b: number, i: number) => i > 0 && !(b > bitrates[i - 1])))
      problems.push(at + 'availableBitrates not ascending');
  });
  return problems;
}

/** Problems in every request and accepted beacon the transport saw (empty when all is well). */
export function sentProblems(transport: ScriptedTransport): string[] {
  var problems: string[] = [];
  transport.exchanges.forEach(function (e) {
    problems.push.apply(problems, bodyProblems(e.request.url, e.request.body));
  });
  transport.beacons.forEach(function (b) {
    problems.push.apply(problems, bodyProblems(b.url, b.body));
  });
  return problems;
}

/** How many records of `activity` the transport saw in requests and beacons (parsed bodies). */
export function sentCount(transport: ScriptedTransport, activity?: string): number {
  return transport.sent(activity).length;
}
