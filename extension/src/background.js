// @ts-check
/**
 * Background (service worker in Chromium, event page in Firefox): the only part that
 * reads the backend URL and token and talks to the backend and to Wikipedia. It sets
 * the badge, keeps the content script registered for the sites the reader turned on,
 * relays popup, panel and keyboard-command requests to a tab's content script, and
 * accepts each message only from the kind of sender it is meant for.
 */
import { ext } from './shared/ext.js';
import { loadSettings, isLoopback, originPattern, normalizeHost, siteEnabled, modeFor } from './shared/settings.js';
import { articleUrl, httpHost } from './shared/defaults.js';
import { annotateWhenReady, errorInfo } from './shared/backend-client.js';
import { showStatus } from './background/badge.js';
import { summary } from './background/wikipedia.js';
import { readabilityOnHtml } from './extract/readability-host.js';
import { syncContentScripts, CONTENT_JS } from './background/sites.js';
import { fromExtensionPage, contentTab, existingTab } from './background/senders.js';

/**
 * @typedef {(msg: any, tabId: number, sender: chrome.runtime.MessageSender) => Promise<any>} Handler
 */

/** Messages from our content script; `tabId` is the sender's tab, as the browser says. */
const FROM_CONTENT = new Map(/** @type {[string, Handler][]} */ ([
  ['annotate', async (msg) => {
    const settings = await loadSettings();
    if (!isLoopback(settings.backendUrl)) {
      const granted = await ext.permissions.contains({ origins: [originPattern(settings.backendUrl)] });
      if (!granted) return { ok: false, error: errorInfo('no-permission', 'Allow access to the backend on the options page.') };
    }
    const body = msg.body ?? {};
    if (typeof body.text !== 'string') return { ok: false, error: errorInfo('extension', 'No text to annotate.') };
    // Origin and path only, whatever the content script sent.
    const request = { text: body.text, url: articleUrl(String(body.url ?? '')), title: String(body.title ?? ''),
      ...(typeof body.lang === 'string' && body.lang ? { lang: body.lang.slice(0, 64) } : {}) };
    const result = await annotateWhenReady(settings.backendUrl, settings.apiToken, request);
    return result.ok ? { ok: true, annotation: result.data } : result;
  }],
  // Readability off the page's main thread (see extract/readability-host.js).
  ['readability', async (msg, _tabId, sender) => readabilityOnHtml(String(msg.html ?? ''), sender.url ?? '')],
  ['wikipedia', async (msg) => {
    const settings = await loadSettings();
    return settings.wikipediaSummaries ? summary(String(msg.title ?? '')) : null;
  }],
  ['status', async (msg, tabId) => {
    await showStatus(tabId, msg.status ?? { state: 'idle' });
    return true;
  }],
  // What the content script may know: never the backend URL or the token.
  ['config', async (_msg, _tabId, sender) => {
    const settings = await loadSettings();
    const host = httpHost(sender.url);
    return {
      enabled: siteEnabled(settings.autoAnnotate, host),
      categories: settings.categories,
      maxChars: settings.maxChars,
      view: { mode: modeFor(settings, host), focus: settings.focusMode },
      firstRun: !settings.firstRunSeen,
    };
  }],
  // The reader closed the first-run card: written here, the content script never writes storage.
  ['first-run-seen', async () => {
    await ext.storage.local.set({ firstRunSeen: true });
    return true;
  }],
]));

