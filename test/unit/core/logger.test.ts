import { expect } from 'chai';
import { safeLogger } from '../../../src/core/logger';
import { Logger } from '../../../src/core/types';
import { createAgent } from '../../../src/agent/agent';
import { UUID_PATTERN } from '../../../src/core/ids';
import { persistencePlugin } from '../../../src/delivery/persist';

function capture(): { logger: Logger; lines: string[] } {
  var lines: string[] = [];
  var push = function (m: string) {
    lines.push(m);
  };
  return { logger: { debug: push, info: push, warn: push, error: push }, lines: lines };
}

describe('core/logger', function () {
  it('cuts the query and fragment off every URI in a line, keeping the URI readable', function () {
    var c = capture();
    safeLogger(c.logger).error('load of https://cdn.example/a.mpd?token=secret failed; see http://x.example/p#frag too');
    expect(c.lines).to.deep.equal(['load of https://cdn.example/a.mpd failed; see http://x.example/p too']);
  });

  it('keeps a question mark that is not part of a URI, and folds a message onto one line', function () {
    var c = capture();
    safeLogger(c.logger).warn('vault.endpont: unknown key (did you mean "endpoint"?)\n  at somewhere');
    expect(c.lines).to.deep.equal(['vault.endpont: unknown key (did you mean "endpoint"?) at somewhere']);
  });

  it('sanitises what a plugin or the platform logs too, since they log through it', function () {
    var c = capture();
    var logger = safeLogger(c.logger);
    logger.info('tvt: identity: Error: luna://com.webos.service.sm?idType=LGUDID refused');
    expect(c.lines[0]).to.equal('tvt: identity: Error: luna://com.webos.service.sm refused');
  });

  it('never throws, whatever the target logger does', function () {
    var throwing = {
      debug: null,
      info: 1,
      warn: function () {
        throw new Error('x');
      },
    } as unknown as Logger;
    var logger = safeLogger(throwing);
    expect(function () {
      logger.warn('a');
      logger.info('b');
      logger.error('c');
    }).to.not.throw();
  });
});

describe('agent options.storage', function () {
  function appStorage(stored: { [key: string]: string }) {
    return {
      get: function (key: string) {
        return stored[key] === undefined ? null : stored[key];
      },
      set: function (key: string, value: string) {
        stored[key] = value;
        return true;
      },
      remove: function (key: string) {
        delete stored[key];
      },
    };
  }

  it('keeps the device ID in the storage the app injects (through the persistence add-on)', function () {
    var stored: { [key: string]: string } = {};
    var agent = createAgent({
      profile: { name: 'p', vault: { endpoint: 'https://c.example' } },
      platform: 'browser',
      window: {},
      storage: appStorage(stored),
      logger: capture().logger,
      plugins: [persistencePlugin],
    });
    var ids = Object.keys(stored).map((k) => stored[k]);
    expect(ids.some((v) => UUID_PATTERN.test(v))).to.equal(true);
    agent.shutdown();
  });

  it('is left untouched without the persistence add-on: the core has no storage', function () {
    var stored: { [key: string]: string } = {};
    var agent = createAgent({
      profile: { name: 'p', vault: { endpoint: 'https://c.example' } },
      platform: 'browser',
      window: {},
      storage: appStorage(stored),
      logger: capture().logger,
    });
    agent.shutdown();
    expect(stored).to.deep.equal({});
  });
});
