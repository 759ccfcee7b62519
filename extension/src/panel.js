// @ts-check
/**
 * Side panel: the story it describes, the site's rating, sources grouped by type
 * (named vs anonymous), check-worthy claims by score. Refreshed in place: an unchanged
 * summary leaves the DOM alone, a changed one keeps keyboard focus on the same item.
 */
import { ext } from './shared/ext.js';
import { h, humanize, percent } from './cards/dom.js';
import { activeTabId, byId } from './ui/active-tab.js';

let shown = '';

async function refresh() {
  const tabId = await activeTabId();
  const summary = await ext.runtime.sendMessage({ type: 'get-summary', tabId });
  const key = JSON.stringify(summary ?? null);
  if (key === shown) return; // nothing new: keep the DOM, and with it focus and scroll
  shown = key;
  const focused = /** @type {HTMLElement | null} */ (document.activeElement)?.dataset?.key ?? '';
  render(summary, tabId);
  if (focused) /** @type {HTMLElement | null} */ (document.querySelector(`[data-key="${CSS.escape(focused)}"]`))?.focus();
}

/** @param {any} summary @param {number} tabId */
function render(summary, tabId) {
  const jump = (/** @type {any} */ target) => () => ext.runtime.sendMessage({ type: 'jump', tabId, target });
  if (!summary) {
    byId('story').textContent = '';
    byId('status').textContent = 'This page has not been annotated. Use the toolbar button: "Annotate this page".';
    byId('sources').replaceChildren();
    byId('claims').replaceChildren();
    byId('outlet').replaceChildren();
    return;
  }
  byId('story').textContent = summary.title || summary.url || '';
  const c = summary.counts ?? {};
  byId('status').textContent =
    `${c.named_sources ?? 0} named and ${c.anonymous_sources ?? 0} anonymous sources; ` +
    `${c.unattributed_checkworthy_claims ?? 0} check-worthy claims without a source.`;
  byId('outlet').replaceChildren(...(Array.isArray(summary.outlet) ? summary.outlet : ['Not rated'])
    .map((/** @type {string} */ line) => h(document, 'p', {}, line)));
  byId('sources').replaceChildren(...(summary.sourceTypes ?? []).map((/** @type {any} */ g) => h(document, 'section', {},
    h(document, 'h3', {}, `${humanize(g.type)}: ${g.named} named, ${g.anonymous} anonymous`),
    h(document, 'ul', {}, g.sources.map((/** @type {any} */ s) => h(document, 'li', {},
      h(document, 'button', { type: 'button', class: 'claim', 'data-key': `source:${s.id}`, onclick: jump({ kind: 'source', id: s.id }) }, s.name),
      ` (${s.anonymous ? 'anonymous, ' : ''}${s.statements} ${s.statements === 1 ? 'statement' : 'statements'})`))))));
  byId('claims').replaceChildren(...(summary.claims ?? []).map((/** @type {any} */ cl) => h(document, 'li', {},
    h(document, 'button', { type: 'button', class: 'claim', 'data-key': `claim:${cl.id}`, onclick: jump({ kind: 'claim', id: cl.id }) }, cl.text),
    h(document, 'div', {}, `${percent(cl.checkworthiness)} · ${humanize(cl.type)} · `,
      cl.source ? `from ${cl.source}` : h(document, 'span', { class: 'warn' }, 'No source given'),
      cl.shaded ? ' · shaded on the page' : ''))));
}

byId('refresh').addEventListener('click', refresh);
ext.tabs.onActivated.addListener(refresh);
setInterval(refresh, 2000);
refresh();
