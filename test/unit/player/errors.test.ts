import { expect } from 'chai';
import { toFault } from '../../../src/player/errors';
import { CRITICAL, fakeShakaModule, RECOVERABLE, shakaError } from '../../helpers/fake-player';

describe('player/errors', function () {
  it('names category and code from the Shaka module enums when it is given', function () {
    var f = toFault(shakaError(CRITICAL, 1, 1001, ['https://cdn.example/x.m4s', 404]), false, fakeShakaModule());
    expect(f).to.deep.equal({
      code: 1001,
      category: 1,
      severity: 2,
      name: 'NETWORK.BAD_HTTP_STATUS',
      detail: 'https://cdn.example/x.m4s 404',
      fromLoad: false,
    });
  });

  it('uses the numbers when no Shaka module is given', function () {
    expect(toFault(shakaError(RECOVERABLE, 6, 6007), true, null).name).to.equal('6.6007');
  });

  it('uses the number for a code or category the enums do not have', function () {
    expect(toFault(shakaError(CRITICAL, 3, 3999), false, fakeShakaModule()).name).to.equal('MEDIA.3999');
    expect(toFault(shakaError(CRITICAL, 42, 1001), false, fakeShakaModule()).name).to.equal('42.BAD_HTTP_STATUS');
    expect(toFault({ code: 1001 }, false, fakeShakaModule()).name).to.equal('?.BAD_HTTP_STATUS');
  });

  it('describes anything thrown that is not a Shaka error', function () {
    expect(toFault(new Error('network down'), true, null)).to.deep.equal({
      code: null,
      category: null,
      severity: null,
      name: 'UNKNOWN',
      detail: 'network down',
      fromLoad: true,
    });
    expect(toFault('plain text', false, null).detail).to.equal('plain text');
    expect(toFault(undefined, false, null).detail).to.equal('');
  });

  it('strips query strings from URIs in the detail and keeps it short', function () {
    var long = new Array(400).join('a');
    var f = toFault(shakaError(CRITICAL, 1, 1001, ['https://cdn.example/x?token=secret', long, 'ignored-4th']), false, null);
    expect(f.detail).to.not.contain('secret');
    expect(f.detail.length).to.equal(160);
    var g = toFault(shakaError(CRITICAL, 1, 1001, [{ nested: true }, 'a\n  b', 5, 6]), false, null);
    expect(g.detail).to.equal('a b 5 6');
  });
});
