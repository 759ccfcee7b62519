// @ts-check
/** The toolbar popup: site on/off, annotate now, category toggles, counts, legend, status. */
import { ext } from './shared/ext.js';
import { loadSettings, onSettingsChanged, siteOrigins } from './shared/settings.js';
import { LEGEND } from './paint/styles.js';
import { activeTabId, byId } from './ui/active-tab.js';
import { renderView, explainClaims } from './ui/view-choice.js';

const STATES = /** @type {Record<string, string>} */ ({
  idle: 'Not annotated yet.',
  annotating: 'Annotating…',
  painted: 'Annotated.',
  'error:unsupported-language': 'Not annotated: nothing is highlighted on this page.',
});

async function main() {
  const tabId = await activeTabId();
  const settings = await loadSettings();
  byId('backend').textContent = `Backend: ${settings.backendUrl}`;
  renderCategories(settings.categories);
  onSettingsChanged((s) => renderCategories(s.categories));
  let host = '';
  byId('annotate-now').addEventListener('click', async () => {
    await ext.runtime.sendMessage({ type: 'annotate-now', tabId });
    setTimeout(refresh, 300);
  });
  byId('open-panel').addEventListener('click', () => openPanel(tabId));
  void showShortcuts();
  const refresh = async () => {
    const status = await ext.runtime.sendMessage({ type: 'get-status', tabId });
    renderStatus(status, tabId);
    if (status?.host && status.host !== host) {
      host = status.host;
      await renderView(host);
    }
  };
  await refresh();
  setInterval(refresh, 1000);
}

/** @param {Record<string, boolean>} categories */
function renderCategories(categories) {
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[data-category]'))) {
    const name = /** @type {string} */ (box.dataset.category);
    box.checked = categories[name] !== false;
    box.onchange = async () => {
      const current = (await loadSettings()).categories;
      await ext.storage.local.set({ categories: { ...current, [name]: box.checked } });
    };
  }
}

/** @param {any} status @param {number} tabId */
function renderStatus(status, tabId) {
  const siteBox = /** @type {HTMLInputElement} */ (byId('site-on'));
  const error = byId('error');
  renderLegend(status?.counts ?? {});
  if (!status) {
    byId('status').textContent = 'Sourcelight cannot run on this page.';
    siteBox.disabled = true;
    return;
  }
  byId('host').textContent = status.host;
  siteBox.checked = status.enabled;
  siteBox.onchange = () => void toggleSite(tabId, status.host, siteBox);
  // Painted, but this browser has no CSS Custom Highlight API: nothing is visible.
  const blind = status.state === 'painted' && status.canPaint === false;
  byId('status').textContent = blind
    ? 'This browser cannot paint highlights (no CSS Custom Highlight API); the side panel lists what was found.'
    : STATES[status.state] ?? '';
  error.hidden = !status.error;
  error.textContent = status.error ? status.error.message : '';
  renderOutlet(status.outlet);
  byId('threshold').textContent = explainClaims(status.view);
}

/**
 * Turning a site on asks the browser for access to it (inside this click, as
 * permissions.request requires); refused, the box goes back off and nothing is stored.
 * @param {number} tabId @param {string} host @param {HTMLInputElement} box
 */
async function toggleSite(tabId, host, box) {
  const on = box.checked;
  if (on) {
    const granted = await ext.permissions.request({ origins: siteOrigins(host) }).catch(() => false);
    if (!granted) {
      box.checked = false;
      byId('error').hidden = false;
      byId('error').textContent = `Access to ${host} was not granted.`;
      return;
    }
  }
  await ext.runtime.sendMessage({ type: 'toggle-site', tabId, host, on });
}

/** The keyboard shortcuts as the reader set them (they are remappable). */
async function showShortcuts() {
  const commands = await ext.commands?.getAll?.().catch(() => []) ?? [];
  const key = (/** @type {string} */ name) => commands.find((c) => c.name === name)?.shortcut || '';
  const next = key('next-highlight'), previous = key('previous-highlight');
  byId('shortcuts').textContent = next || previous
    ? `${next || 'not set'} / ${previous || 'not set'}: next / previous highlight. Esc closes a card.`
    : 'No keys are set for next / previous highlight: the browser\'s extension shortcuts page sets them. Esc closes a card.';
}

/** The page's own outlet: its rating and where the rating comes from. @param {string[] | null | undefined} lines */
function renderOutlet(lines) {
  byId('outlet').hidden = !Array.isArray(lines);
  byId('outlet-lines').replaceChildren(...(Array.isArray(lines) ? lines : []).map((line) => {
    const p = document.createElement('p');
    p.textContent = line;
    return p;
  }));
}

/** @param {Record<string, number>} counts */
function renderLegend(counts) {
  const list = byId('legend');
  list.replaceChildren(...LEGEND.map(([name, label, color]) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = color;
    li.append(swatch, `${label}: ${counts[name] ?? 0}`);
    return li;
  }));
}

/** Chromium side panel, else Firefox sidebar; both need this click as the user gesture. @param {number} tabId */
function openPanel(tabId) {
  const api = /** @type {any} */ (ext);
  if (api.sidePanel?.open) api.sidePanel.open({ tabId }).catch(() => {});
  else api.sidebarAction?.open?.().catch?.(() => {});
}

main();
