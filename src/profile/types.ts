import { StringMap } from '../core/types';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- read by the {@link} in Profile's doc
import type { ProfileInput } from './input';

/** How content reaches the device: IPTV (managed network), OTT (internet), Blend (decided per stream URI). */
export type ContentSource = 'IPTV' | 'OTT' | 'Blend';

/**
 * A validated profile with every default applied (`agent.profile`, `validateProfile`). Each field's
 * meaning, default and range: {@link ProfileInput}, the form an app writes.
 */
export interface Profile {
  /** The profile's name. */
  name: string;
  /** Whether endpoints may be http (local development). */
  allowInsecure: boolean;
  /** Default delivery path of content that names none. */
  contentSource: ContentSource;
  /** The Vault collector: endpoint, intervals, batching, request settings. */
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
  /** Bounds of the metrics queue (records, characters). */
  queue: { capacity: number; maxBytes: number };
  /** Retry backoff and hourly budget. */
  retry: { baseSeconds: number; maxSeconds: number; maxPerHour: number };
  /** Characters of storage the unacknowledged records may fill (0: not persisted). */
  persistence: { maxBytes: number };
  /** Technical channel IDs per editorial ID and delivery path. */
  channels: { [editorialId: string]: { IPTV?: string; OTT?: string } };
  /** How Blend tells an IPTV stream from an OTT one. */
  blend: { iptvUriPattern?: string };
  /** Player error reporting: budget, recoverable errors, stalls. */
  errors: { maxPerMinute: number; reportRecoverable: boolean; stallThresholdSeconds: number };
  /** Whether stream URIs keep their query. */
  privacy: { keepUriQuery: boolean };
  /** Shown again after being hidden this long: a new app session. */
  session: { resumeGapSeconds: number };
  /** For the packaging tools, which check it (tools/package/profile-spec.ts); the agent keeps it as written. */
  package: { [key: string]: unknown };
  /**
   * The add-ons' sections (kava, debug): each add-on declares its own section's type on Profile
   * (declaration merging, next to its field specs); without its plugin the core keeps a section as written.
   */
  [addonSection: string]: unknown;
}
