import { expect } from 'chai';
import * as sinon from 'sinon';
import { createBrowserPlatform } from '../../../src/platform/detect';
import { Identity } from '../../../src/core/types';
import { deviceOf, fakeDeps, fakeWindow, UUID4 } from './fakes';

function identityOf(platform: { identity(done: (id: Identity) => void): void }): Identity | null {
  var got: Identity | null = null;
  platform.identity((id) => (got = id));
  return got;
}

describe('platform/identity (stored UUID)', () => {
  it('generates a UUID v4 once, keeps it under tvt:device and gives only deviceId', () => {
    var win = fakeWindow();
    var id = identityOf(createBrowserPlatform(win, fakeDeps()));
    expect(Object.keys(id!)).to.deep.equal(['deviceId']);
    expect(id!.deviceId).to.match(UUID4);
    expect(win.localStorage!.data['tvt:device']).to.equal(id!.deviceId);
    expect(identityOf(createBrowserPlatform(win, fakeDeps()))).to.deep.equal(id);
  });

  it('regenerates a corrupt stored device ID', () => {
    var win = fakeWindow();
    win.localStorage!.data['tvt:device'] = 'not-a-uuid';
    var id = identityOf(createBrowserPlatform(win, fakeDeps()))!.deviceId!;
    expect(id).to.match(UUID4);
    expect(win.localStorage!.data['tvt:device']).to.equal(id);
  });

  it('keeps a valid stored device ID', () => {
    var win = fakeWindow();
    win.localStorage!.data['tvt:device'] = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(identityOf(createBrowserPlatform(win, fakeDeps()))!.deviceId).to.equal('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('draws from crypto.getRandomValues when the window has it', () => {
    var win = fakeWindow({
      crypto: {
        getRandomValues: sinon.spy((a: Uint8Array) => {
          a[0] = 0xff;
          return a;
        }),
      },
    });
    var deps = fakeDeps();
    var id = identityOf(createBrowserPlatform(win, deps))!.deviceId!;
    expect((deps.random as sinon.SinonStub).called).to.equal(false);
    expect(id).to.equal('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('falls back to the injected random without crypto, or when crypto throws', () => {
    var deps = fakeDeps();
    var id = identityOf(createBrowserPlatform(fakeWindow(), deps))!.deviceId;
    expect(id).to.equal('80808080-8080-4080-8080-808080808080');
    var throwing = fakeWindow({ crypto: { getRandomValues: sinon.stub().throws(new Error('nope')) } });
    expect(identityOf(createBrowserPlatform(throwing, fakeDeps()))!.deviceId).to.equal(id);
  });

  it('still gives a device ID, stable for the session, when storage is unusable', () => {
    var win = fakeWindow({ localStorage: null });
    var platform = createBrowserPlatform(win, fakeDeps());
    var first = identityOf(platform);
    expect(first!.deviceId).to.match(UUID4);
    expect(identityOf(platform)).to.deep.equal(first);
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
      }),
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
