// A profile fetched as JSON (typed unknown) goes in through profileFromJson; the add-ons' types
// reach the node10 resolution too (typesVersions).
import { createAgent, profileFromJson, validateProfile } from 'tv-telemetry-agent';
import { plugin as kava } from 'tv-telemetry-agent/kava';
import { plugin as tizen } from 'tv-telemetry-agent/tizen';
import { plugin as webos } from 'tv-telemetry-agent/webos';
import { plugin as hbbtv } from 'tv-telemetry-agent/hbbtv';
import { createAgent as createLeanAgent } from 'tv-telemetry-agent/lean';

export function start(json: string) {
  const raw: unknown = JSON.parse(json);
  const checked = validateProfile(raw);
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  return createAgent({ profile: profileFromJson(raw), plugins: [kava, tizen, webos, hbbtv] });
}

export const lean = createLeanAgent;
