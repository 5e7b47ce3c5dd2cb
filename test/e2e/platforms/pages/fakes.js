/*
 * The platform objects a TV would give the page, faked before the agent loads, as configured by
 * the page's ?fake=<JSON> query parameter (or window.__FAKE_CONFIG, set before this runs):
 *
 *   tizen:   { duid, model, firmware, productinfo: 'ok'|'throws', connection: 1 }  -> webapis, tizen
 *   webos:   { deviceInfo: {...}, luna: 'ok'|'denied'|'silent'|'missing', lgudid } -> webOSSystem, webOS
 *   hbbtv:   { deviceId, channel: {onid, tsid, sid}|null, userAgentModel }          -> OIPF objects
 *   storage: 'ok' | 'throws' | 'missing'
 *
 * Every call the agent makes into a fake is logged in window.__fakeCalls for the test to read.
 */
(function () {
  // pages of our own take ?fake=; packaged apps get window.__FAKE_CONFIG set by an init script
  var query = /[?&]fake=([^&]*)/.exec(location.search);
  var fake = window.__FAKE_CONFIG || (query ? JSON.parse(decodeURIComponent(query[1])) : {});
  var calls = (window.__fakeCalls = []);
  window.__fake = fake;

  function log(name, detail) {
    calls.push({ name: name, detail: detail === undefined ? null : detail });
  }

  /* ---- storage ---- */
  if (fake.storage === 'throws') {
    // storage that exists but refuses every write (quota, HbbTV sessionStorage quirks)
    Storage.prototype.setItem = function () {
      log('storage.setItem');
      throw new DOMException('quota exceeded', 'QuotaExceededError');
    };
  } else if (fake.storage === 'missing') {
    Object.defineProperty(window, 'localStorage', { value: null, configurable: true });
  }

  /* ---- Samsung Tizen ---- */
  if (fake.tizen) {
    var t = fake.tizen;
    var listeners = {};
    var nextListener = 1;
    var connection = t.connection === undefined ? 1 : t.connection;
    window.webapis = {
      productinfo: {
        getDuid: function () {
          log('productinfo.getDuid');
          if (t.productinfo === 'throws') throw new Error('SecurityError: productinfo privilege not granted');
          return t.duid;
        },
        getModel: function () {
          if (t.productinfo === 'throws') throw new Error('SecurityError');
          return t.model;
        },
        getFirmware: function () {
          if (t.productinfo === 'throws') throw new Error('SecurityError');
          return t.firmware;
        },
      },
      network: {
        NetworkState: { GATEWAY_CONNECTED: 4, GATEWAY_DISCONNECTED: 5 },
        getActiveConnectionType: function () {
          return connection;
        },
        addNetworkStateChangeListener: function (listener) {
          listeners[nextListener] = listener;
          log('network.addNetworkStateChangeListener');
          return nextListener++;
        },
        removeNetworkStateChangeListener: function (id) {
          delete listeners[id];
        },
      },
    };
    window.tizen = {
      tvinputdevice: {
        registerKey: function (key) {
          log('tvinputdevice.registerKey', key);
        },
      },
      application: {
        getCurrentApplication: function () {
          return {
            exit: function () {
              log('application.exit');
            },
          };
        },
      },
    };
    // the test drives the network: 4 = gateway connected, 5 = disconnected
    window.__setTizenNetwork = function (state) {
      connection = state === 5 ? 0 : 1;
      for (var id in listeners) if (listeners.hasOwnProperty(id)) listeners[id](state);
    };
  }

  /* ---- LG webOS ---- */
  if (fake.webos) {
    var w = fake.webos;
    window.webOSSystem = { deviceInfo: JSON.stringify(w.deviceInfo || {}) };
    if (w.luna !== 'missing') {
      window.webOS = {
        service: {
          request: function (uri, request) {
            log('webOS.service.request', { uri: uri, method: request.method, parameters: request.parameters });
            if (w.luna === 'silent') return {}; // a service that never answers
            setTimeout(function () {
              if (w.luna === 'denied') request.onFailure({ returnValue: false, errorCode: -1, errorText: 'permission denied' });
              else request.onSuccess({ returnValue: true, idList: [{ idType: 'LGUDID', idValue: w.lgudid }] });
            }, 20);
            return {};
          },
        },
      };
    }
  }

  /* ---- HbbTV (OIPF DAE): every <object> of these types behaves like the terminal's ---- */
  if (fake.hbbtv) {
    var h = fake.hbbtv;
    var owner = {
      privateData: {
        keyset: {
          value: 0,
          setValue: function (v) {
            this.value = v;
            log('keyset.setValue', v);
          },
        },
      },
      show: function () {
        log('application.show');
      },
      destroyApplication: function () {
        log('application.destroyApplication');
      },
    };
    var typeOf = function (element) {
      return (element.getAttribute('type') || '').toLowerCase();
    };
    Object.defineProperty(HTMLObjectElement.prototype, 'getOwnerApplication', {
      configurable: true,
      get: function () {
        return typeOf(this) === 'application/oipfapplicationmanager'
          ? function () {
              return owner;
            }
          : undefined;
      },
    });
    Object.defineProperty(HTMLObjectElement.prototype, 'configuration', {
      configurable: true,
      get: function () {
        if (typeOf(this) !== 'application/oipfconfiguration') return undefined;
        log('configuration.deviceId');
        return 'deviceId' in h ? { deviceId: h.deviceId } : {};
      },
    });
    Object.defineProperty(HTMLObjectElement.prototype, 'currentChannel', {
      configurable: true,
      get: function () {
        if (typeOf(this) !== 'video/broadcast') return undefined;
        log('broadcast.currentChannel');
        return h.channel || null;
      },
    });
    // the terminal calls the manager's onLowMemory; the test asks for that through here
    window.__hbbtvLowMemory = function () {
      var objects = document.getElementsByTagName('object');
      for (var i = 0; i < objects.length; i++) {
        if (typeOf(objects[i]) === 'application/oipfapplicationmanager' && objects[i].onLowMemory) objects[i].onLowMemory();
      }
    };
    window.__hbbtvOwner = owner;
  }
})();
