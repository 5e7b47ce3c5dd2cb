/**
 * Where the core bundle's bytes are: builds dist/tv-telemetry-agent.js once more with a source map
 * (into a temporary folder, dist/ untouched) and attributes every minified character to its source
 * file. "gzip cost" is what leaving a file's characters out saves in gzip -9 of the whole bundle,
 * so it counts what that file adds after compression with the rest; the column sums to a little
 * more or less than the total, as compression is shared.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { eachMapping, TraceMap } from '@jridgewell/trace-mapping';

const ROOT = path.resolve(__dirname, '..');
const ENTRY = 'tv-telemetry-agent';

function gzipSize(text: string): number {
  return zlib.gzipSync(text, { level: 9 }).length;
}

function build(outDir: string): Promise<void> {
  const webpack = require('webpack');
  const config = require(path.join(ROOT, 'webpack.config.js'));
  const single = {
    ...config,
    context: ROOT,
    devtool: 'source-map',
    entry: { [ENTRY]: config.entry[ENTRY] },
    output: { ...config.output, path: outDir },
  };
  return new Promise((resolve, reject) => {
    webpack(single, (err: Error | null, stats: any) => {
      if (err || stats.hasErrors()) reject(err || new Error(stats.toString('errors-only')));
      else resolve();
    });
  });
}

/** Per source file: its minified characters, and the line/column spans they occupy. */
function attribute(code: string, map: TraceMap): Map<string, Array<[number, number, number]>> {
  const lines = code.split('\n');
  const marks: Array<{ line: number; column: number; source: string }> = [];
  eachMapping(map, (m) => marks.push({ line: m.generatedLine - 1, column: m.generatedColumn, source: m.source || '(webpack)' }));
  marks.sort((a, b) => a.line - b.line || a.column - b.column);
  const spans = new Map<string, Array<[number, number, number]>>();
  marks.forEach((m, i) => {
    const next = marks[i + 1];
    const end = next && next.line === m.line ? next.column : lines[m.line].length;
    const name = m.source.replace(/^.*?src\//, 'src/');
    if (!spans.has(name)) spans.set(name, []);
    spans.get(name)!.push([m.line, m.column, end]);
  });
  return spans;
}

function without(code: string, spans: Array<[number, number, number]>): string {
  const lines = code.split('\n');
  for (const [line, start, end] of spans.slice().sort((a, b) => b[0] - a[0] || b[1] - a[1])) {
    lines[line] = lines[line].slice(0, start) + lines[line].slice(end);
  }
  return lines.join('\n');
}

export async function bundleMap(): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tvt-bundle-map-'));
  try {
    await build(out);
    const file = path.join(out, ENTRY + '.js');
    const code = fs.readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
    const map = new TraceMap(fs.readFileSync(file + '.map', 'utf8'));
    const total = gzipSize(code);
    const rows = Array.from(attribute(code, map)).map(([name, spans]) => ({
      name: name,
      chars: spans.reduce((sum, [, start, end]) => sum + end - start, 0),
      gzipCost: total - gzipSize(without(code, spans)),
    }));
    rows.sort((a, b) => b.gzipCost - a.gzipCost);
    console.log("\n## Where the core bundle's bytes are (" + ENTRY + '.js: ' + code.length + ' B minified, ' + total + ' B gzip -9)');
    console.log('| source | minified B | gzip cost B |');
    console.log('|---|---|---|');
    for (const r of rows) console.log(`| ${r.name} | ${r.chars} | ${r.gzipCost} |`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  bundleMap().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
