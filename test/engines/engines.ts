// The engines the suite runs on, and which Shaka lines each runs.
//   today's Chromium: every Shaka line the package is tested against (the line matrix)
//   Chromium 76 (Tizen 6), Chromium 64 (Tizen 5's 63, webOS 5's 68 neighbours), WPE WebKit (RDK):
//   Shaka 4.16 and 5.x; Shaka 5's support table claims every one of them (Tizen from 2017).
import { launchCdpChromium } from './drivers/cdp';
import type { Engine } from './drivers/engine';
import { oldChromiumExecutable, oldChromiumMissing } from './drivers/old-chromium';
import { launchPlaywrightChromium } from './drivers/playwright';
import { launchWpe, wpeMissing } from './drivers/webdriver';

/** Shaka lines by npm package (devDependencies); served at /lib/shaka-<line>/. */
export const SHAKA_LINES: Record<string, string> = {
  '3.3': 'shaka-player-3.3',
  '4.3': 'shaka-player-4.3',
  '4.9': 'shaka-player-4.9',
  '4.12': 'shaka-player-4.12',
  '4.16': 'shaka-player',
  '5.2': 'shaka-player-5',
};

const TV_LINES = ['4.16', '5.2'];

export const ENGINES: Engine[] = [
  {
    id: 'chromium',
    label: "Chromium (today's, @sparticuz/chromium)",
    streams: 'h264',
    shakaLines: Object.keys(SHAKA_LINES),
    missing: () => null, // the e2e suites need it too: a missing one fails there and here
    launch: launchPlaywrightChromium,
  },
  {
    id: 'chromium-76',
    label: 'Chromium 76 (Tizen 6)',
    streams: 'h264',
    shakaLines: TV_LINES,
    missing: () => oldChromiumMissing(76),
    launch: () => launchCdpChromium(oldChromiumExecutable(76)),
  },
  {
    id: 'chromium-64',
    label: 'Chromium 64 (Tizen 5 has 63)',
    streams: 'vp9',
    shakaLines: TV_LINES,
    missing: () => oldChromiumMissing(64),
    launch: () => launchCdpChromium(oldChromiumExecutable(64)),
  },
  {
    id: 'wpe',
    label: 'WPE WebKit 2.38 (RDK set-top boxes)',
    streams: 'h264',
    shakaLines: TV_LINES,
    missing: wpeMissing,
    launch: launchWpe,
  },
];
