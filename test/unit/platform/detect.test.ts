import { expect } from 'chai';
import { createPlatform } from '../../../src/platform/detect';
import { tizen } from '../../../src/platform/tizen';
import { webos } from '../../../src/platform/webos';
import { hbbtv } from '../../../src/platform/hbbtv';
import { engineOf } from '../../../src/platform/base';
import { HostWindow } from '../../../src/platform/host';
import { FakeElement, fakeDeps, fakeWindow } from './fakes';
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
    expect(platform.describe()).to.deep.equal({ platform: 'browser', engine: null, model: null, firmware: null });
    platform.destroy();
  });
});

describe('platform/engineOf', () => {
  var cases: Array<[string, string | null]> = [
    ['Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/38.0.2125.122 Safari/537.36 WebAppManager', 'Chromium 38'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 8.0) AppleWebKit/537.36 (KHTML, like Gecko) 108.0.5359.1/8.0 TV Safari/537.36', 'Chromium 108'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.5) AppleWebKit/537.36 (KHTML, like Gecko) 69.0.3497.106.1/5.5 TV Safari/537.36', 'Chromium 69'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Chrome/63.0.3239.84 Safari/537.36', 'Chromium 63'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36', 'Chromium 63'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 TV Safari/537.36', 'Chromium 56'],
    ['Mozilla/5.0 (SMART-TV; LINUX; Tizen 3.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/3.0 TV Safari/538.1', 'Chromium 47'],
    ['Mozilla/5.0 (SMART-TV; Linux; Tizen 2.4.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/2.4.0 TV Safari/538.1', 'WebKit 538'],
    ['Mozilla/5.0 (SMART-TV; Linux; Tizen 2.3) AppleWebkit/538.1 (KHTML, like Gecko) SamsungBrowser/1.0 TV Safari/538.1', 'WebKit 538'],
    ['Opera/9.80 (Linux mips; U; HbbTV/1.1.1 (;Panasonic;VIERA 2011;1.261;;) ; en) Presto/2.9.167 Version/11.50', null],
    ['', null],
  ];
  cases.forEach(([ua, engine]) => {
    it((engine || 'null') + ' from ' + (ua.slice(0, 60) || 'an empty user agent'), () => {
      expect(engineOf(ua)).to.equal(engine);
    });
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
