import { expect } from 'chai';
import * as sinon from 'sinon';
import { createHbbtvPlatform } from '../../../src/platform/hbbtv';
import { Identity } from '../../../src/core/types';
import { LifecycleEvent } from '../../../src/platform/platform';
import { deviceOf, FakeElement, fakeDeps, fakeWindow } from './fakes';

var HBBTV_UA =
  'Mozilla/5.0 (Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/59.0.3071.125 Safari/537.36 ' +
  'OPR/46.0.2207.0 OMI/4.13.0.151.DIA6.79 HbbTV/1.5.1 (+DRM; Vestel; MB130; 3.41.14.1; _TV_MB130_2020; _HW_) SmartTvA/3.0.0';

interface Oipf {
  app: { destroyApplication: sinon.SinonSpy };
  channel: unknown;
  deviceId: unknown;
  created: string[];
}

/** A window that plays the OIPF plugin: <object> elements gain their methods when their type is set. */
function hbbtvWindow(init?: Partial<Oipf>) {
  var oipf: Oipf = {
    app: { destroyApplication: sinon.spy() },
    channel: { onid: 0x233a, tsid: 0x1004, sid: 0x1044, name: 'Das Erste' },
    deviceId: 'a1b2c3',
    created: [],
    ...init,
  };
  var win = fakeWindow();
  win.navigator.userAgent = HBBTV_UA;
  win.document.onCreate = (el, type) => {
    oipf.created.push(type);
    if (type == 'application/oipfApplicationManager') el.getOwnerApplication = () => oipf.app;
    if (type == 'application/oipfConfiguration') el.configuration = { deviceId: oipf.deviceId };
    if (type == 'video/broadcast') Object.defineProperty(el, 'currentChannel', { get: () => oipf.channel });
  };
  return { win, oipf };
}

function ask(platform: { identity(done: (id: Identity) => void): void }): Identity {
  var got: Identity | null = null;
  platform.identity((i) => (got = i));
  return got!;
}

