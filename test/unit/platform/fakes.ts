import * as sinon from 'sinon';
import { HostWindow, PlatformDeps, ElementLike, LocalStorageLike } from '../../../src/platform/host';
import { Platform } from '../../../src/platform/platform';
import { describeDevice } from '../../../src/overlay/format';

type Fn = (event?: unknown) => void;

/** addEventListener/removeEventListener with a way to fire events and count listeners. */
export class FakeTarget {
  listeners: { [type: string]: Fn[] } = {};
  addEventListener(type: string, fn: Fn): void {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }
  removeEventListener(type: string, fn: Fn): void {
    var list = this.listeners[type] || [];
    var i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
  }
  fire(type: string): void {
    (this.listeners[type] || []).slice().forEach((fn) => fn({ type }));
  }
  count(): number {
    return Object.keys(this.listeners).reduce((n, k) => n + this.listeners[k].length, 0);
  }
}

export class FakeElement extends FakeTarget implements ElementLike {
  attributes: { [name: string]: string } = {};
  parentNode: FakeContainer | null = null;
  [vendor: string]: unknown;
  constructor(type?: string) {
    super();
    if (type) this.attributes.type = type;
  }
  getAttribute(name: string): string | null {
    return name in this.attributes ? this.attributes[name] : null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
}

export class FakeContainer {
  children: FakeElement[] = [];
  appendChild(el: FakeElement): FakeElement {
    this.children.push(el);
    el.parentNode = this;
    return el;
  }
  removeChild(el: FakeElement): FakeElement {
    this.children.splice(this.children.indexOf(el), 1);
    el.parentNode = null;
    return el;
  }
}

/** A document whose <object> elements live in body; `onCreate` lets a test play the OIPF plugin. */
export class FakeDocument extends FakeTarget {
  hidden?: boolean = false;
  webkitHidden?: boolean;
  body = new FakeContainer();
  onCreate: (el: FakeElement, type: string) => void = () => {};
  createElement(tag: string): FakeElement {
    var doc = this;
    var el = new FakeElement();
    el.setAttribute = function (name: string, value: string) {
      el.attributes[name] = value;
      if (tag == 'object' && name == 'type') doc.onCreate(el, value);
    };
    return el;
  }
  getElementsByTagName(tag: string): FakeElement[] {
    return tag == 'object' ? this.body.children.slice() : [];
  }
}

/** Map-backed localStorage; `quota` in characters, `failSet` makes every setItem throw. */
export class FakeLocalStorage implements LocalStorageLike {
  data: { [key: string]: string } = {};
  failSet = false;
  quota = Infinity;
  getItem(key: string): string | null {
    return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : null;
  }
  setItem(key: string, value: string): void {
    if (this.failSet) throw new Error('SecurityError');
    var used = Object.keys(this.data).reduce((n, k) => (k == key ? n : n + k.length + this.data[k].length), 0);
    if (used + key.length + value.length > this.quota) {
      var e = new Error('QuotaExceededError');
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.data[key] = String(value);
  }
  removeItem(key: string): void {
    delete this.data[key];
  }
}

export type FakeWindow = FakeTarget &
  HostWindow & {
    document: FakeDocument;
    navigator: { userAgent: string; onLine?: boolean };
    localStorage?: FakeLocalStorage | null;
    [vendor: string]: unknown;
  };

export function fakeWindow(extra?: { [key: string]: unknown }): FakeWindow {
  var win = new FakeTarget() as FakeWindow;
  win.document = new FakeDocument();
  win.navigator = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', onLine: true };
  win.localStorage = new FakeLocalStorage();
  for (var k in extra) win[k] = extra[k];
  return win;
}

/** setTimeout/clearTimeout driven by tick(), without touching globals. */
export class FakeClock {
  time = 0;
  private timers: Array<{ id: number; at: number; fn: () => void } | null> = [];
  setTimeout = (fn: () => void, ms: number): unknown => {
    this.timers.push({ id: this.timers.length + 1, at: this.time + ms, fn });
    return this.timers.length;
  };
  clearTimeout = (handle: unknown): void => {
    if (typeof handle == 'number' && this.timers[handle - 1]) this.timers[handle - 1] = null;
  };
  pending(): number {
    return this.timers.filter(Boolean).length;
  }
  tick(ms: number): void {
    this.time += ms;
    this.timers.forEach((t, i) => {
      if (t && t.at <= this.time) {
        this.timers[i] = null;
        t.fn();
      }
    });
  }
}

export function fakeDeps(clock = new FakeClock()) {
  var logger = { debug: sinon.spy(), info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
  var deps: PlatformDeps & { clock: FakeClock; logger: typeof logger } = {
    logger,
    clock,
  };
  return deps;
}

/** The device as the debug overlay shows it: the platform's info, the engine from the window's user agent. */
export function deviceOf(platform: Platform, win?: HostWindow) {
  return describeDevice(platform, win && win.navigator && win.navigator.userAgent);
}

export var UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
