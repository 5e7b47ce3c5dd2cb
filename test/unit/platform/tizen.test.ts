import { expect } from 'chai';
import * as sinon from 'sinon';
import { createTizenPlatform } from '../../../src/platform/tizen';
import { Identity } from '../../../src/core/types';
import { LifecycleEvent } from '../../../src/platform/platform';
import { deviceOf, fakeDeps, fakeWindow } from './fakes';

var TIZEN_65 = 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36';

function tizenWindow(webapis: unknown) {
  var win = fakeWindow({ webapis, tizen: {} });
  win.navigator.userAgent = TIZEN_65;
  return win;
}

function network() {
  var listeners: Array<(state: number) => void> = [];
  return {
    listeners,
    type: 1,
    NetworkState: { GATEWAY_CONNECTED: 4, GATEWAY_DISCONNECTED: 5 },
    getActiveConnectionType: sinon.spy(function (this: { type: number }) {
      return this.type;
    }),
    addNetworkStateChangeListener: sinon.spy((fn: (state: number) => void) => listeners.push(fn)),
    removeNetworkStateChangeListener: sinon.spy((id: number) => {
      listeners[id - 1] = () => {};
    }),
  };
}

describe('platform/tizen', () => {
  it('identifies by DUID and describes model, firmware and Chromium engine', () => {
    var productinfo = { getDuid: () => 'DUID-123', getModel: () => 'UE55AU7172', getFirmware: () => 'T-KSU2EDEUC-1304.2' };
    var win = tizenWindow({ productinfo });
    var platform = createTizenPlatform(win, fakeDeps());
    var id: Identity | null = null;
    platform.identity((i) => (id = i));
    expect(id).to.deep.equal({ deviceId: 'DUID-123' });
    expect(deviceOf(platform, win)).to.deep.equal({
      platform: 'tizen',
      engine: 'Chromium 85',
      model: 'UE55AU7172',
      firmware: 'T-KSU2EDEUC-1304.2',
    });
  });

  it('gives no device ID and a null model when productinfo throws for lack of privilege', () => {
    var denied = () => {
      throw new Error('SecurityError: productinfo privilege');
    };
    var win = tizenWindow({ productinfo: { getDuid: denied, getModel: denied, getFirmware: denied } });
    var deps = fakeDeps();
    var platform = createTizenPlatform(win, deps);
    var id: Identity | null = null;
    platform.identity((i) => (id = i));
    expect(id!).to.deep.equal({});
    expect(win.localStorage!.data).to.deep.equal({}); // the platform stores nothing
    expect(deps.clock.pending()).to.equal(0);
    var d = deviceOf(platform);
    expect([d.model, d.firmware]).to.deep.equal([null, null]);
  });

  it('ignores an empty DUID', () => {
    var platform = createTizenPlatform(tizenWindow({ productinfo: { getDuid: () => '' } }), fakeDeps());
    var id: Identity | null = null;
    platform.identity((i) => (id = i));
    expect(id!).to.deep.equal({});
  });

  it('works with no webapis at all (name chosen explicitly)', () => {
    var win = fakeWindow();
    var platform = createTizenPlatform(win, fakeDeps());
    var id: Identity | null = null;
    platform.identity((i) => (id = i));
    expect(id!).to.deep.equal({});
    expect(platform.isOnline()).to.equal(true);
    expect(deviceOf(platform).model).to.equal(null);
  });

  it('is offline when the active connection type is 0 (disconnected)', () => {
    var net = network();
    var platform = createTizenPlatform(tizenWindow({ network: net }), fakeDeps());
    expect(platform.isOnline()).to.equal(true);
    net.type = 0;
    expect(platform.isOnline()).to.equal(false);
  });

  it('counts as online when getActiveConnectionType throws (no network.public privilege)', () => {
    var net = network();
    net.getActiveConnectionType = sinon.stub().throws(new Error('SecurityError')) as never;
    expect(createTizenPlatform(tizenWindow({ network: net }), fakeDeps()).isOnline()).to.equal(true);
  });

  it('is offline when navigator.onLine says so even if Tizen reports a connection', () => {
    var win = tizenWindow({ network: network() });
    win.navigator.onLine = false;
    expect(createTizenPlatform(win, fakeDeps()).isOnline()).to.equal(false);
  });

  it('turns gateway state changes into offline/online events, and removes its listener on destroy', () => {
    var net = network();
    var platform = createTizenPlatform(tizenWindow({ network: net }), fakeDeps());
    var events: LifecycleEvent[] = [];
    platform.onLifecycle((e) => events.push(e));
    expect(net.listeners.length).to.equal(1);
    net.listeners[0](5);
    expect(platform.isOnline()).to.equal(false);
    net.listeners[0](2); // LAN cable detached: not by itself offline, state unchanged
    net.listeners[0](4);
    expect(platform.isOnline()).to.equal(true);
    expect(events).to.deep.equal(['offline', 'online']);
    platform.destroy();
    expect(net.removeNetworkStateChangeListener.calledOnceWith(1)).to.equal(true);
  });

  it('uses the numeric gateway states when webapis has no NetworkState constants', () => {
    var net = network();
    delete (net as { NetworkState?: unknown }).NetworkState;
    var platform = createTizenPlatform(tizenWindow({ network: net }), fakeDeps());
    net.listeners[0](5);
    expect(platform.isOnline()).to.equal(false);
  });

  it('still builds when addNetworkStateChangeListener throws', () => {
    var net = network();
    net.addNetworkStateChangeListener = sinon.stub().throws(new Error('not supported')) as never;
    var platform = createTizenPlatform(tizenWindow({ network: net }), fakeDeps());
    expect(platform.isOnline()).to.equal(true);
    expect(() => platform.destroy()).not.to.throw();
  });

  it('reports hide on visibilitychange (Tizen pauses JS right after) and exit once on pagehide', () => {
    var win = tizenWindow({});
    var platform = createTizenPlatform(win, fakeDeps());
    var events: LifecycleEvent[] = [];
    platform.onLifecycle((e) => events.push(e));
    win.document.hidden = true;
    win.document.fire('visibilitychange');
    win.fire('pagehide');
    win.fire('beforeunload');
    expect(events).to.deep.equal(['hide', 'exit']);
  });
});
