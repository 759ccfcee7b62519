// @ts-check
/**
 * Content script on http(s) pages. Does nothing until the site is in
 * `autoAnnotate` or the reader clicks "Annotate this page"; never fetches the
 * backend itself (the background does).
 */
import { ext } from './shared/ext.js';
import { loadSettings, onSettingsChanged, siteEnabled, modeFor, VIEW_KEYS } from './shared/settings.js';
import { Overlay } from './overlay/overlay.js';

const KEY = '__sourcelightContent';

async function main() {
  const g = /** @type {any} */ (globalThis);
  if (g[KEY]) return; // already running (static script plus an injection)
  g[KEY] = true;
  let settings = await loadSettings();
  const overlay = new Overlay(document, {
    annotate: (body) => ext.runtime.sendMessage({ type: 'annotate', body }),
    wikipedia: (title) => ext.runtime.sendMessage({ type: 'wikipedia', title }),
    report: (status) => void ext.runtime.sendMessage({ type: 'status', status }).catch(() => {}),
    firstRun: async () => !(await loadSettings()).firstRunSeen,
    firstRunDone: () => void ext.storage.local.set({ firstRunSeen: true }),
  }, { categories: settings.categories, maxChars: settings.maxChars, view: viewOf(settings) });
  const enabled = () => siteEnabled(settings.autoAnnotate, location.hostname);

  document.documentElement.dataset.sourcelightState = 'idle';
  if (enabled()) overlay.run();

  onSettingsChanged((next, keys) => {
    settings = next;
    if (keys.includes('categories')) overlay.setCategories(next.categories);
    if (keys.includes('maxChars')) overlay.setMaxChars(next.maxChars);
    if (keys.some((k) => VIEW_KEYS.includes(k))) overlay.setView(viewOf(next));
    const retry = overlay.state.startsWith('error:') && (keys.includes('backendUrl') || keys.includes('apiToken'));
    if (!keys.includes('autoAnnotate') && !retry) return;
    if (enabled() && (overlay.state === 'idle' || overlay.state.startsWith('error:'))) overlay.run();
    else if (!enabled() && keys.includes('autoAnnotate')) overlay.clear();
  });

  ext.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
    const answer = {
      'get-status': () => ({ ...overlay.status(), host: location.hostname, enabled: enabled() }),
      'annotate-now': () => (overlay.run(), { ok: true }),
      'get-summary': () => overlay.summary(),
      jump: () => overlay.jumpTo(msg.target ?? {}),
    }[msg?.type];
    if (!answer) return false;
    sendResponse(answer());
    return false;
  });
}

/** @param {import('./shared/settings.js').Settings} s */
function viewOf(s) {
  return { mode: modeFor(s, location.hostname), focus: s.focusMode };
}

main().catch(() => {
  document.documentElement.dataset.sourcelightState = 'error:extension';
});
