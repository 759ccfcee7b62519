// @ts-check
/**
 * Content script. Never declared for every site: the background registers it for the
 * sites the reader turned on (and granted), or injects it into one tab on a click.
 * It never reads storage (so never sees the backend URL or the token) and never talks
 * to the backend: it asks the background for its config and sends it the text. It
 * leaves no mark a page script can read (no attribute, no performance entry).
 */
import { ext } from './shared/ext.js';
import { DEFAULT_CATEGORIES, DEFAULT_MAX_CHARS, VIEW_KEYS, articleUrl } from './shared/defaults.js';
import { Overlay } from './overlay/overlay.js';
import { DEFAULT_MODE } from './overlay/view-model.js';

const KEY = Symbol.for('sourcelight.content');

/**
 * What the background tells this page (never the backend URL or the token): whether the
 * site is on, the categories, the text limit, the site's view (mode, reading focus) and
 * whether the reader has yet to see the first-run card.
 * @typedef {{enabled: boolean, categories: import('./overlay/overlay.js').Categories, maxChars: number,
 *   view: import('./overlay/overlay.js').View, firstRun: boolean}} Config
 */

function main() {
  const g = /** @type {any} */ (globalThis);
  if (g[KEY]) return; // already running (registered, then injected by a click)
  g[KEY] = true;
  /** @type {Config} */
  let config = {
    enabled: false, categories: { ...DEFAULT_CATEGORIES }, maxChars: DEFAULT_MAX_CHARS,
    view: { mode: DEFAULT_MODE, focus: false }, firstRun: false,
  };
  const overlay = new Overlay(document, {
    annotate: (body) => ext.runtime.sendMessage({ type: 'annotate', body }),
    wikipedia: (title) => ext.runtime.sendMessage({ type: 'wikipedia', title }),
    readability: (html) => ext.runtime.sendMessage({ type: 'readability', html }),
    report: (status) => void ext.runtime.sendMessage({ type: 'status', status }).catch(() => {}),
    // The first-run card: asked of the background, and marked seen through it (never storage here).
    firstRun: async () => (await fetchConfig()).firstRun === true,
    firstRunDone: () => void ext.runtime.sendMessage({ type: 'first-run-seen' }).catch(() => {}),
  }, { categories: config.categories, maxChars: config.maxChars, view: config.view, auto: () => config.enabled,
    pageUrl: () => articleUrl(location.href) });

  /** Ask the background what this page may do. @returns {Promise<Config>} */
  const fetchConfig = async () => (await ext.runtime.sendMessage({ type: 'config' })) ?? config;

  /** A prerendering page is not annotated until the reader actually opens it. */
  const whenShown = () => new Promise((resolve) => {
    if (!(/** @type {any} */ (document).prerendering)) resolve(undefined);
    else document.addEventListener('prerenderingchange', () => resolve(undefined), { once: true });
  });

  const ready = fetchConfig().then(async (next) => {
    config = next;
    overlay.setCategories(config.categories);
    overlay.setMaxChars(config.maxChars);
    overlay.setView(config.view);
    await whenShown();
    if (config.enabled && overlay.state === 'idle') overlay.run();
  }).catch(() => overlay.fail({ code: 'extension', message: 'The extension could not start on this page.' }));

  /** @param {string[]} keys @param {boolean} backend the backend or its token changed */
  const settingsChanged = async (keys, backend) => {
    const next = await fetchConfig();
    const was = config.enabled;
    config = next;
    if (keys.includes('categories')) overlay.setCategories(next.categories);
    if (keys.includes('maxChars')) overlay.setMaxChars(next.maxChars);
    if (keys.some((k) => VIEW_KEYS.includes(k))) overlay.setView(next.view);
    const failed = overlay.state.startsWith('error:');
    const retry = failed && backend;
    if (next.enabled && (retry || (!was && (overlay.state === 'idle' || failed)))) overlay.run();
    else if (was && !next.enabled) overlay.clear();
  };

  /** @type {Record<string, (msg: any) => any>} */
  const answers = {
    ping: () => true,
    'get-status': () => overlay.status(),
    'annotate-now': () => (overlay.run(), { ok: true }),
    'get-summary': () => overlay.summary(),
    jump: (msg) => overlay.jumpTo(msg.target ?? {}),
    command: (msg) => overlay.command(String(msg.command ?? '')),
    'settings-changed': (msg) => (void ready.then(() => settingsChanged(Array.isArray(msg.keys) ? msg.keys : [], msg.backend === true)), true),
    // For the extension's own tests and tools: what the page cannot see.
    probe: () => overlay.probe(),
  };
  ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    // Only the background and our own pages; never another extension or a page.
    if (sender.id !== ext.runtime.id || sender.tab) return false;
    const type = typeof msg?.type === 'string' ? msg.type : '';
    if (!Object.hasOwn(answers, type)) return false;
    sendResponse(answers[type](msg));
    return false;
  });
}

main();
