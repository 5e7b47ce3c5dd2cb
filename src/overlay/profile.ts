import type { FieldSpec } from '../profile/spec';

declare module '../profile/types' {
  interface Profile {
    /**
     * The debug overlay (TvTelemetryOverlay.plugin), as its plugin checks it (DEBUG_SECTION):
     * overlayKey is a keyCode (default 406) or a KeyboardEvent key name. Without the plugin kept as written.
     */
    debug: { overlay: boolean; overlayKey?: number | string };
  }
}

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
