import { expect } from 'chai';
import { createPlatform } from '../../../src/platform/detect';
import { tizen } from '../../../src/platform/tizen';
import { webos } from '../../../src/platform/webos';
import { hbbtv } from '../../../src/platform/hbbtv';
import { HostWindow } from '../../../src/platform/host';
import { deviceOf, FakeElement, fakeDeps, fakeWindow } from './fakes';
import { createAgent } from '../../../src/agent/agent';
import { ENDPOINT, FakeWindow, recordingLogger } from '../../helpers/env';
import { ScriptedTransport } from '../../helpers/scripted-transport';

describe('platform/detect', () => {
  var ALL = [tizen, webos, hbbtv];
  function detected(win: HostWindow): string {
    return createPlatform('auto', win, fakeDeps(), ALL).name;
  }

  it('detects Tizen by webapis or tizen', () => {
    expect(tizen.detect(fakeWindow({ webapis: {} }))).to.equal(true);
    expect(tizen.detect(fakeWindow({ tizen: {} }))).to.equal(true);
    expect(tizen.detect(fakeWindow({ webOS: {} }))).to.equal(false);
    expect(detected(fakeWindow({ tizen: {} }))).to.equal('tizen');
  });

  it('detects webOS by webOSSystem, webOS or PalmSystem', () => {
    expect(webos.detect(fakeWindow({ webOSSystem: {} }))).to.equal(true);
    expect(webos.detect(fakeWindow({ webOS: {} }))).to.equal(true);
    expect(webos.detect(fakeWindow({ PalmSystem: {} }))).to.equal(true);
    expect(webos.detect(fakeWindow({ webapis: {} }))).to.equal(false);
    expect(detected(fakeWindow({ PalmSystem: {} }))).to.equal('webos');
  });

  it('detects HbbTV by an OIPF application manager in the page, oipfObjectFactory or the user agent', () => {
    var page = fakeWindow();
    page.document.body.appendChild(new FakeElement('application/oipfapplicationmanager'));
    expect(hbbtv.detect(page)).to.equal(true);
    expect(hbbtv.detect(fakeWindow({ oipfObjectFactory: {} }))).to.equal(true);
    var ua = fakeWindow();
    ua.navigator.userAgent = 'Mozilla/5.0 (Linux mips) HbbTV/1.4.1 (+DRM;Sony;BRAVIA 2015;4.1.0;;)';
    expect(hbbtv.detect(ua)).to.equal(true);
    expect(hbbtv.detect(fakeWindow())).to.equal(false);
    expect(detected(ua)).to.equal('hbbtv');
  });

  it('falls back to browser, also for an empty or odd window, and when no add-on is loaded', () => {
    expect(detected(fakeWindow())).to.equal('browser');
    expect(detected({} as HostWindow)).to.equal('browser');
    var odd = fakeWindow();
    Object.defineProperty(odd, 'webapis', {
      get() {
        throw new Error('odd host');
      },
    });
    expect(detected(odd)).to.equal('browser');
    expect(createPlatform('auto', fakeWindow({ webapis: {} }), fakeDeps(), []).name).to.equal('browser');
  });

  it('takes the first add-on that detects its platform, in the order given', () => {
    var both = fakeWindow({ webapis: {}, webOS: {} });
    expect(createPlatform('auto', both, fakeDeps(), [webos, tizen]).name).to.equal('webos');
    expect(createPlatform('auto', both, fakeDeps(), [tizen, webos]).name).to.equal('tizen');
  });

  it('an explicit name wins over detection; without its add-on it is logged and the browser platform runs', () => {
    var deps = fakeDeps();
    expect(createPlatform('hbbtv', fakeWindow({ webapis: {} }), deps, ALL).name).to.equal('hbbtv');
    expect(createPlatform('tizen', fakeWindow(), deps, ALL).name).to.equal('tizen');
    expect(createPlatform('browser', fakeWindow({ tizen: {} }), deps, ALL).name).to.equal('browser');
    expect(deps.logger.error.called).to.equal(false);
    expect(createPlatform('webos', fakeWindow({ webOS: {} }), deps, [tizen]).name).to.equal('browser');
    expect(deps.logger.error.firstCall.args[0]).to.contain('platform webos needs its add-on (tv-telemetry-webos.js)');
  });

  it('builds on a bare object without throwing', () => {
    var platform = createPlatform('auto', {}, fakeDeps(), ALL);
    expect(platform.isOnline()).to.equal(true);
    expect(deviceOf(platform, {})).to.deep.equal({ platform: 'browser', engine: null, model: null, firmware: null });
    platform.destroy();
  });
});

describe('createAgent with platform add-ons', () => {
  function start(win: HostWindow, plugins: unknown, platform?: string) {
    var logger = recordingLogger();
    var agent = createAgent({
      profile: { name: 'op', vault: { endpoint: ENDPOINT } },
      platform: platform as any,
      window: win,
      transport: new ScriptedTransport(),
      logger: logger,
      plugins: plugins as any,
    });
    var name = agent.platform.name;
    agent.shutdown();
    return { name: name, logger: logger };
  }

  it('detects the platform of the add-on plugin it is given, without starting it as a sink', () => {
    var run = start(Object.assign(new FakeWindow(), { webapis: {} }), [{ name: 'tizen', platform: tizen }]);
    expect(run.name).to.equal('tizen');
    expect(run.logger.messages('error')).to.deep.equal([]);
  });

  it('runs as browser on a TV without the add-on, and survives odd plugin lists', () => {
    expect(start(Object.assign(new FakeWindow(), { webapis: {} }), undefined).name).to.equal('browser');
    var odd = {};
    Object.defineProperty(odd, 'platform', {
      get() {
        throw new Error('odd plugin');
      },
    });
    expect(start(new FakeWindow(), [null, odd, 42, { name: 'webos', platform: webos }], 'webos').name).to.equal('webos');
    expect(start(new FakeWindow(), 'not a list').name).to.equal('browser');
  });
});
