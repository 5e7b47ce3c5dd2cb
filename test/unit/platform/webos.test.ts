import { expect } from 'chai';
import * as sinon from 'sinon';
import { createWebosPlatform } from '../../../src/platform/webos';
import { Identity } from '../../../src/core/types';
import { LunaRequest } from '../../../src/platform/host';
import { LifecycleEvent } from '../../../src/platform/platform';
import { deviceOf, fakeDeps, fakeWindow } from './fakes';

var WEBOS_6 = 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager';
var INFO = JSON.stringify({ modelName: 'OLED55C1', platformVersion: '03.21.30', sdkVersion: '6.0.0' });

/** A webOS window whose luna service records requests; the test answers them. */
function webosWindow(deviceInfo: unknown = INFO) {
  var requests: Array<{ uri: string; request: LunaRequest }> = [];
  var win = fakeWindow({
    webOSSystem: { deviceInfo },
    webOS: {
      service: {
        request: sinon.spy((uri: string, request: LunaRequest) => {
          requests.push({ uri, request });
          return { cancel() {} };
        }),
      },
    },
  });
  win.navigator.userAgent = WEBOS_6;
  return { win, requests };
}

function ask(platform: { identity(done: (id: Identity) => void): void }) {
  var calls: Identity[] = [];
  platform.identity((i) => calls.push(i));
  return calls;
}

