/**
 * Reports import cycles among the modules under src/, as the groups of modules that import each
 * other (type-only imports included: a cycle of types still ties two modules together), and any
 * import that points up the layers (docs/adr/0008). Exits 1 when there is either. Part of
 * `npm run lint`. Usage: npx tsx tools/check-cycles.ts
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../src');

function modulesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return modulesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The src modules `file` imports or re-exports (relative specifiers only: packages cannot cycle back). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  // `import … from './x'`, `export … from './x'`, and a bare `import './x'` (run for its side effects).
  const pattern = /(?:^|\n)\s*(?:(?:import|export)\b[^'";]*?from\s*|import\s*)['"](\.[^'"]+)['"]/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const target = path.resolve(path.dirname(file), m[1]);
    const candidates = [target + '.ts', path.join(target, 'index.ts')];
    const hit = candidates.find((c) => fs.existsSync(c));
    if (hit) found.push(hit);
  }
  return found;
}

/**
 * Each folder's layer: a module may import its own layer and the ones below. Files directly under
 * src/ are the bundle entries, at the top.
 */
const LAYERS: { [folder: string]: number } = {
  core: 0,
  queue: 1,
  transport: 1,
  platform: 1,
  profile: 1,
  player: 1,
  delivery: 2,
  vault: 2,
  sample: 2,
  agent: 3,
  addons: 4,
  kava: 4,
  overlay: 4,
  entries: 4,
  '.': 5,
};

function layerOf(file: string): number {
  const folder = path.relative(SRC, file).split(path.sep);
  const layer = LAYERS[folder.length > 1 ? folder[0] : '.'];
  if (layer === undefined) throw new Error('tools/check-cycles.ts: no layer for src/' + folder[0] + '/; add it to LAYERS');
  return layer;
}

const graph = new Map<string, string[]>();
for (const file of modulesUnder(SRC)) graph.set(file, importsOf(file));

// Tarjan's strongly connected components: every group of two or more modules that reach each
// other is a cycle (or several), reported as its members.
const cycles = new Set<string>();
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
let counter = 0;
function connect(file: string): void {
  index.set(file, counter);
  low.set(file, counter++);
  stack.push(file);
  for (const next of graph.get(file) || []) {
    if (!index.has(next)) {
      connect(next);
      low.set(file, Math.min(low.get(file)!, low.get(next)!));
    } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
  }
  if (low.get(file) !== index.get(file)) return;
  const members: string[] = [];
  for (let top = stack.pop()!; ; top = stack.pop()!) {
    members.push(path.relative(SRC, top));
    if (top === file) break;
  }
  if (members.length > 1) cycles.add(members.sort().join(' <-> '));
}
for (const file of graph.keys()) if (!index.has(file)) connect(file);

const upward: string[] = [];
for (const [file, imports] of graph) {
  for (const target of imports) {
    if (layerOf(target) > layerOf(file)) upward.push(path.relative(SRC, file) + ' -> ' + path.relative(SRC, target));
  }
}

if (cycles.size) console.error('Import cycles in src/:\n  ' + [...cycles].join('\n  '));
if (upward.length) console.error('Imports up the layers (docs/adr/0008):\n  ' + upward.join('\n  '));
if (cycles.size || upward.length) process.exit(1);
console.log('No import cycles and no upward imports among ' + graph.size + ' modules in src/.');
