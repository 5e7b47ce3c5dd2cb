// vault.headers: the generated JSON Schema and validateProfile refuse the same names and values
// (the schema cannot count bytes or compare names across case: the validator alone does that).
import { expect } from 'chai';
import * as fs from 'fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { validateProfile } from '../../../src/profile/validate';
import { SCHEMA_PATH } from '../../../tools/gen-profile-schema';

describe('profile vault.headers in the JSON Schema', function () {
  var ajv = new Ajv2020({ allErrors: true, strictTypes: true, allowUnionTypes: true });
  addFormats(ajv);
  var schema = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')));

  function both(headers: { [name: string]: string }, platform?: boolean): [boolean, boolean] {
    var profile: { [key: string]: unknown } = { name: 'op', vault: { endpoint: 'https://vault.example' } };
    if (platform) profile.platforms = { tizen: { vault: { headers: headers } } };
    else (profile.vault as any).headers = headers;
    return [schema(profile) as boolean, validateProfile(profile).ok];
  }

  var good = ['X-Api-Key', 'authorization', 'X-Host', 'Hosts', "x.b!#$%&'*+^_`|~-9"];
  var badNames = ['', 'X Api', 'X-Api:', 'X-Ä', 'a/b', 'Host', 'hOsT', 'Content-Length', 'content-type', 'Cookie', 'Proxy-X', 'SEC-x', 'TE'];
  var badValues = ['a\r\nHost: x', 'b\u0000', 'c\n', '€', 'e\u007f'];

  [false, true].forEach(function (platform) {
    var where = platform ? ' (platform override)' : '';
    it('accepts token names with Latin-1 values in both' + where, function () {
      good.forEach(function (name) {
        var headers: { [name: string]: string } = {};
        headers[name] = 'Zoë\tok';
        expect(both(headers, platform), name).to.deep.equal([true, true]);
      });
    });

    it('refuses bad and forbidden names in both' + where, function () {
      badNames.forEach(function (name) {
        var headers: { [name: string]: string } = {};
        headers[name] = 'v';
        expect(both(headers, platform), JSON.stringify(name)).to.deep.equal([false, false]);
      });
    });

    it('refuses values with line breaks, NUL, DEL or beyond Latin-1 in both' + where, function () {
      badValues.forEach(function (value) {
        expect(both({ 'X-A': value }, platform), JSON.stringify(value)).to.deep.equal([false, false]);
      });
    });
  });
});
