// @ts-check
/**
 * ::highlight() styles, kept outside the article: a constructed sheet adopted by
 * the document where possible (no DOM node at all, and no page CSP applies), else
 * one <style> element in <head>. Colours are translucent backgrounds plus
 * underlines, so they read on light and dark pages alike; people, organisations and
 * places also differ by underline style (solid, double, dashed), so colour is never
 * the only cue, and their cards name the kind.
 */

export const HIGHLIGHT_CSS = `
::highlight(sourcelight-person) { background-color: rgba(96, 165, 250, 0.28); text-decoration: underline 2px rgba(37, 99, 235, 0.9); }
::highlight(sourcelight-org) { background-color: rgba(167, 139, 250, 0.28); text-decoration: underline double 3px rgba(124, 58, 237, 0.9); }
::highlight(sourcelight-place) { background-color: rgba(52, 211, 153, 0.25); text-decoration: underline dashed 2px rgba(5, 150, 105, 0.9); }
::highlight(sourcelight-entity) { text-decoration: underline 2px dotted rgba(100, 116, 139, 0.9); }
::highlight(sourcelight-claim-high) { background-color: rgba(251, 191, 36, 0.38); }
::highlight(sourcelight-claim-medium) { background-color: rgba(251, 191, 36, 0.22); }
::highlight(sourcelight-claim-low) { background-color: rgba(251, 191, 36, 0.1); }
::highlight(sourcelight-source) { background-color: rgba(244, 114, 182, 0.35); text-decoration: underline 3px rgba(219, 39, 119, 0.95); }
::highlight(sourcelight-hedge) { text-decoration: underline 2px wavy rgba(234, 88, 12, 0.95); }
::highlight(sourcelight-entity-quiet) { text-decoration: underline 1px dotted rgba(100, 116, 139, 0.55); text-underline-offset: 3px; }
`;

/** Colours for the legend (popup, panel), matching the styles above. */
export const LEGEND = [
  ['sourcelight-person', 'People (solid underline)', 'rgba(96, 165, 250, 0.6)'],
  ['sourcelight-org', 'Organisations (double underline)', 'rgba(167, 139, 250, 0.6)'],
  ['sourcelight-place', 'Places (dashed underline)', 'rgba(52, 211, 153, 0.6)'],
  ['sourcelight-entity', 'Other names', 'rgba(100, 116, 139, 0.6)'],
  ['sourcelight-entity-quiet', 'Names (faint underline; in colour under Everything)', 'rgba(100, 116, 139, 0.3)'],
  ['sourcelight-claim-high', 'Check-worthy claim (strong)', 'rgba(251, 191, 36, 0.7)'],
  ['sourcelight-claim-medium', 'Check-worthy claim', 'rgba(251, 191, 36, 0.4)'],
  ['sourcelight-claim-low', 'Weak claim', 'rgba(251, 191, 36, 0.18)'],
  ['sourcelight-source', 'Sources', 'rgba(244, 114, 182, 0.7)'],
  ['sourcelight-hedge', 'Hedges ("reportedly")', 'rgba(234, 88, 12, 0.8)'],
];

/** @type {WeakSet<Document>} */
const installed = new WeakSet();

/** @param {Document} doc */
export function installHighlightStyles(doc) {
  if (installed.has(doc)) return;
  installed.add(doc);
  const view = /** @type {any} */ (doc.defaultView);
  try {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(HIGHLIGHT_CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return;
  } catch {
    // Older engines, or a content-script sandbox that refuses the adoption.
  }
  const style = doc.createElement('style');
  style.textContent = HIGHLIGHT_CSS;
  (doc.head ?? doc.documentElement).append(style);
}
