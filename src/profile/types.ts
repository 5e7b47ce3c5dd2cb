import { StringMap } from '../core/types';

export type ContentSource = 'IPTV' | 'OTT' | 'Blend';

/** A validated profile with every default applied. */
export interface Profile {
  name: string;
  allowInsecure: boolean;
  contentSource: ContentSource;
  vault: {
    endpoint: string;
    metricsIntervalSeconds: number;
    flushIntervalSeconds: number;
    errorFlushSeconds: number;
    maxBatchSize: number;
    body: 'array' | 'single';
    contentType: 'application/json' | 'text/plain';
    headers: StringMap;
    requestTimeoutSeconds: number;
  };
  queue: { capacity: number; maxBytes: number };
  retry: { baseSeconds: number; maxSeconds: number; maxPerHour: number };
  /** Characters of storage the unacknowledged records may fill (0: not persisted). */
  persistence: { maxBytes: number };
  channels: { [editorialId: string]: { IPTV?: string; OTT?: string } };
  blend: { iptvUriPattern?: string };
  errors: { maxPerMinute: number; reportRecoverable: boolean; stallThresholdSeconds: number };
  privacy: { keepUriQuery: boolean };
  /** Shown again after being hidden this long: a new app session. */
  session: { resumeGapSeconds: number };
  /**
   * As the Kava plugin checks it (src/kava/profile.ts) and sees it; without the plugin the agent keeps
   * the section as written, not looked into (its warning reads `enabled`).
   */
  kava: {
    enabled: boolean;
    endpoint?: string;
    partnerId?: number;
    uiConfId?: number;
    clientVer?: string;
    customVar1?: string | number | boolean;
    customVar2?: string | number | boolean;
    customVar3?: string | number | boolean;
    dvrThresholdSeconds: number;
    viewIntervalSeconds: number;
    method: 'GET' | 'POST';
    referrerEncoding: 'base64' | 'raw';
  };
  /**
   * The debug overlay (TvTelemetryOverlay.plugin): overlayKey is a keyCode (default 406) or a KeyboardEvent
   * key name. As its plugin checks it (src/overlay/profile.ts); without the plugin kept as written.
   */
  debug: { overlay: boolean; overlayKey?: number | string };
  /** For the packaging tools, which check it (tools/package/profile-spec.ts); the agent keeps it as written. */
  package: { [key: string]: unknown };
}
