export type { DeviceDescription, LifecycleEvent, Platform, PlatformName } from './platform';
export type { HostWindow, PlatformDeps } from './host';
export { createBrowserPlatform, createPlatform, detectPlatform } from './detect';
export { createTizenPlatform } from './tizen';
export { createWebosPlatform } from './webos';
export { createHbbtvPlatform } from './hbbtv';
export { createStorage } from './storage';
