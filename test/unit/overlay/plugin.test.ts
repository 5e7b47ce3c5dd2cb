import { expect } from 'chai';
import * as sinon from 'sinon';
import { createOverlayPlugin, OverlayDocument } from '../../../src/overlay/plugin';
import { flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { FakePlayer, REQUEST_SEGMENT } from '../../helpers/fake-player';

/** Just the DOM the overlay touches: elements with children and text, a body, keydown listeners. */
class FakeElement {
  id = '';
  style = { cssText: '' };
  textContent = '';
  children: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  attributes: { [name: string]: string } = {};
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
  appendChild(child: FakeElement): FakeElement {
    child.parentNode = this;
    this.children.push(child);
    return child;
  }
  removeChild(child: FakeElement): FakeElement {
    this.children.splice(this.children.indexOf(child), 1);
    child.parentNode = null;
    return child;
  }
  replaceChild(next: FakeElement, old: FakeElement): FakeElement {
    this.children[this.children.indexOf(old)] = next;
    next.parentNode = this;
    old.parentNode = null;
    return old;
  }
  /** value of the span with data-field=key */
  field(key: string): string | undefined {
    for (var i = 0; i < this.children.length; i++) {
      var c = this.children[i];
      if (c.attributes['data-field'] === key) return c.textContent;
      var inner = c.field(key);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  text(): string {
    return this.textContent + this.children.map((c) => c.text()).join('\n');
  }
}

class FakeDocument implements OverlayDocument {
  body = new FakeElement();
  listeners: Array<(event: any) => void> = [];
  createElement(): FakeElement {
    return new FakeElement();
  }
  addEventListener(type: string, listener: (event: any) => void): void {
    if (type === 'keydown') this.listeners.push(listener);
  }
  removeEventListener(type: string, listener: (event: any) => void): void {
    var i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }
  press(key: { keyCode?: number; key?: string }): void {
    this.listeners.slice().forEach((l) => l({ keyCode: key.keyCode || 0, key: key.key, preventDefault: function () {} }));
  }
  overlay(): FakeElement | undefined {
    return this.body.children.filter((c) => c.id === 'tv-telemetry-overlay')[0];
  }
}

describe('debug overlay plugin', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;
  var doc: FakeDocument;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    doc = new FakeDocument();
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  function start(debug?: object, identity?: object): TestAgent {
    t = startAgent(timers, debug ? { debug: debug } : undefined, {
      plugins: [createOverlayPlugin(() => doc)],
      identity: identity || { deviceId: 'tv-device-00001234', accountId: 'account-9876' },
    });
    return t;
  }

  async function play(): Promise<FakePlayer> {
    var player = new FakePlayer();
    player.setVariants([400000, 1200000], 1);
    player.media!.bufferedRanges = [{ start: 0, end: 14 }];
    t.agent.track(player, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-1', ks: 'SECRET-KS-TOKEN' } as any);
    player.load('https://cdn.example/film/manifest.mpd?token=secret');
    player.resolveLoad();
    await flushPromises();
    player.download(REQUEST_SEGMENT, 1000000, 800);
    player.play(4);
    return player;
  }

  it('stays out of the way unless armed: no key listener, nothing shown', async function () {
    start();
    await play();
    expect(doc.listeners).to.have.length(0);
    doc.press({ keyCode: 406 });
    expect(doc.overlay()).to.equal(undefined);
  });

  it('appears on the blue key when the profile arms it, and goes on the next press', async function () {
    start({ overlay: true });
    await play();
    expect(doc.overlay()).to.equal(undefined);
    doc.press({ keyCode: 406 });
    var box = doc.overlay()!;
    expect(box.field('content')).to.equal('vod-ed OTT');
    expect(box.field('contentIds')).to.equal('editorial film-1');
    expect(box.field('bitrate')).to.equal('selected 1.20 Mbit/s  stream 1.20 Mbit/s');
    expect(box.field('throughput')).to.match(/avg 10\.00 Mbit\/s$/);
    expect(box.field('identity')).to.equal('device ****1234  account ****9876');
    expect(box.field('uri')).to.equal('https://cdn.example/film/manifest.mpd');
    doc.press({ keyCode: 13 });
    expect(doc.overlay()).to.not.equal(undefined);
    doc.press({ keyCode: 406 });
    expect(doc.overlay()).to.equal(undefined);
  });

  it('takes its key from the profile, by keyCode or key name', async function () {
    start({ overlay: true, overlayKey: 'F2' });
    doc.press({ keyCode: 406 });
    expect(doc.overlay()).to.equal(undefined);
    doc.press({ key: 'F2' });
    expect(doc.overlay()).to.not.equal(undefined);
  });

  it('agent.debugOverlay(true) shows it at once; false hides it and disarms the key', async function () {
    start();
    await play();
    t.agent.debugOverlay(true);
    expect(doc.overlay()).to.not.equal(undefined);
    t.agent.debugOverlay(false);
    expect(doc.overlay()).to.equal(undefined);
    doc.press({ keyCode: 406 });
    expect(doc.overlay()).to.equal(undefined);
    expect(t.logger.messages('warn')).to.deep.equal([]);
  });

  it('refreshes every second while shown with the values of agent.status(), and stops when hidden', async function () {
    start({ overlay: true });
    await play();
    doc.press({ keyCode: 406 });
    timers.tick(60000); // a metrics record is queued
    var status = t.agent.status();
    expect(status.queued).to.be.greaterThan(0);
    expect(doc.overlay()!.field('queue')).to.equal('queued ' + status.queued + '  sent ' + status.sent + '  retrying ' + status.retrying);
    t.agent.flush();
    timers.tick(1000);
    status = t.agent.status();
    expect(status.sent).to.be.greaterThan(0);
    expect(doc.overlay()!.field('queue')).to.equal('queued 0  sent ' + status.sent + '  retrying 0');
    expect(doc.overlay()!.field('delivery')).to.match(/^ok, \d+ records sent, /);
    doc.press({ keyCode: 406 });
    var pending = timers.countTimers();
    timers.tick(5000);
    expect(doc.overlay()).to.equal(undefined);
    expect(timers.countTimers()).to.be.at.most(pending);
  });

  it('shows the last player error and drops reported by the collector', async function () {
    start({ overlay: true });
    var player = await play();
    t.transport.script.push({ kind: 'failure', status: 400 });
    player.emit('error', { detail: { severity: 2, category: 1, code: 1001, data: ['https://cdn.example/seg.m4s?token=secret', 404] } });
    timers.tick(3000);
    t.agent.debugOverlay(true);
    var box = doc.overlay()!;
    expect(box.field('error')).to.match(/^1001 1\.1001 critical: https:\/\/cdn\.example\/seg\.m4s 404, 3 s ago$/);
    expect(box.field('drops')).to.equal('dropped 1 (overflow 0, refused 1)  rejected 0');
    expect(box.field('delivery')).to.match(/^refused by the collector \(HTTP 4xx\), 1 records dropped/);
  });

  it('never shows a token, a URI query or a whole ID', async function () {
    start({ overlay: true }, { deviceId: 'tv-device-00001234', accountId: 'account-9876', userId: 'user-5555', sessionId: 'login-abcdef' });
    await play();
    t.agent.setAuthToken('BEARER-TOKEN-XYZ');
    t.agent.debugOverlay(true);
    var text = doc.overlay()!.text();
    expect(text).to.not.match(/SECRET|secret|BEARER|\?|tv-device-0000|account-9876|user-5555|login-abcdef/);
  });

  it('removes its box and its key listener when the agent shuts down', async function () {
    start({ overlay: true });
    t.agent.debugOverlay(true);
    t.agent.shutdown();
    timers.tick(1000);
    expect(doc.overlay()).to.equal(undefined);
    expect(doc.listeners).to.have.length(0);
  });

  it('agent.debugOverlay without the overlay plugin logs one warning', function () {
    t = startAgent(timers);
    t.agent.debugOverlay(true);
    expect(t.logger.messages('warn')).to.deep.equal(['tv-telemetry: debugOverlay: no overlay plugin']);
  });
});
