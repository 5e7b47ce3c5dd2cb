/**
 * Copies the screenshots the e2e tests take to docs/images/, for the README's "See it working" (lab,
 * playback) and docs/overlay.md (overlay):
 *   test-output/lab.png        (test/e2e/dashboard/lab.e2e.ts: the dashboard's lab view, two sets)
 *   test-output/playback.png   (test/e2e/dashboard/dashboard.e2e.ts: a playback's page, charts and errors)
 *   test-output/overlay.png    (test/e2e/overlay/overlay.e2e.ts: the debug overlay over a live stream)
 *
 *   npm run screenshots        the three suites, then this
 *   npx tsx tools/screenshots.ts   only the copy (after an e2e run)
 *
 * Kept apart from the test run so that `npm test` leaves the working tree as it was.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
export const SCREENSHOTS = ['lab.png', 'playback.png', 'overlay.png'];
/** Older than this, a screenshot is from some earlier run: say so rather than publish it silently. */
const STALE_MS = 60 * 60 * 1000;

export function publishScreenshots(from = path.join(ROOT, 'test-output'), to = path.join(ROOT, 'docs', 'images')): string[] {
  fs.mkdirSync(to, { recursive: true });
  const copied: string[] = [];
  for (const name of SCREENSHOTS) {
    const source = path.join(from, name);
    if (!fs.existsSync(source)) throw new Error(`${path.relative(ROOT, source)} is missing: run the e2e suites first (npm run screenshots)`);
    const age = Date.now() - fs.statSync(source).mtimeMs;
    if (age > STALE_MS) console.warn(`warning: ${path.relative(ROOT, source)} is ${Math.round(age / 60000)} min old`);
    fs.copyFileSync(source, path.join(to, name));
    copied.push(path.relative(ROOT, path.join(to, name)));
  }
  return copied;
}

if (require.main === module) {
  try {
    for (const file of publishScreenshots()) console.log(`wrote ${file}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
