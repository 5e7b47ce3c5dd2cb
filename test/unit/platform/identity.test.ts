import { expect } from 'chai';
import * as sinon from 'sinon';
import { createBrowserPlatform } from '../../../src/platform/detect';
import { Identity } from '../../../src/core/types';
import { deviceOf, fakeDeps, fakeWindow } from './fakes';

function identityOf(platform: { identity(done: (id: Identity) => void): void }): Identity | null {
  var got: Identity | null = null;
  platform.identity((id) => (got = id));
  return got;
}

describe('platform/identity (browser: no device ID of its own)', () => {
  it("answers at once with no device ID, and stores nothing (the stored UUID is the persistence add-on's)", () => {
    var win = fakeWindow();
    var deps = fakeDeps();
    expect(identityOf(createBrowserPlatform(win, deps))).to.deep.equal({});
    expect(win.localStorage!.data).to.deep.equal({});
    expect(deps.clock.pending()).to.equal(0);
  });

  it('calls back exactly once, and a throwing callback does not reach the caller', () => {
    var deps = fakeDeps();
    var platform = createBrowserPlatform(fakeWindow(), deps);
    var done = sinon.spy();
    platform.identity(done);
    expect(done.calledOnce).to.equal(true);
    expect(() =>
      platform.identity(() => {
        throw new Error('agent bug');
      })
    ).not.to.throw();
    expect(deps.logger.error.calledOnce).to.equal(true);
  });

  it('describes a browser with its engine and no model', () => {
    var win = fakeWindow();
    var d = deviceOf(createBrowserPlatform(win, fakeDeps()), win);
    expect(d).to.deep.equal({ platform: 'browser', engine: 'Chromium 120', model: null, firmware: null });
    expect(createBrowserPlatform(fakeWindow(), fakeDeps()).broadcastChannelId()).to.equal(null);
  });
});
