export type { DeviceDescription, LifecycleEvent, Platform, PlatformAddon, PlatformName } from './platform';
export type { HostWindow, PlatformDeps } from './host';
export { createBrowserPlatform, createPlatform } from './detect';
export { createTizenPlatform, tizen } from './tizen';
export { createWebosPlatform, webos } from './webos';
export { createHbbtvPlatform, hbbtv } from './hbbtv';
export { createStorage } from './storage';
