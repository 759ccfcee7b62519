// @ts-check
/**
 * Finds the article on a live page: Readability decides on a clone of the
 * document (it mutates what it reads), then the text is built from the LIVE page's
 * text nodes that Readability kept, so offsets map to nodes the reader sees.
 */
import { Readability } from '@mozilla/readability';
import { buildOffsetTable } from './offset-table.js';
import { isHidden, isNonText, looksLikeFurniture } from './furniture.js';

/** Beyond this many UTF-16 units the text is cut at a block boundary. */
export const MAX_TEXT_LENGTH = 200_000;

/**
 * @typedef Extraction
 * @prop {Element} root live element holding the article
 * @prop {string} text
 * @prop {import('./offset-table.js').Segment[]} segments
 * @prop {string} title
 * @prop {Record<string, number>} skipped what was left out, by kind
 */

/**
 * Pairs each text node of `live` with its counterpart in `copy` (same shape).
 * @param {Node} live @param {Node} copy @param {Map<Node, Node>} map copy -> live
 */
function pairTextNodes(live, copy, map) {
  if (live.nodeType === 3) map.set(copy, live);
  let a = live.firstChild;
  let b = copy.firstChild;
  for (; a && b; a = a.nextSibling, b = b.nextSibling) pairTextNodes(a, b, map);
}

/** @param {Node[]} nodes */
function commonAncestor(nodes) {
  if (nodes.length === 0) return null;
  let anc = /** @type {Node | null} */ (nodes[0].parentNode);
  for (const node of nodes.slice(1)) {
    while (anc && !anc.contains(node)) anc = anc.parentNode;
  }
  return anc && anc.nodeType === 1 ? /** @type {Element} */ (anc) : null;
}

/**
 * Live text nodes Readability kept in its article, or null when it found none.
 * @param {Document} doc
 */
export function readabilityKept(doc) {
  const copy = /** @type {Document} */ (doc.cloneNode(true));
  /** @type {Map<Node, Node>} */
  const map = new Map();
  pairTextNodes(doc, copy, map);
  /** @type {Element | null} */
  let content = null;
  const article = new Readability(copy, {
    charThreshold: 200,
    serializer: (/** @type {Element} */ el) => el,
  }).parse();
  content = /** @type {Element | null} */ (article?.content ?? null);
  if (!content) return null;
  /** @type {Set<Node>} */
  const kept = new Set();
  const walker = copy.createTreeWalker(content, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const live = map.get(n);
    if (live && /\S/.test(live.textContent ?? '')) kept.add(live);
  }
  return kept.size ? { kept, title: article?.title ?? '' } : null;
}

/**
 * @param {Document} doc
 * @param {{maxLength?: number}} [options]
 * @returns {Extraction | null} null when the page holds no article
 */
export function extractArticle(doc, options = {}) {
  const found = readabilityKept(doc);
  if (!found) return null;
  const root = commonAncestor([...found.kept]);
  if (!root) return null;
  /** @type {Record<string, number>} */
  const skipped = { iframes: 0, 'shadow-roots': 0, hidden: 0, furniture: 0, 'over-limit': 0 };
  const skip = (/** @type {Element} */ el) => {
    if (el.shadowRoot) skipped['shadow-roots'] += 1; // its light DOM may still be read below
    const tag = el.tagName.toUpperCase();
    if (tag === 'IFRAME' || tag === 'FRAME') return Boolean((skipped.iframes += 1));
    if (isNonText(el) || looksLikeFurniture(el)) return Boolean((skipped.furniture += 1));
    if (isHidden(el)) return Boolean((skipped.hidden += 1));
    return false;
  };
  const table = buildOffsetTable(root, {
    skip,
    acceptText: (node) => found.kept.has(node),
    maxLength: options.maxLength ?? MAX_TEXT_LENGTH,
  });
  skipped['over-limit'] = table.truncated;
  if (!table.text) return null;
  return { root, text: table.text, segments: table.segments, title: found.title, skipped };
}

/** "iframes:1, hidden:2" for what was skipped, omitting zeros. @param {Record<string, number>} skipped */
export function describeSkipped(skipped) {
  return Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}:${n}`)
    .join(', ');
}
