/**
 * Entry of the lean bundle tv-telemetry-agent-lean.js (the same `TvTelemetry` global as the
 * default bundle): the agent without persistence, so queued records live in memory only and the
 * deviceId falls back to a UUID for the page's life. Loading tv-telemetry-persist.js and passing
 * `TvTelemetryPersist.plugin` makes it the default bundle's equal. Typed as the default entry's
 * namespace, so both bundles keep one API.
 */
import type * as api from './index';
import { AGENT_VERSION, createAgent } from './agent/agent';
import { profileFromJson } from './profile/json';
import { validateProfile } from './profile/validate';

declare var tvTelemetryExports: typeof api;
tvTelemetryExports = { createAgent: createAgent, validateProfile: validateProfile, profileFromJson: profileFromJson, version: AGENT_VERSION };