describe('platform/webos', () => {
  it('asks luna for the LGUDID and uses it', () => {
    var { win, requests } = webosWindow();
    var deps = fakeDeps();
    var calls = ask(createWebosPlatform(win, deps));
    expect(requests).to.have.length(1);
    expect(requests[0].uri).to.equal('luna://com.webos.service.sm');
    expect(requests[0].request.method).to.equal('deviceid/getIDs');
    expect(requests[0].request.parameters).to.deep.equal({ idType: ['LGUDID'] });
    expect(calls).to.deep.equal([]);
    requests[0].request.onSuccess({ idList: [{ idType: 'LGUDID', idValue: '095f142a-6f5e-5a4c-a2ea-9c2b1d8e2b47' }] });
    expect(calls).to.deep.equal([{ deviceId: '095f142a-6f5e-5a4c-a2ea-9c2b1d8e2b47' }]);
    expect(deps.clock.pending()).to.equal(0);
  });

  it('answers once even when luna calls back twice', () => {
    var { win, requests } = webosWindow();
    var calls = ask(createWebosPlatform(win, fakeDeps()));
    requests[0].request.onSuccess({ idList: [{ idType: 'LGUDID', idValue: 'LG-1' }] });
    requests[0].request.onFailure('again');
    expect(calls).to.deep.equal([{ deviceId: 'LG-1' }]);
  });

  it('gives no device ID when consent is denied (onFailure)', () => {
    var { win, requests } = webosWindow();
    var calls = ask(createWebosPlatform(win, fakeDeps()));
    requests[0].request.onFailure({ returnValue: false, errorCode: -1, errorText: 'consent not agreed' });
    expect(calls).to.have.length(1);
    expect(calls[0]).to.deep.equal({});
    expect(win.localStorage!.data).to.deep.equal({}); // the platform stores nothing
  });

  it('gives no device ID when the answer holds no LGUDID', () => {
    var { win, requests } = webosWindow();
    var calls = ask(createWebosPlatform(win, fakeDeps()));
    requests[0].request.onSuccess({ idList: [{ idType: 'OTHER', idValue: 'x' }] });
    expect(calls[0]).to.deep.equal({});
  });

  it('calls back without a device ID after 1 s when luna never answers, and ignores a late answer', () => {
    var { win, requests } = webosWindow();
    var deps = fakeDeps();
    var calls = ask(createWebosPlatform(win, deps));
    deps.clock.tick(999);
    expect(calls).to.deep.equal([]);
    deps.clock.tick(1);
    expect(calls).to.have.length(1);
    expect(calls[0]).to.deep.equal({});
    requests[0].request.onSuccess({ idList: [{ idType: 'LGUDID', idValue: 'late' }] });
    expect(calls).to.have.length(1);
  });

  it('honours identityTimeoutMs', () => {
    var { win } = webosWindow();
    var deps = fakeDeps();
    deps.identityTimeoutMs = 200;
    var calls = ask(createWebosPlatform(win, deps));
    deps.clock.tick(200);
    expect(calls).to.have.length(1);
  });

  it('holds one waiting caller: a second identity() answers the first at once without a device ID and asks luna again', () => {
    var { win, requests } = webosWindow();
    var deps = fakeDeps();
    var platform = createWebosPlatform(win, deps);
    var first = ask(platform);
    var second = ask(platform);
    expect(first).to.have.length(1);
    expect(first[0]).to.deep.equal({});
    expect(requests).to.have.length(2);
    expect(deps.clock.pending()).to.equal(1);
    requests[0].request.onSuccess({ idList: [{ idType: 'LGUDID', idValue: 'LG-2' }] }); // answers the one waiting
    expect(second).to.deep.equal([{ deviceId: 'LG-2' }]);
    expect(first).to.have.length(1);
    expect(deps.clock.pending()).to.equal(0);
  });

  it('answers at once without a device ID when webOSTV.js (webOS.service) is not loaded or request throws', () => {
    var win = fakeWindow({ webOSSystem: { deviceInfo: INFO } });
    var deps = fakeDeps();
    expect(ask(createWebosPlatform(win, deps))[0]).to.deep.equal({});
    expect(deps.clock.pending()).to.equal(0);
    var throwing = fakeWindow({ webOS: { service: { request: sinon.stub().throws(new Error('bridge')) } } });
    expect(ask(createWebosPlatform(throwing, fakeDeps()))[0]).to.deep.equal({});
  });

  it('answers a pending identity() on destroy and clears its timer', () => {
    var { win } = webosWindow();
    var deps = fakeDeps();
    var platform = createWebosPlatform(win, deps);
    var calls = ask(platform);
    platform.destroy();
    expect(calls).to.have.length(1);
    expect(deps.clock.pending()).to.equal(0);
  });

  it('describes model and firmware from webOSSystem.deviceInfo', () => {
    var { win } = webosWindow();
    expect(deviceOf(createWebosPlatform(win, fakeDeps()), win)).to.deep.equal({
      platform: 'webos',
      engine: 'Chromium 79',
      model: 'OLED55C1',
      firmware: '03.21.30',
    });
  });

  it('reads an object deviceInfo and the PalmSystem of old firmware, with sdkVersion when no firmware', () => {
    var obj = fakeWindow({ webOSSystem: { deviceInfo: { modelName: 'A', sdkVersion: '3.0.0' } } });
    expect(deviceOf(createWebosPlatform(obj, fakeDeps())).firmware).to.equal('3.0.0');
    var palm = fakeWindow({ PalmSystem: { deviceInfo: JSON.stringify({ modelName: 'OLD' }) } });
    expect(deviceOf(createWebosPlatform(palm, fakeDeps())).model).to.equal('OLD');
  });

  it('gives null model and firmware for corrupt or missing deviceInfo', () => {
    for (var info of ['{not json', 'null', undefined]) {
      var d = deviceOf(createWebosPlatform(fakeWindow({ webOSSystem: { deviceInfo: info } }), fakeDeps()));
      expect([d.model, d.firmware]).to.deep.equal([null, null]);
    }
    var none = deviceOf(createWebosPlatform(fakeWindow(), fakeDeps()));
    expect(none.model).to.equal(null);
  });

  it('turns webOSRelaunch into show when the app was hidden, and ignores it when visible', () => {
    var { win } = webosWindow();
    var platform = createWebosPlatform(win, fakeDeps());
    var events: LifecycleEvent[] = [];
    platform.onLifecycle((e) => events.push(e));
    win.document.fire('webOSRelaunch');
    expect(events).to.deep.equal([]);
    win.document.hidden = true;
    win.document.fire('visibilitychange');
    win.document.fire('webOSRelaunch');
    win.document.hidden = false;
    win.document.fire('visibilitychange');
    expect(events).to.deep.equal(['hide', 'show']);
    platform.destroy();
    expect(win.document.count()).to.equal(0);
  });
});

describe('platform/webos device info coercion (describeDevice)', () => {
  it('turns a numeric model into a string and an empty one into null', () => {
    var d = deviceOf(createWebosPlatform(fakeWindow({ webOSSystem: { deviceInfo: { modelName: 55, sdkVersion: '' } } }), fakeDeps()));
    expect([d.model, d.firmware]).to.deep.equal(['55', null]);
  });
});
