import { expect } from 'chai';
import * as sinon from 'sinon';
import { createBrowserPlatform } from '../../../src/platform/detect';
import { createBase, Emit, MAX_LISTENERS } from '../../../src/platform/base';
import { LifecycleEvent } from '../../../src/platform/platform';
import { fakeDeps, fakeWindow } from './fakes';

/** The lifecycle hub of a platform: its listeners (onLifecycle) and what a vendor emits. */
function createHub(logger: ReturnType<typeof fakeDeps>['logger']) {
  var deps = fakeDeps();
  deps.logger = logger;
  var emit: Emit | null = null;
  var platform = createBase('browser', fakeWindow(), deps, (win, given) => {
    emit = given;
    return {};
  });
  return { on: platform.onLifecycle, emit: emit! };
}

function setup(init?: (win: ReturnType<typeof fakeWindow>) => void) {
  var win = fakeWindow();
  if (init) init(win);
  var deps = fakeDeps();
  var platform = createBrowserPlatform(win, deps);
  var events: LifecycleEvent[] = [];
  platform.onLifecycle((e) => events.push(e));
  return { win, deps, platform, events };
}

describe('platform/lifecycle', () => {
  it('maps visibilitychange to hide and show, once per change', () => {
    var { win, events } = setup();
    win.document.hidden = true;
    win.document.fire('visibilitychange');
    win.document.fire('webkitvisibilitychange');
    win.document.fire('visibilitychange');
    win.document.hidden = false;
    win.document.fire('visibilitychange');
    win.document.fire('webkitvisibilitychange');
    expect(events).to.deep.equal(['hide', 'show']);
  });

  it('reads webkitHidden on old engines without document.hidden', () => {
    var { win, events } = setup((w) => {
      delete w.document.hidden;
      w.document.webkitHidden = false;
    });
    win.document.webkitHidden = true;
    win.document.fire('webkitvisibilitychange');
    win.document.webkitHidden = false;
    win.document.fire('webkitvisibilitychange');
    expect(events).to.deep.equal(['hide', 'show']);
  });

  it('does not announce show at start, and announces nothing for a page that starts hidden until it shows', () => {
    var { win, events } = setup((w) => {
      w.document.hidden = true;
    });
    win.document.fire('visibilitychange');
    expect(events).to.deep.equal([]);
    win.document.hidden = false;
    win.document.fire('visibilitychange');
    expect(events).to.deep.equal(['show']);
  });

  it('fires exit once for pagehide and beforeunload together', () => {
    var { win, events } = setup();
    win.fire('beforeunload');
    win.fire('pagehide');
    win.fire('pagehide');
    expect(events).to.deep.equal(['exit']);
  });

  it('maps online/offline events to the navigator state, once per change', () => {
    var { win, platform, events } = setup();
    expect(platform.isOnline()).to.equal(true);
    win.navigator.onLine = false;
    win.fire('offline');
    win.fire('offline');
    expect(platform.isOnline()).to.equal(false);
    win.navigator.onLine = true;
    win.fire('online');
    expect(events).to.deep.equal(['offline', 'online']);
  });

  it('counts a navigator without onLine as online', () => {
    var { win, platform } = setup();
    delete win.navigator.onLine;
    expect(platform.isOnline()).to.equal(true);
  });

  it('starts offline without announcing it when the page loads offline', () => {
    var { win, events } = setup((w) => {
      w.navigator.onLine = false;
    });
    win.fire('offline');
    win.navigator.onLine = true;
    win.fire('online');
    expect(events).to.deep.equal(['online']);
  });

  it('delivers to every listener and unsubscribes one', () => {
    var { win, platform, events } = setup();
    var other: LifecycleEvent[] = [];
    var off = platform.onLifecycle((e) => other.push(e));
    win.document.hidden = true;
    win.document.fire('visibilitychange');
    off();
    off();
    win.document.hidden = false;
    win.document.fire('visibilitychange');
    expect(events).to.deep.equal(['hide', 'show']);
    expect(other).to.deep.equal(['hide']);
  });

  it('keeps delivering when a listener throws, and logs it', () => {
    var { win, deps, platform, events } = setup();
    platform.onLifecycle(() => {
      throw new Error('listener bug');
    });
    var after: LifecycleEvent[] = [];
    platform.onLifecycle((e) => after.push(e));
    expect(() => win.fire('pagehide')).not.to.throw();
    expect(events).to.deep.equal(['exit']);
    expect(after).to.deep.equal(['exit']);
    expect(deps.logger.error.calledOnce).to.equal(true);
  });

  it('ignores listeners past ' + MAX_LISTENERS + ' with a warning and a harmless unsubscribe, and reuses freed slots', () => {
    var deps = fakeDeps();
    var lc = createHub(deps.logger);
    var calls: number[] = [];
    var offs: Array<() => void> = [];
    for (var i = 0; i < MAX_LISTENERS + 1; i++) {
      ((n) => offs.push(lc.on(() => calls.push(n))))(i);
    }
    expect(deps.logger.warn.calledOnce).to.equal(true);
    lc.emit('lowMemory');
    expect(calls).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    offs[MAX_LISTENERS]();
    offs[3]();
    lc.on(() => calls.push(99));
    calls = [];
    lc.emit('lowMemory');
    expect(calls).to.deep.equal([0, 1, 2, 99, 4, 5, 6, 7]);
  });

  it('lets a listener unsubscribe itself while being called', () => {
    var lc = createHub(fakeDeps().logger);
    var seen: string[] = [];
    var off = lc.on(() => {
      seen.push('a');
      off();
    });
    lc.on(() => seen.push('b'));
    lc.emit('lowMemory');
    lc.emit('lowMemory');
    expect(seen).to.deep.equal(['a', 'b', 'b']);
  });

  it('destroy() removes every DOM listener it added and stops delivery', () => {
    var { win, platform, events } = setup();
    expect(win.count() + win.document.count()).to.be.greaterThan(0);
    platform.destroy();
    expect(win.count()).to.equal(0);
    expect(win.document.count()).to.equal(0);
    win.fire('pagehide');
    expect(events).to.deep.equal([]);
  });

  it('survives a window whose addEventListener throws', () => {
    var win = fakeWindow();
    win.addEventListener = sinon.stub().throws(new Error('no events'));
    var platform = createBrowserPlatform(win, fakeDeps());
    expect(platform.isOnline()).to.equal(true);
    expect(() => platform.destroy()).not.to.throw();
  });
});
