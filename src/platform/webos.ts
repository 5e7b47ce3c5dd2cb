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
  vendor: function (win, emit, listen) {
    listen(win.document, 'webOSRelaunch', function () {
      emit('show');
    });
    return {
      id: function (done) {
        win.webOS!.service!.request!('luna://com.webos.service.sm', {
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
        var raw = (win.webOSSystem || win.PalmSystem)!.deviceInfo;
        var d: WebosDeviceInfo = typeof raw == 'string' ? JSON.parse(raw) : raw;
        return [d.modelName, d.firmwareVersion || d.platformVersion || d.sdkVersion];
      },
    };
  },
};

export function createWebosPlatform(win: HostWindow, deps: PlatformDeps): Platform {
  return createBase('webos', win, deps, webos.vendor);
}
