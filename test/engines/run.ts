// `npm run test:engines`: the engine suite in two mocha processes side by side (today's Chromium
// with every Shaka line; the TV engines), each printed whole when it ends. Fails if either fails.
//   ENGINES_SERIAL=1   one process after the other (a loaded machine, or to read timings)
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { RESULTS_DIR } from './results';

const GROUPS = [
  { name: "today's Chromium, every Shaka line", engines: 'chromium' },
  { name: 'TV engines', engines: 'chromium-76,chromium-64,wpe' },
];

function runGroup(group: (typeof GROUPS)[number]): Promise<{ code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--config', 'test/engines/.mocharc.json'], {
      env: { ...process.env, ENGINES: process.env.ENGINES ?? group.engines },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

async function main(): Promise<void> {
  rmSync(RESULTS_DIR, { recursive: true, force: true }); // the doc reads only this run's results
  const groups = process.env.ENGINES ? [{ name: process.env.ENGINES, engines: process.env.ENGINES }] : GROUPS;
  const outcomes = [];
  if (process.env.ENGINES_SERIAL) for (const group of groups) outcomes.push(await runGroup(group));
  else outcomes.push(...(await Promise.all(groups.map(runGroup))));
  outcomes.forEach((outcome, i) => {
    console.log(`\n=== engine suite: ${groups[i].name} (${outcome.seconds} s, exit ${outcome.code}) ===`);
    console.log(outcome.output);
  });
  process.exitCode = outcomes.some((o) => o.code !== 0) ? 1 : 0;
}

void main();
