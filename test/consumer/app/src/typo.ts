// Must not compile: misspelled profile keys, at the top and one level down, in a ProfileInput and
// straight in createAgent's options. The test expects an error naming each.
import { createAgent, type ProfileInput } from 'tv-telemetry-agent';

export const profile: ProfileInput = { name: 'typo', vault: { endpiont: 'https://vault.example' } };

export const agent = createAgent({ profile: { nmae: 'typo', vault: { endpoint: 'https://vault.example' } } });
