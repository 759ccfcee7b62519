// @ts-check
/**
 * One reader's visit in Debian's firefox-esr, driven over WebDriver BiDi
 * (puppeteer-core): install the add-on from the repository root (a temporary add-on,
 * as about:debugging loads it), point it at the backend, grant the site, open the
 * page, "Annotate this page", hover a source highlight and read the card.
 *
 * Prints one JSON line of observations on stdout; tests/e2e/test_firefox.py starts the
 * real backend and the static site, runs this, and makes the assertions.
 *
 *     node tests/e2e/firefox/run.mjs '{"firefox": "...", "extRoot": "...", "pageUrl": "...",
 *                                      "backendUrl": "...", "prefer": "...", "screenshot": "..."}'
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { FirefoxExtension } from './extension.mjs';

const cfg = JSON.parse(process.argv[2]);
const manifest = JSON.parse(readFileSync(path.join(cfg.extRoot, 'manifest.json'), 'utf8'));
const geckoId = manifest.browser_specific_settings.gecko.id;
const uuid = randomUUID();
const site = new URL(cfg.pageUrl);

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: cfg.firefox,
  headless: true,
  // WebDriver BiDi may open the add-on's own moz-extension:// pages only with this flag.
  args: ['--remote-allow-system-access'],
  defaultViewport: { width: 1280, height: 900 },
  extraPrefsFirefox: {
    // The add-on's pages get a known origin, so the driver can open one.
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
    // Answers the optional-permission prompt as a reader clicking "Allow" would.
    'extensions.webextOptionalPermissionPrompts': false,
    // The made-up test hostnames resolve to loopback (Chromium: --host-resolver-rules).
    'network.dns.localDomains': site.hostname,
    'network.proxy.type': 0,
    'browser.aboutConfig.showWarning': false,
  },
});

/**
 * A tab showing one of the add-on's pages. Firefox navigates there but reports no load
 * event for it over BiDi, so wait for the document instead of the navigation.
 * @param {string} url
 */
async function openExtensionPage(url) {
  const page = await browser.newPage();
  page.goto(url, { timeout: 5_000 }).catch(() => {});
  await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { timeout: 30_000 }, url);
  return page;
}

/** @type {Record<string, any>} */
const out = { uuid, step: 'install' };
// A hung browser must not outlive the run: report where it stuck, close Firefox, exit.
let timedOut = false;
const watchdog = setTimeout(async () => {
  timedOut = true;
  out.error = `no progress after ${cfg.deadlineMs} ms`;
  process.stdout.write(`${JSON.stringify(out)}\n`);
  await browser.close().catch(() => {});
  process.exit(2);
}, cfg.deadlineMs ?? 200_000);
try {
  out.extensionId = await browser.installExtension(cfg.extRoot);
  out.step = 'extension page';
  const ext = new FirefoxExtension(await openExtensionPage(`moz-extension://${uuid}/extension/options.html`));
  await ext.set({
    backendUrl: cfg.backendUrl,
    apiToken: '',
    autoAnnotate: [],
    categories: { entities: true, claims: true, sources: true, hedges: true },
    wikipediaSummaries: false,
    // Every kind of mark is checked here (as conftest.py does for Chromium): the Everything
    // view; the calm default and the first-run card are tested in test_reading_view.py.
    viewMode: 'everything',
    // Reading focus on: the hovered card's subject is cut out of a veil (clip-path) in our shadow root.
    focusMode: true,
    firstRunSeen: true,
  });
  out.granted = await ext.grantOrigin(`${site.protocol}//${site.hostname}/*`);

  out.step = 'open page';
  const page = await browser.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('dialog', (d) => { pageErrors.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.goto(cfg.pageUrl, { waitUntil: 'load' });
  const tabId = await ext.tabIdOf(cfg.pageUrl);
  if (tabId == null) throw new Error(`no tab shows ${cfg.pageUrl}`);
  out.step = 'annotate';
  out.annotateNow = await ext.annotateThisPage(tabId);
  out.status = await ext.waitSettled(tabId);
  out.badge = await ext.badge(tabId);
  out.highlightApi = await ext.inTab(tabId, () => typeof CSS !== 'undefined' && 'highlights' in CSS, []);

  out.step = 'hover';
  await page.bringToFront();
  const point = await ext.highlightPoint(tabId, 'sourcelight-source', cfg.prefer ?? '');
  out.point = point;
  if (point) {
    // Let the scroll settle (two frames) so the point is where the highlight is now.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.mouse.move(point.x, point.y);
    out.card = await ext.waitCardOpen(tabId);
    if (cfg.screenshot) await page.screenshot({ path: cfg.screenshot });
    await page.keyboard.press('Escape');
    await new Promise((r) => setTimeout(r, 300));
    out.cardAfterEscape = await ext.card(tabId);
  }
  out.pageErrors = pageErrors;
  out.step = 'done';
} catch (err) {
  out.error = String(/** @type {any} */ (err)?.stack ?? err);
} finally {
  clearTimeout(watchdog);
  await browser.close().catch(() => {});
}
if (!timedOut) process.stdout.write(`${JSON.stringify(out)}\n`);