describe('platform/hbbtv', () => {
  it('creates a hidden application manager object and emits lowMemory from its onLowMemory', () => {
    var { win, oipf } = hbbtvWindow();
    var platform = createHbbtvPlatform(win, fakeDeps());
    var events: LifecycleEvent[] = [];
    platform.onLifecycle((e) => events.push(e));
    expect(oipf.created).to.deep.equal(['application/oipfApplicationManager']);
    var manager = win.document.body.children[0];
    expect(manager.attributes.style).to.contain('visibility:hidden');
    (manager.onLowMemory as () => void)();
    (manager.onLowMemory as () => void)();
    expect(events).to.deep.equal(['lowMemory', 'lowMemory']);
  });

  it("uses the page's application manager, keeps the app's own onLowMemory, and restores it on destroy", () => {
    var { win, oipf } = hbbtvWindow();
    var manager = new FakeElement('application/oipfApplicationManager');
    var appHandler = sinon.spy();
    manager.onLowMemory = appHandler;
    manager.getOwnerApplication = () => oipf.app;
    win.document.body.appendChild(manager);
    var platform = createHbbtvPlatform(win, fakeDeps());
    var events: LifecycleEvent[] = [];
    platform.onLifecycle((e) => events.push(e));
    (manager.onLowMemory as () => void)();
    expect(events).to.deep.equal(['lowMemory']);
    expect(appHandler.calledOnce).to.equal(true);
    platform.destroy();
    expect(manager.onLowMemory).to.equal(appHandler);
    expect(win.document.body.children).to.deep.equal([manager]);
  });

  it('emits exit once when the app calls destroyApplication(), still destroys it, and unpatches on destroy', () => {
    var { win, oipf } = hbbtvWindow();
    var original = oipf.app.destroyApplication;
    var platform = createHbbtvPlatform(win, fakeDeps());
    var events: LifecycleEvent[] = [];
    platform.onLifecycle((e) => events.push(e));
    oipf.app.destroyApplication();
    win.fire('unload');
    expect(events).to.deep.equal(['exit']);
    expect(original.calledOnce).to.equal(true);
    expect(original.firstCall.thisValue).to.equal(oipf.app);
    platform.destroy();
    expect(oipf.app.destroyApplication).to.equal(original);
  });

  it('emits exit on unload (old engines without pagehide)', () => {
    var { win } = hbbtvWindow();
    var platform = createHbbtvPlatform(win, fakeDeps());
    var events: LifecycleEvent[] = [];
    platform.onLifecycle((e) => events.push(e));
    win.fire('unload');
    expect(events).to.deep.equal(['exit']);
  });

  it('removes the objects it created, and its listeners, on destroy', () => {
    var { win } = hbbtvWindow();
    var platform = createHbbtvPlatform(win, fakeDeps());
    ask(platform);
    platform.broadcastChannelId();
    expect(win.document.body.children).to.have.length(3);
    platform.destroy();
    expect(win.document.body.children).to.have.length(0);
    expect(win.count() + win.document.count()).to.equal(0);
  });

  it('still works when the application manager is unusable', () => {
    var { win } = hbbtvWindow();
    win.document.onCreate = (el, type) => {
      if (type == 'application/oipfApplicationManager')
        el.getOwnerApplication = () => {
          throw new Error('not an HbbTV page');
        };
    };
    var platform = createHbbtvPlatform(win, fakeDeps());
    expect(ask(platform)).to.deep.equal({});
    expect(platform.broadcastChannelId()).to.equal(null);
  });

  it('still works without a document', () => {
    var win = fakeWindow();
    delete (win as { document?: unknown }).document;
    var platform = createHbbtvPlatform(win, fakeDeps());
    expect(ask(platform)).to.deep.equal({});
    expect(platform.broadcastChannelId()).to.equal(null);
  });

  it('identifies by oipfConfiguration deviceId (HbbTV 2.0.1)', () => {
    var { win } = hbbtvWindow();
    expect(ask(createHbbtvPlatform(win, fakeDeps()))).to.deep.equal({ deviceId: 'a1b2c3' });
  });

  it('ignores a deviceId status "#2" (not granted) and gives no device ID', () => {
    for (var status of ['#1', '#2', '#5']) {
      var { win } = hbbtvWindow({ deviceId: status });
      expect(ask(createHbbtvPlatform(win, fakeDeps()))).to.deep.equal({});
    }
  });

  it('gives no device ID when the terminal has no deviceId (HbbTV before 2.0.1)', () => {
    var { win } = hbbtvWindow({ deviceId: undefined });
    expect(ask(createHbbtvPlatform(win, fakeDeps()))).to.deep.equal({});
  });

  it('gives the tuned service as a DVB URI with hex onid.tsid.sid', () => {
    var { win, oipf } = hbbtvWindow();
    var platform = createHbbtvPlatform(win, fakeDeps());
    expect(platform.broadcastChannelId()).to.equal('dvb://233a.1004.1044');
    oipf.channel = { onid: 1, tsid: 0, sid: 255 };
    expect(platform.broadcastChannelId()).to.equal('dvb://1.0.ff');
    expect(oipf.created.filter((t) => t == 'video/broadcast')).to.have.length(1);
  });

  it("uses the page's own video/broadcast object", () => {
    var { win, oipf } = hbbtvWindow();
    var video = new FakeElement('video/broadcast');
    video.currentChannel = { onid: 10, tsid: 11, sid: 12 };
    win.document.body.appendChild(video);
    expect(createHbbtvPlatform(win, fakeDeps()).broadcastChannelId()).to.equal('dvb://a.b.c');
    expect(oipf.created).not.to.contain('video/broadcast');
  });

  it('gives null with no current channel, an IP channel without a triplet, or a throwing object', () => {
    for (var channel of [null, undefined, { ccid: 'ccid:1', name: 'IP' }, { onid: 1, tsid: 2, sid: -1 }, { onid: '1', tsid: 2, sid: 3 }]) {
      var { win } = hbbtvWindow({ channel });
      expect(createHbbtvPlatform(win, fakeDeps()).broadcastChannelId()).to.equal(null);
    }
    var { win: w } = hbbtvWindow();
    w.document.onCreate = (el, type) => {
      if (type == 'video/broadcast')
        Object.defineProperty(el, 'currentChannel', {
          get: () => {
            throw new Error('SecurityError');
          },
        });
    };
    expect(createHbbtvPlatform(w, fakeDeps()).broadcastChannelId()).to.equal(null);
  });

  it('describes vendor, model and software version from the HbbTV user agent', () => {
    var { win } = hbbtvWindow();
    expect(deviceOf(createHbbtvPlatform(win, fakeDeps()), win)).to.deep.equal({
      platform: 'hbbtv',
      engine: 'Chromium 59',
      model: 'Vestel MB130',
      firmware: '3.41.14.1',
    });
    win.navigator.userAgent = 'Opera/9.80 (Linux mips; U; HbbTV/1.1.1 (;Panasonic;VIERA 2011;1.261;;) ; en) Presto/2.9.167 Version/11.50';
    var d = deviceOf(createHbbtvPlatform(win, fakeDeps()), win);
    expect([d.engine, d.model, d.firmware]).to.deep.equal([null, 'Panasonic VIERA 2011', '1.261']);
  });
});
