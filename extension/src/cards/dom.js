// @ts-check
/**
 * The only way cards build DOM: elements from a fixed tag, attributes by
 * setAttribute, and every string as a Text node. Backend strings never become HTML.
 */

/**
 * @typedef {Node | string | number | null | undefined | false} Child
 * @param {Document} doc
 * @param {string} tag
 * @param {Record<string, string | ((e: Event) => void)>} [attrs] `on*` keys add listeners
 * @param {...(Child | Child[])} children
 */
export function h(doc, tag, attrs = {}, ...children) {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : doc.createTextNode(String(child)));
  }
  return el;
}

const BLOCKS = new Set(['DIV', 'P', 'H2', 'H3', 'LI', 'UL', 'SECTION', 'HEADER', 'DL', 'DT', 'DD', 'BUTTON']);

/**
 * Text of a rendered card with one line per block, for the host's data-text mirror.
 * @param {Node} node
 * @returns {string}
 */
export function cardText(node) {
  const lines = [];
  let line = '';
  /** @param {Node} n */
  const walk = (n) => {
    if (n.nodeType === 3) {
      line += /** @type {Text} */ (n).data;
      return;
    }
    const block = n.nodeType === 1 && BLOCKS.has(/** @type {Element} */ (n).tagName);
    if (block && line.trim()) (lines.push(line.trim()), (line = ''));
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
    if (block && line.trim()) (lines.push(line.trim()), (line = ''));
  };
  walk(node);
  if (line.trim()) lines.push(line.trim());
  return lines.join('\n');
}

/** Reader-facing names for the backend's type codes, where spelling the code out is not enough. */
const TYPE_NAMES = /** @type {Record<string, string>} */ ({
  ngo_monitor: 'NGO or monitoring group',
  ngo_representative: 'speaks for an NGO or advocacy group',
  company_representative: 'speaks for a company',
  political_staff: 'party or campaign staff',
  state_media: 'state-controlled media',
  militant_media: 'militant group media',
  international_org: 'international organisation',
  academic_expert: 'academic or expert',
  media_outlet: 'media outlet or news agency',
  document: 'document or report',
  witness: 'witness or resident',
  party: 'political party',
  rule: 'rule or law',
  attributed: 'attributed statement',
  personal: 'personal experience',
  opinion: 'opinion (not checkable)',
});

/** "ngo_monitor" -> "NGO or monitoring group"; unknown codes: "militant_group" -> "militant group". */
export function humanize(/** @type {string | null | undefined} */ s) {
  const code = s ?? '';
  return Object.hasOwn(TYPE_NAMES, code) ? TYPE_NAMES[code] : code.replace(/[_-]+/g, ' ').trim();
}

/** 0.8123 -> "81%". @param {number} x */
export function percent(x) {
  return `${Math.round(x * 100)}%`;
}
