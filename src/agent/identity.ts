import { attempt } from '../core/guard';
import { Identity, Logger } from '../core/types';
import { isText } from '../core/values';
import { Platform } from '../platform/platform';
import { each } from './each';

var IDENTITY_KEYS: (keyof Identity)[] = ['deviceId', 'accountId', 'userId', 'sessionId'];
var MAX_CHARS = 256;

export interface IdentityOptions {
  logger: Logger;
  platform: Platform;
  /** What the app gives (the agent's `identity` option): it always wins. */
  app: Identity | undefined;
  /**
   * The deviceId when neither the app nor the platform gives one: the stored device UUID, else a
   * random UUID for this page's life, which a restart does not keep.
   */
  fallbackDeviceId: string;
}

/**
 * The identity records carry. deviceId, first found wins: the app's, the platform's vendor ID
 * (a TV add-on's, when it answers), the fallback. The other fields come from the app only.
 * Returns the identity as merged so far (one object, updated in place when the vendor answers).
 */
export function createIdentity(options: IdentityOptions): () => Identity {
  var identity: Identity = {};

  function merge(from: Identity | undefined): void {
    if (!from || typeof from != 'object') return;
    each(IDENTITY_KEYS, function (key) {
      var value = attempt(function () {
        return from[key]; // a getter or Proxy that throws: as if absent
      }, undefined);
      if (isText(value, MAX_CHARS)) identity[key] = value;
      else if (value != null) options.logger.warn('tv-telemetry: identity.' + key + ': must be a non-empty string, ignored');
    });
  }

  // Taken now, so even a record before the vendor answers has a deviceId.
  merge({ deviceId: options.fallbackDeviceId });
  merge(options.app);
  // The platform's vendor ID replaces the fallback when it comes; the platform logs a throw in here.
  options.platform.identity(function (found: Identity) {
    merge({ deviceId: found.deviceId || options.fallbackDeviceId });
    merge(options.app);
  });
  return function () {
    return identity;
  };
}
