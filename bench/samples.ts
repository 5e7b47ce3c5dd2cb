/**
 * Reading what the browser benchmarks collect from V8 (bench/browser-page.ts): a CPU profile's
 * samples that are a subject's, and a heap snapshot summed by kind of object.
 */

export interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string; columnNumber?: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Playback seconds after which a subject that records once a minute (the agent at the default
 * profile, the floor) has taken its first record: 60 s after it started, with room for a late timer.
 * The first call of a path compiles it (lazily) and fills its inline caches, once per page.
 */
export const STEADY_AFTER_SECONDS = 70;

export interface Sampled {
  /** the subject's samples in the window, ms */
  ms: number;
  /** those from `steadyFromMs` (into the profile) on, ms */
  steadyMs: number;
}

/**
 * Milliseconds of samples whose stack includes a frame from one of `scripts`, in all and from
 * `steadyFromMs` into the profile on; `explain` prints where, and the subject's longer calls.
 */
export function sampledMs(profile: CpuProfile, scripts: string[], explain: boolean, steadyFromMs: number): Sampled {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const ours = (url: string) => scripts.some((script) => url.endsWith('/' + script));
  const inSubject = new Map<number, boolean>();
  const isSubject = (id: number): boolean => {
    const known = inSubject.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const result = ours(byId.get(id)!.callFrame.url) || (up !== undefined && isSubject(up));
    inSubject.set(id, result);
    return result;
  };
  let us = 0;
  let steadyUs = 0;
  let atUs = 0; // the sample's time into the profile
  // Runs of the subject's samples with under 50 ms between them: its calls, roughly (explain)
  const calls: { atUs: number; us: number; entry: string }[] = [];
  let lastSubjectUs = -Infinity;
  const where = new Map<string, number>();
  const leaves = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
  const name = (frame: ProfileNode['callFrame']) => `${frame.functionName || '(anon)'}:${frame.columnNumber}`;
  for (let i = 0; i < profile.samples.length; i++) {
    atUs += profile.timeDeltas[i] ?? 0;
    if (!isSubject(profile.samples[i])) continue;
    const delta = profile.timeDeltas[i] ?? 0;
    us += delta;
    if (atUs >= steadyFromMs * 1000) steadyUs += delta;
    if (!explain) continue;
    // the sample named by the subject's frames on its stack (outermost first) and its innermost frame
    const chain: string[] = [];
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (ours(frame.url)) chain.unshift(name(frame));
    }
    if (atUs - lastSubjectUs > 50000) calls.push({ atUs, us: 0, entry: chain[0] });
    calls[calls.length - 1].us += delta;
    lastSubjectUs = atUs;
    const leaf = byId.get(profile.samples[i])!.callFrame;
    add(where, `${chain.join(' > ')} -> ${leaf.functionName || '(anon)'} ${leaf.url.split('/').pop()}`, delta);
    add(leaves, `${name(leaf)} ${leaf.url.split('/').pop()}`, delta);
  }
  if (explain) {
    for (const [k, v] of [...where].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`   ${(v / 1000).toFixed(2)} ms  ${k}`);
    console.log('   self time by innermost frame:');
    for (const [k, v] of [...leaves].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`   ${(v / 1000).toFixed(2)} ms  ${k}`);
    const long = calls.filter((call) => call.us >= 1000);
    console.log(`   ${calls.length} calls; those of 1 ms or more (s into the window, ms, entry):`);
    for (const call of long) console.log(`   ${(call.atUs / 1e6).toFixed(1)} s  ${(call.us / 1000).toFixed(2)} ms  ${call.entry}`);
  }
  return { ms: us / 1000, steadyMs: steadyUs / 1000 };
}

export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * A heap snapshot's self sizes summed by kind: objects by constructor, code and V8's internal
 * objects by name, closures together, strings together unless one is 4 KiB or more (named by its start). Two pages' sums, subtracted, say what one holds
 * that the other does not.
 */
export function heapKinds(snapshot: HeapSnapshot): Map<string, number> {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const kinds = new Map<string, number>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    const name = snapshot.strings[snapshot.nodes[i + nameAt]];
    const size = snapshot.nodes[i + sizeAt];
    const kind = /string/.test(type)
      ? size >= 4096
        ? `string of ${Math.round(size / 1024)} KiB: ${JSON.stringify(name.slice(0, 40))}`
        : 'strings'
      : type === 'closure'
        ? 'closures'
        : type === 'object' || type === 'code' || type === 'hidden' || type === 'array' || type === 'native'
          ? `${type} ${name.length > 60 ? name.slice(0, 60) + '…' : name}`
          : type;
    kinds.set(kind, (kinds.get(kind) ?? 0) + size);
  }
  return kinds;
}
