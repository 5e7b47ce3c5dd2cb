import { Platform, PlatformAddon } from './platform';
import { HostWindow, PlatformDeps } from './host';
import { createBase } from './base';

interface WebosDeviceInfo {
  modelName?: string;
  platformVersion?: string;
  firmwareVersion?: string;
  sdkVersion?: string;
}

/**
 * LG webOS: model and firmware from `webOSSystem.deviceInfo` (a JSON string, or `PalmSystem` on
 * old firmware), the LGUDID from luna `com.webos.service.sm` `deviceid/getIDs` where webOSTV.js is
 * loaded (consent may be refused, the emulator has none: no device ID then, and the base's
 * timeout covers a service that never answers), `webOSRelaunch` -> show. Network: navigator.onLine.
 */
export var webos: PlatformAddon = {
  name: 'webos',
  detect: function (win) {
    return !!(win.webOSSystem || win.webOS || win.PalmSystem);
  },
  vendor: function (hooks) {
    var win = hooks.window;
    hooks.listen(win.document, 'webOSRelaunch', function () {
      hooks.emit('show');
    });
    return {
      id: function (done) {
        var service = win.webOS && win.webOS.service;
        if (!service || !service.request) return done(null); // webOSTV.js not loaded: no LGUDID
        service.request('luna://com.webos.service.sm', {
          method: 'deviceid/getIDs',
          parameters: { idType: ['LGUDID'] },
          onSuccess: function (response) {
            var list = (response && response.idList) || [];
            for (var i = 0; i < list.length; i++) {
              if (list[i] && list[i].idType == 'LGUDID') return done(list[i].idValue);
            }
            done(null);
          },
          onFailure: function () {
            done(null);
          },
        });
      },
      info: function () {
        var system = win.webOSSystem || win.PalmSystem;
        var raw = system ? system.deviceInfo : null;
        // A JSON string on current firmware; a throw (bad JSON) reads as no info.
        var d: WebosDeviceInfo | null = typeof raw == 'string' ? JSON.parse(raw) : (raw as WebosDeviceInfo | null | undefined);
        return { model: d ? d.modelName : undefined, firmware: d ? d.firmwareVersion || d.platformVersion || d.sdkVersion : undefined };
      },
    };
  },
};

export function createWebosPlatform(win: HostWindow, deps: PlatformDeps): Platform {
  return createBase('webos', win, deps, webos.vendor);
}
