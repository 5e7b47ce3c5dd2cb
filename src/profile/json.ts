import { ProfileInput } from './input';

/**
 * Takes a profile loaded at run time (`JSON.parse`, a fetch, a configuration service), typed
 * `unknown`, as the {@link ProfileInput} `createAgent` asks for, with no cast in the app. It checks
 * nothing and returns `raw` itself: `createAgent` validates whatever it is given and throws one error
 * listing every problem. To handle the problems without a throw (to fall back to a bundled profile,
 * say), call `validateProfile(raw)` first.
 */
export function profileFromJson(raw: unknown): ProfileInput {
  return raw as ProfileInput;
}
