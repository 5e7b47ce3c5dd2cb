import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import * as zlib from 'zlib';
import { REMOVE_ES2015, timersAndXhr } from '../../helpers/bare-engine';

/**
 * The built bundles (run `npm run build` first): the debug overlay costs the default bundle
 * nothing, and works from plain <script> tags on an engine without ES2015 built-ins.
 */
const DIST = path.resolve(__dirname, '../../../dist');
const AGENT = path.join(DIST, 'tv-telemetry-agent.js');
const OVERLAY = path.join(DIST, 'tv-telemetry-overlay.js');
/** Not a budget of the agent's: a debug tool, but it should stay a small one. */
const OVERLAY_BUDGET_GZIP = 4 * 1024;

/** Strings only the overlay has. */
const OVERLAY_MARKERS = ['tv-telemetry-overlay', 'overlay render', 'records wait for a retry', 'Mbit/s'];

/** A bare ES5 engine with timers, an XHR that answers 200, and the few DOM calls the overlay makes. */
const BARE_ENGINE =
  REMOVE_ES2015 +
  timersAndXhr('{}') +
  `
  var navigator = { userAgent: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/38.0.2125.122 Safari/537.36', onLine: true };
  function element() {
    return { style: {}, children: [], textContent: '', attributes: {}, parentNode: null,
      setAttribute: function (k, v) { this.attributes[k] = v; },
      appendChild: function (c) { c.parentNode = this; this.children.push(c); return c; },
      removeChild: function (c) { this.children.splice(this.children.indexOf(c), 1); c.parentNode = null; return c; },
      replaceChild: function (n, o) { this.children[this.children.indexOf(o)] = n; n.parentNode = this; o.parentNode = null; return o; } };
  }
  var keyListeners = [];
  var document = { hidden: false, body: element(), createElement: element,
    addEventListener: function (t, f) { if (t === 'keydown') keyListeners.push(f); },
    removeEventListener: function (t, f) { var i = keyListeners.indexOf(f); if (i >= 0) keyListeners.splice(i, 1); } };
  function press(code) { for (var i = 0; i < keyListeners.length; i++) keyListeners[i]({ keyCode: code }); }
  function shown() {
    var box = document.body.children[0];
    if (!box) return null;
    var out = {};
    for (var i = 0; i < box.children.length; i++) { var v = box.children[i].children[1]; out[v.attributes['data-field']] = v.textContent; }
    return out;
  }
  var window = this;
`;

describe('overlay bundles', function () {
  before(function () {
    if (!fs.existsSync(AGENT) || !fs.existsSync(OVERLAY)) throw new Error('dist/ is missing: run `npm run build` first');
  });

  it('leaves the default bundle without any overlay code', function () {
    const agent = fs.readFileSync(AGENT, 'utf8');
    const overlay = fs.readFileSync(OVERLAY, 'utf8');
    OVERLAY_MARKERS.forEach(function (marker) {
      expect(agent, marker).to.not.contain(marker);
      expect(overlay, marker).to.contain(marker);
    });
  });

  it('stays a small bundle (under 4 KB gzipped)', function () {
    const size = zlib.gzipSync(fs.readFileSync(OVERLAY), { level: 9 }).length;
    expect(size, 'tv-telemetry-overlay.js: ' + size + ' bytes gzipped').to.be.at.most(OVERLAY_BUDGET_GZIP);
  });

  it('runs from plain script tags on an engine without ES2015 built-ins: the blue key shows the status', function () {
    const context = vm.createContext({});
    vm.runInContext(BARE_ENGINE, context);
    vm.runInContext(fs.readFileSync(AGENT, 'utf8'), context, { filename: 'tv-telemetry-agent.js' });
    vm.runInContext(fs.readFileSync(OVERLAY, 'utf8'), context, { filename: 'tv-telemetry-overlay.js' });
    vm.runInContext(fs.readFileSync(path.join(DIST, 'tv-telemetry-webos.js'), 'utf8'), context, { filename: 'tv-telemetry-webos.js' });
    const out = vm.runInContext(
      `(function () {
        var logs = [];
        var logger = { debug: function () {}, info: function () {}, warn: function (m) { logs.push(m); }, error: function (m) { logs.push(m); } };
        var agent = TvTelemetry.createAgent({
          profile: { name: 'overlay-es5', vault: { endpoint: 'https://vault.example.com' }, debug: { overlay: true } },
          identity: { accountId: 'account-000042' }, logger: logger, platform: 'webos',
          plugins: [TvTelemetryWebos.plugin, TvTelemetryOverlay.plugin]
        });
        var before = shown();
        press(406);
        advance(3000);
        var after = shown();
        press(406);
        return JSON.stringify({ logs: logs, before: before, after: after, hidden: shown(), status: agent.status() });
      })()`,
      context
    );
    const result = JSON.parse(out);
    expect(result.logs).to.deep.equal([]);
    expect(result.before).to.equal(null);
    expect(result.after.platform).to.equal('webos Chromium 38'); // engine from the user agent, in the overlay now
    expect(result.after.identity).to.contain('account ****0042');
    expect(result.after.queue).to.equal('queued 0  sent 0  retrying 0');
    expect(result.hidden).to.equal(null);
  });
});