/** Messages from the popup and side panel, about the tab they name. */
const FROM_PAGES = new Map(/** @type {[string, Handler][]} */ ([
  ['get-status', async (_msg, tabId) => {
    const tab = await ext.tabs.get(tabId).catch(() => null);
    const host = httpHost(tab?.url);
    if (!host) return null;
    const { autoAnnotate } = await loadSettings();
    const status = (await relay(tabId, { type: 'get-status' })) ?? { state: 'idle', error: null, counts: {} };
    return { ...status, host, enabled: siteEnabled(autoAnnotate, host) };
  }],
  ['annotate-now', async (_msg, tabId) => {
    // The click on the toolbar button granted activeTab: inject the script into this tab now.
    if (!(await ensureContentScript(tabId))) return { ok: false, error: errorInfo('no-permission', 'Sourcelight cannot run on this page.') };
    return relay(tabId, { type: 'annotate-now' });
  }],
  ['toggle-site', async (msg, tabId) => {
    const host = normalizeHost(String(msg.host ?? ''));
    if (!host) return false;
    const { autoAnnotate } = await loadSettings();
    const list = autoAnnotate.filter((h) => h !== host);
    if (msg.on) list.push(host);
    await ext.storage.local.set({ autoAnnotate: list });
    await syncContentScripts();
    // This tab is on the site just turned on: annotate it now, without a reload.
    if (msg.on && siteEnabled([host], httpHost((await ext.tabs.get(tabId).catch(() => null))?.url))) {
      if (await ensureContentScript(tabId)) await relay(tabId, { type: 'annotate-now' });
    }
    return true;
  }],
  ['get-summary', async (_msg, tabId) => relay(tabId, { type: 'get-summary' })],
  ['jump', async (msg, tabId) => relay(tabId, { type: 'jump', target: msg.target })],
]));

/** Ask a tab's content script; null when there is none. @param {number} tabId @param {any} message */
async function relay(tabId, message) {
  try {
    return (await ext.tabs.sendMessage(tabId, message, { frameId: 0 })) ?? null;
  } catch {
    return null;
  }
}

/** The content script in the tab's top frame, injected if missing; false when not allowed. @param {number} tabId */
async function ensureContentScript(tabId) {
  if (await relay(tabId, { type: 'ping' })) return true;
  try {
    await ext.scripting.executeScript({ target: { tabId }, files: [CONTENT_JS] });
    return true;
  } catch {
    return false;
  }
}

ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const type = typeof msg?.type === 'string' ? msg.type : '';
  /** @type {Promise<any> | null} */
  let answer = null;
  const fromTab = contentTab(sender);
  if (fromTab !== null && FROM_CONTENT.has(type)) {
    answer = /** @type {Handler} */ (FROM_CONTENT.get(type))(msg, fromTab, sender);
  } else if (fromExtensionPage(sender) && FROM_PAGES.has(type)) {
    const handler = /** @type {Handler} */ (FROM_PAGES.get(type));
    answer = existingTab(msg.tabId).then((tabId) => (tabId === null ? null : handler(msg, tabId, sender)));
  }
  if (!answer) return false;
  answer.then(sendResponse, (err) => sendResponse({ ok: false, error: errorInfo('extension', String(err)) }));
  return true; // answer asynchronously
});

// Alt+Shift+N / P by default, remappable in the browser's shortcut settings. The browser
// handles them, so the page never sees (and cannot fake or swallow) the keys.
ext.commands?.onCommand.addListener((command, tab) => {
  if (typeof tab?.id === 'number') void relay(tab.id, { type: 'command', command });
});

// Settings changed: re-sync the registered sites and tell every content script, which
// asks for its config again (it never reads storage itself).
ext.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  const keys = Object.keys(changes);
  const sync = keys.includes('autoAnnotate') ? syncContentScripts() : Promise.resolve([]);
  // `backend`: the backend or its token changed, so a failed annotation may now succeed.
  const backend = keys.includes('backendUrl') || keys.includes('apiToken');
  void sync.catch(() => []).then(() => broadcast({ type: 'settings-changed', keys, backend }));
});

/** @param {any} message */
async function broadcast(message) {
  const tabs = await ext.tabs.query({}).catch(() => []);
  await Promise.all(tabs.map((t) => (typeof t.id === 'number' ? relay(t.id, message) : null)));
}

ext.permissions.onAdded.addListener(() => void syncContentScripts().catch(() => {}));
ext.permissions.onRemoved.addListener(() => void syncContentScripts().catch(() => {}));

// The side panel opens from the toolbar menu; Firefox's sidebar is declared in the manifest.
ext.runtime.onInstalled.addListener(() => {
  /** @type {any} */ (ext).sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: false }).catch?.(() => {});
});

// Every start (browser start, install, worker wake-up): registrations follow the stored
// list and the permissions still granted.
void syncContentScripts().catch(() => {});
