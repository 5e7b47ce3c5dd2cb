import type { FieldSpec } from '../profile/spec';

/**
 * The profile's `debug` section, which the core keeps as written: the overlay plugin brings its
 * fields (AgentPlugin.profile), so they cost the agent's bundle nothing. tools/package/profile-spec.ts
 * adds it to the fields the JSON Schema and the packaging tools use.
 */
export var DEBUG_SECTION: FieldSpec = {
  type: 'object',
  def: {},
  fields: {
    overlay: { type: 'boolean', def: false },
    // a keyCode or a KeyboardEvent key name (keys.ts)
    overlayKey: { type: 'scalar' },
  },
};
