// Which device sent a record: the agent's deviceId when it has one, else the sender's address and
// User-Agent; and what that User-Agent says of the platform, the model and the browser engine.
import { engineOf } from '../../src/overlay/format';

export interface DeviceInfo {
  /** Groups a device's records: `id:<deviceId>`, or `ua:<address> <User-Agent>` without one. */
  key: string;
  deviceId: string | null;
  /** tizen, webos, hbbtv or browser: the agent's platform names. */
  platform: string;
  /** HbbTV "vendor model", "Tizen 6.5", "webOS TV 2021", or the OS a desktop browser names. */
  model: string | null;
  /** "Chromium 120", "WebKit 537", or null. */
  engine: string | null;
  address: string | null;
  userAgent: string | null;
}

export function describeDevice(deviceId: string | null, userAgent: string | null, address: string | null): DeviceInfo {
  const ua = userAgent ?? '';
  const { platform, model } = platformOf(ua);
  return {
    key: deviceId ? `id:${deviceId}` : `ua:${address ?? '?'} ${ua}`,
    deviceId,
    platform,
    model,
    engine: engineOf(ua),
    address,
    userAgent,
  };
}

function platformOf(ua: string): { platform: string; model: string | null } {
  // HbbTV/1.5.1 (+DRM;Vendor;Model;Firmware;…): the terminal names itself.
  const hbbtv = /HbbTV\/[\d.]+ \(([^;]*);([^;]*);([^;]*);/.exec(ua);
  if (hbbtv)
    return {
      platform: 'hbbtv',
      model:
        [hbbtv[2], hbbtv[3]]
          .map((s) => s.trim())
          .filter(Boolean)
          .join(' ') || null,
    };
  const tizen = /Tizen ?([\d.]+)?/.exec(ua);
  if (tizen) return { platform: 'tizen', model: tizen[1] ? `Tizen ${tizen[1]}` : 'Tizen' };
  if (/Web0S|webOS/i.test(ua)) {
    const year = /webOS\.TV-(\d{4})/.exec(ua);
    return { platform: 'webos', model: year ? `webOS TV ${year[1]}` : 'webOS TV' };
  }
  const system = /\(([^)]*)\)/.exec(ua);
  return { platform: 'browser', model: system ? system[1].replace(/;\s*/g, ' ').trim() || null : null };
}
