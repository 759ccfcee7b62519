// @ts-check
/**
 * Card chrome that is not about one record: tabs for the marks that share the
 * hovered words (one card, not stacked marks), and the first-run card.
 */
import { h } from './dom.js';
import { LEGEND } from '../paint/styles.js';

/**
 * @typedef {{heading: string, body: HTMLElement}} Card
 * @typedef {{kind: string, id: string}} Tab
 */

/**
 * The card with a row of tabs above it when other marks share its words.
 * @template {Tab} T
 * @param {Document} doc @param {Card} card @param {T} current @param {T[]} tabs
 * @param {(tab: T) => string} label @param {(tab: T) => void} pick
 * @returns {Card}
 */
export function withTabs(doc, card, current, tabs, label, pick) {
  if (tabs.length < 2) return card;
  const same = (/** @type {T} */ t) => t.kind === current.kind && t.id === current.id;
  const nav = h(doc, 'div', { class: 'tabs', role: 'tablist', 'aria-label': 'Marks on these words' },
    tabs.map((t) => h(doc, 'button', {
      type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(same(t)),
      onclick: () => { if (!same(t)) pick(t); },
    }, label(t))));
  return { heading: card.heading, body: h(doc, 'div', {}, nav, card.body) };
}

/** Shown in the legend of the first-run card: what the default view paints. */
const INTRO_LEGEND = new Set(['sourcelight-source', 'sourcelight-claim-high', 'sourcelight-entity-quiet']);

/**
 * The first-run card: what the colours mean and how to open a card.
 * @param {Document} doc @param {() => void} done
 * @returns {Card}
 */
export function introCard(doc, done) {
  const rows = LEGEND.filter(([name]) => INTRO_LEGEND.has(name)).map(([, label, color]) => {
    const swatch = h(doc, 'span', { class: 'swatch' });
    swatch.style.background = color; // CSSOM, not a style attribute: page CSPs allow it
    return h(doc, 'li', {}, swatch, label);
  });
  const body = h(doc, 'div', {},
    h(doc, 'p', {}, 'This page is annotated. By default only a few marks are shown:'),
    h(doc, 'ul', { class: 'legend' }, rows),
    h(doc, 'p', {}, 'Only the article\'s most check-worthy claims are shaded. Hover a mark to open its card (or use the next-highlight shortcut: Alt+Shift+N unless you changed it in the browser); Esc closes it.'),
    h(doc, 'p', {}, 'The toolbar button switches between Calm, Sources, Claims and Everything for this site; the side panel lists every source and claim.'),
    h(doc, 'button', { type: 'button', class: 'done', onclick: done }, 'Got it'),
  );
  return { heading: 'Sourcelight: reading the marks', body };
}
