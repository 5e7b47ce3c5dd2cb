import { expect } from 'chai';
import { createStorage, MEMORY_MAX_CHARS, MEMORY_MAX_KEYS } from '../../../src/platform/storage';
import { createAgent } from '../../../src/agent/agent';
import { persistencePlugin } from '../../../src/delivery/persist';
import { fakeDeps, fakeWindow, FakeLocalStorage } from './fakes';
import { throwingStorage } from '../../helpers/env';

describe('platform/storage', () => {
  it('writes through to localStorage under the "tvt:" prefix and leaves no probe key behind', () => {
    var win = fakeWindow();
    var s = createStorage({ window: win, logger: fakeDeps().logger });
    expect(s.set('a', '1')).to.equal(true);
    expect(win.localStorage!.data).to.deep.equal({ 'tvt:a': '1' });
    expect(s.get('a')).to.equal('1');
    s.remove('a');
    expect(s.get('a')).to.equal(null);
    expect(win.localStorage!.data).to.deep.equal({});
  });

  it('uses a custom prefix', () => {
    var win = fakeWindow();
    createStorage({ window: win, logger: fakeDeps().logger, prefix: 'x:' }).set('k', 'v');
    expect(win.localStorage!.data).to.deep.equal({ 'x:k': 'v' });
  });

  it('keeps state in memory when localStorage is missing', () => {
    var win = fakeWindow({ localStorage: undefined });
    var deps = fakeDeps();
    var s = createStorage({ window: win, logger: deps.logger });
    expect(s.set('a', '1')).to.equal(true);
    expect(s.get('a')).to.equal('1');
    expect(s.get('b')).to.equal(null);
    s.remove('a');
    expect(s.get('a')).to.equal(null);
    expect(deps.logger.info.calledOnce).to.equal(true);
  });

  it('keeps state in memory when reading window.localStorage itself throws (sandboxed frame)', () => {
    var win = fakeWindow();
    Object.defineProperty(win, 'localStorage', {
      get() {
        throw new Error('SecurityError');
      },
    });
    var s = createStorage({ window: win, logger: fakeDeps().logger });
    expect(s.set('a', '1')).to.equal(true);
    expect(s.get('a')).to.equal('1');
  });

  it('keeps state in memory when setItem throws at the probe (HbbTV storage that exists but fails)', () => {
    var win = fakeWindow();
    win.localStorage!.failSet = true;
    var s = createStorage({ window: win, logger: fakeDeps().logger });
    expect(s.set('a', '1')).to.equal(true);
    expect(s.get('a')).to.equal('1');
    expect(win.localStorage!.data).to.deep.equal({});
  });

  it('never throws when getItem and removeItem throw too', () => {
    var win = fakeWindow();
    var ls = win.localStorage!;
    var s = createStorage({ window: win, logger: fakeDeps().logger });
    ls.getItem = () => {
      throw new Error('boom');
    };
    ls.removeItem = () => {
      throw new Error('boom');
    };
    ls.failSet = true;
    expect(s.get('a')).to.equal(null);
    expect(() => s.remove('a')).not.to.throw();
    expect(s.set('a', '1')).to.equal(true);
    expect(s.get('a')).to.equal('1');
  });

  it('keeps a value localStorage refuses for quota in memory, and reads it back before the stale stored one', () => {
    var win = fakeWindow();
    var ls = win.localStorage!;
    var s = createStorage({ window: win, logger: fakeDeps().logger });
    expect(s.set('q', 'old')).to.equal(true);
    ls.quota = 20;
    var big = new Array(50).join('x');
    expect(s.set('q', big)).to.equal(true);
    expect(s.get('q')).to.equal(big);
    expect(ls.getItem('tvt:q')).to.equal(null);
    ls.quota = Infinity;
    expect(s.set('q', 'small')).to.equal(true);
    expect(s.get('q')).to.equal('small');
    expect(ls.getItem('tvt:q')).to.equal('small');
  });

  it('bounds memory to ' + MEMORY_MAX_KEYS + ' keys and refuses a new key past it', () => {
    var s = createStorage({ window: fakeWindow({ localStorage: null }), logger: fakeDeps().logger });
    for (var i = 0; i < MEMORY_MAX_KEYS; i++) expect(s.set('k' + i, 'v')).to.equal(true);
    expect(s.set('extra', 'v')).to.equal(false);
    expect(s.get('extra')).to.equal(null);
    expect(s.set('k0', 'replaced')).to.equal(true);
    s.remove('k1');
    expect(s.set('extra', 'v')).to.equal(true);
  });

  it('bounds memory to ' + MEMORY_MAX_CHARS + ' characters; a refused value leaves the key empty', () => {
    var s = createStorage({ window: fakeWindow({ localStorage: null }), logger: fakeDeps().logger });
    var half = new Array(MEMORY_MAX_CHARS / 2).join('x');
    expect(s.set('a', half)).to.equal(true);
    expect(s.set('b', half + 'yy')).to.equal(false);
    expect(s.get('b')).to.equal(null);
    expect(s.set('b', half.slice(100))).to.equal(true);
    expect(s.set('a', half + half)).to.equal(false);
    expect(s.get('a')).to.equal(null);
    expect(s.set('c', half)).to.equal(true);
  });

  it('is not fooled by keys named like Object.prototype members', () => {
    var s = createStorage({ window: fakeWindow({ localStorage: null }), logger: fakeDeps().logger });
    expect(s.get('hasOwnProperty')).to.equal(null);
    expect(s.get('__proto__')).to.equal(null);
    expect(s.set('__proto__', 'v')).to.equal(true);
    expect(s.get('__proto__')).to.equal('v');
  });

  it('does not share state between instances in memory mode', () => {
    var a = createStorage({ window: fakeWindow({ localStorage: null }), logger: fakeDeps().logger });
    var b = createStorage({ window: fakeWindow({ localStorage: null }), logger: fakeDeps().logger });
    a.set('k', 'v');
    expect(b.get('k')).to.equal(null);
  });

  it('reads what another instance wrote to the same localStorage', () => {
    var ls = new FakeLocalStorage();
    createStorage({ window: fakeWindow({ localStorage: ls }), logger: fakeDeps().logger }).set('k', 'v');
    expect(createStorage({ window: fakeWindow({ localStorage: ls }), logger: fakeDeps().logger }).get('k')).to.equal('v');
  });

  it('holds an app-given storage that throws or answers garbage to the same promise: absent, not kept, never a throw', () => {
    const guardStorage = (given: any) => createStorage({ window: fakeWindow(), logger: fakeDeps().logger, given, prefix: 'unused:' });
    const throwing = throwingStorage();
    const s = guardStorage(throwing);
    expect(s.get('a')).to.equal(null);
    expect(s.set('a', '1')).to.equal(false);
    expect(() => s.remove('a')).not.to.throw();
    expect(guardStorage({ get: () => 42 as any, set: () => undefined as any, remove: () => {} }).get('a')).to.equal(null);
    expect(guardStorage({ get: () => 'v', set: () => undefined as any, remove: () => {} }).set('a', 'v')).to.equal(true);
  });

  it('uses an app-given storage alone: its keys unprefixed, localStorage untouched, nothing kept in memory', () => {
    const win = fakeWindow();
    const deps = fakeDeps();
    const stored: { [key: string]: string } = {};
    let accept = true;
    const s = createStorage({
      window: win,
      logger: deps.logger,
      given: {
        get: (key) => (key in stored ? stored[key] : null),
        set: (key, value) => {
          if (accept) stored[key] = value;
          return accept;
        },
        remove: (key) => {
          delete stored[key];
        },
      },
    });
    expect(s.set('a', '1')).to.equal(true);
    expect(stored).to.deep.equal({ a: '1' });
    expect(s.get('a')).to.equal('1');
    accept = false;
    expect(s.set('b', '2')).to.equal(false);
    expect(s.get('b')).to.equal(null);
    s.remove('a');
    expect(stored).to.deep.equal({});
    expect(win.localStorage!.data).to.deep.equal({});
    expect(deps.logger.info.called).to.equal(false);
  });

  it('starts an agent over an app-given storage whose every method throws', () => {
    const throwing = throwingStorage();
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const agent = createAgent({
      profile: { name: 't', vault: { endpoint: 'https://c.example' } },
      storage: throwing,
      window: {},
      platform: 'browser',
      logger: quiet,
      plugins: [persistencePlugin],
    } as any);
    expect(agent.status().queued).to.equal(0);
    agent.shutdown();
  });
});
