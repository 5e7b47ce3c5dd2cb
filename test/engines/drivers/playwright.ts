// Today's Chromium, driven by playwright-core, launched as the rest of the e2e suites launch it.
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../e2e/browser';
import type { EngineBrowser, EngineTab } from './engine';

function playwrightTab(page: Page): EngineTab {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    reload: async () => {
      await page.reload({ waitUntil: 'load' });
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
  };
}

export async function launchPlaywrightChromium(): Promise<EngineBrowser> {
  const browser = await launchBrowser();
  const page = await (await browser.newContext()).newPage();
  return { tab: playwrightTab(page), close: () => browser.close() };
}
