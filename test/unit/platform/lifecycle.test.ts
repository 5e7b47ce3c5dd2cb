import { expect } from 'chai';
import * as sinon from 'sinon';
import { createBrowserPlatform } from '../../../src/platform/detect';
import { createBase } from '../../../src/platform/base';
import { LifecycleEvent, VendorHooks } from '../../../src/platform/platform';
import { fakeDeps, fakeWindow } from './fakes';

/** The lifecycle hub of a platform: its listener (onLifecycle) and what a vendor emits. */
function createHub() {
  var emit: VendorHooks['emit'] | null = null;
  var platform = createBase('browser', fakeWindow(), fakeDeps(), (hooks) => {
    emit = hooks.emit;
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

  it('has one listener: a later one replaces it (nothing to grow), destroy() removes it', () => {
    var { win, platform, events } = setup();
    var other: LifecycleEvent[] = [];
    platform.onLifecycle((e) => other.push(e));
    win.document.hidden = true;
    win.document.fire('visibilitychange');
    expect(events).to.deep.equal([]);
    expect(other).to.deep.equal(['hide']);
    platform.destroy();
    win.document.hidden = false;
    win.document.fire('visibilitychange');
    expect(other).to.deep.equal(['hide']);
  });

  it('logs a listener that throws, keeps the DOM event going and still delivers the next events', () => {
    var { win, deps, platform } = setup();
    var seen: LifecycleEvent[] = [];
    platform.onLifecycle((e) => {
      seen.push(e);
      throw new Error('listener bug');
    });
    win.document.hidden = true;
    expect(() => win.document.fire('visibilitychange')).not.to.throw();
    expect(deps.logger.error.calledOnce).to.equal(true);
    expect(deps.logger.error.firstCall.args[0]).to.contain('lifecycle');
    expect(() => win.fire('pagehide')).not.to.throw();
    expect(seen).to.deep.equal(['hide', 'exit']);
    expect(deps.logger.error.calledTwice).to.equal(true);
  });

  it('announces what a vendor emits, once per change for the change-only events', () => {
    var lc = createHub();
    var calls: LifecycleEvent[] = [];
    lc.on((e) => calls.push(e));
    lc.emit('lowMemory');
    lc.emit('lowMemory');
    lc.emit('show'); // visible already
    lc.emit('offline');
    lc.emit('offline');
    lc.emit('exit');
    lc.emit('exit');
    expect(calls).to.deep.equal(['lowMemory', 'lowMemory', 'offline', 'exit']);
  });

  it('lets the listener destroy the platform while being called', () => {
    var { win, platform } = setup();
    var seen: LifecycleEvent[] = [];
    platform.onLifecycle((e) => {
      seen.push(e);
      platform.destroy();
    });
    win.fire('offline'); // navigator still online: no change
    win.navigator.onLine = false;
    expect(() => win.fire('offline')).not.to.throw();
    win.navigator.onLine = true;
    win.fire('online');
    expect(seen).to.deep.equal(['offline']);
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
