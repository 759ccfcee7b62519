// @ts-check
/**
 * Background (service worker in Chromium, event page in Firefox): the only part
 * that talks to the backend and to Wikipedia, sets the badge, and relays popup
 * and panel messages to the tab's content script.
 */
import { ext } from './shared/ext.js';
import { loadSettings, isLoopback, originPattern, normalizeHost } from './shared/settings.js';
import { annotateWhenReady, errorInfo } from './shared/backend-client.js';
import { showStatus } from './background/badge.js';
import { summary } from './background/wikipedia.js';

/** @type {Record<string, (msg: any, sender: chrome.runtime.MessageSender) => Promise<any>>} */
const handlers = {
  async annotate(msg) {
    const settings = await loadSettings();
    if (!isLoopback(settings.backendUrl)) {
      const granted = await ext.permissions.contains({ origins: [originPattern(settings.backendUrl)] });
      if (!granted) return { ok: false, error: errorInfo('no-permission', 'Allow access to the backend on the options page.') };
    }
    const result = await annotateWhenReady(settings.backendUrl, settings.apiToken, msg.body);
    return result.ok ? { ok: true, annotation: result.data } : result;
  },
  async wikipedia(msg) {
    const settings = await loadSettings();
    return settings.wikipediaSummaries ? summary(String(msg.title ?? '')) : null;
  },
  async status(msg, sender) {
    if (sender.tab?.id !== undefined) await showStatus(sender.tab.id, msg.status);
    return true;
  },
  async 'get-status'(msg) {
    return relay(msg.tabId, { type: 'get-status' });
  },
  async 'annotate-now'(msg) {
    const answer = await relay(msg.tabId, { type: 'annotate-now' });
    if (answer) return answer;
    // No content script (a page the static script does not match): inject it on this click.
    await ext.scripting.executeScript({ target: { tabId: msg.tabId }, files: ['extension/dist/content.js'] });
    return relay(msg.tabId, { type: 'annotate-now' });
  },
  async 'toggle-site'(msg) {
    const host = normalizeHost(String(msg.host ?? ''));
    if (!host) return false;
    const { autoAnnotate = [] } = await ext.storage.local.get('autoAnnotate');
    const list = /** @type {string[]} */ (Array.isArray(autoAnnotate) ? autoAnnotate : []).filter((h) => h !== host);
    if (msg.on) list.push(host);
    await ext.storage.local.set({ autoAnnotate: list });
    return true;
  },
  async 'get-summary'(msg) {
    return relay(msg.tabId, { type: 'get-summary' });
  },
  async jump(msg) {
    return relay(msg.tabId, { type: 'jump', target: msg.target });
  },
};

/** Ask a tab's content script; null when there is none. @param {number} tabId @param {any} message */
async function relay(tabId, message) {
  try {
    return (await ext.tabs.sendMessage(tabId, message)) ?? null;
  } catch {
    return null;
  }
}

ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const handler = msg && handlers[msg.type];
  if (!handler) return false;
  handler(msg, sender).then(sendResponse, (/** @type {unknown} */ err) => sendResponse({ ok: false, error: errorInfo('extension', String(err)) }));
  return true; // answer asynchronously
});

// The side panel opens from the toolbar menu; Firefox's sidebar is declared in the manifest.
ext.runtime.onInstalled.addListener(() => {
  /** @type {any} */ (ext).sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: false }).catch?.(() => {});
});
