/**
 * Times the agent in the page, with no change to the agent: every callback the agent hands to the
 * browser or to Shaka (timers, DOM and player listeners, XHR handlers, the response filter) is
 * wrapped when the agent registers it (the registering stack names the agent's bundle), and the
 * wrapper adds up the wall time of each call, outermost calls only. The figure is the agent's own
 * work plus whatever it calls synchronously (Shaka's getters, JSON.stringify, XHR send).
 *
 * Plain ES5: it runs in the page before anything else; __BUNDLE__ is replaced by the bundle's file name.
 */
// Loaded by bench/main-thread.ts with page.addInitScript; window.__agentProbe reads and resets it.
(function (bundle) {
  var w = window;
  var totals = { ms: 0, calls: 0, byKind: {}, slowest: [] };
  var depth = 0;
  /** Time the probe spends looking at stacks: taken out of the agent call it happens in. */
  var probeMs = 0;
  var wrapped = typeof WeakMap === 'function' ? new WeakMap() : null;
  w.__agentProbe = {
    read: function () {
      return JSON.parse(JSON.stringify(totals));
    },
    reset: function () {
      totals = { ms: 0, calls: 0, byKind: {}, slowest: [] };
    },
    wrapShaka: function (shaka) {
      var target = shaka.util && shaka.util.FakeEventTarget ? shaka.util.FakeEventTarget.prototype : shaka.Player.prototype;
      patchListeners(target, 'player event');
      patchMethod(shaka.net.NetworkingEngine.prototype, 'registerResponseFilter', 'unregisterResponseFilter', 'response filter');
    },
  };

  function fromAgent() {
    var start = performance.now();
    var stack = new Error().stack || '';
    probeMs += performance.now() - start;
    return stack.indexOf(bundle) >= 0;
  }
  function timed(kind, fn) {
    if (typeof fn !== 'function') return fn;
    var known = wrapped && wrapped.get(fn);
    if (known) return known;
    var wrapper = function () {
      if (depth > 0) return fn.apply(this, arguments);
      depth++;
      var probeBefore = probeMs;
      var start = performance.now();
      try {
        return fn.apply(this, arguments);
      } finally {
        depth--;
        var ms = performance.now() - start - (probeMs - probeBefore);
        var entry = totals.byKind[kind] || (totals.byKind[kind] = { ms: 0, calls: 0 });
        entry.ms += ms;
        entry.calls++;
        totals.ms += ms;
        totals.calls++;
        if (ms >= 0.05) {
          totals.slowest.push(kind + ' ' + ms.toFixed(2));
          if (totals.slowest.length > 40) totals.slowest.shift();
        }
      }
    };
    if (wrapped) wrapped.set(fn, wrapper);
    return wrapper;
  }
  function patchListeners(proto, kind) {
    var add = proto.addEventListener;
    var remove = proto.removeEventListener;
    proto.addEventListener = function (type, listener, options) {
      return add.call(this, type, fromAgent() ? timed(kind + ' ' + type, listener) : listener, options);
    };
    proto.removeEventListener = function (type, listener, options) {
      return remove.call(this, type, (wrapped && wrapped.get(listener)) || listener, options);
    };
  }
  function patchMethod(proto, register, unregister, kind) {
    var add = proto[register];
    var remove = proto[unregister];
    proto[register] = function (fn) {
      return add.call(this, fromAgent() ? timed(kind, fn) : fn);
    };
    proto[unregister] = function (fn) {
      return remove.call(this, (wrapped && wrapped.get(fn)) || fn);
    };
  }
  function patchTimer(name) {
    var original = w[name];
    w[name] = function (fn) {
      var rest = Array.prototype.slice.call(arguments, 1);
      return original.apply(w, [fromAgent() ? timed('timer', fn) : fn].concat(rest));
    };
  }
  patchTimer('setTimeout');
  patchTimer('setInterval');
  patchListeners(EventTarget.prototype, 'dom event');
  // The agent sets xhr.onload and friends: those setters are wrapped too.
  ['onload', 'onerror', 'ontimeout', 'onabort', 'onreadystatechange'].forEach(function (name) {
    var proto = name === 'onreadystatechange' ? XMLHttpRequest.prototype : Object.getPrototypeOf(XMLHttpRequest.prototype);
    var descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || !descriptor.set) return;
    Object.defineProperty(proto, name, {
      configurable: true,
      get: descriptor.get,
      set: function (fn) {
        descriptor.set.call(this, fromAgent() ? timed('xhr ' + name, fn) : fn);
      },
    });
  });
})(__BUNDLE__);
