// @ts-check
/**
 * Finds the article on a live page, in steps short enough never to block the page
 * for long (see ../shared/slice.js):
 *   1. size up the page (element count and text length, both native and cheap);
 *   2. usual pages: copy the BODY into an inert document, node by node and without
 *      scripts, styles, SVG, frames or media (Readability reads none of them and
 *      mutates what it reads), then run Readability on the copy: the one step that
 *      cannot be split, kept small by the copy;
 *      very large pages: Readability would block the page for hundreds of ms, so a
 *      cheap heuristic picks the element holding the most paragraph text instead
 *      (reported as `readability-skipped:<elements>`);
 *   3. build the text from the LIVE page's text nodes that were kept, with the offset
 *      table, so offsets map to nodes the reader sees.
 */
import { Readability } from '@mozilla/readability';
import { offsetTableSteps } from './offset-table.js';
import { isHidden, isNonText, looksLikeFurniture } from './furniture.js';
import { drive, runSync, Slicer, PAUSE } from '../shared/slice.js';

/** Beyond this many UTF-16 units the text is cut at a block boundary (setting `maxChars`). */
export const MAX_TEXT_LENGTH = 100_000;

/** Above either size Readability is skipped for the paragraph-density heuristic. */
export const LARGE_DOM = { elements: 4_000, chars: 60_000 };

/** Elements Readability never needs; left out of its copy. */
const NOT_COPIED = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'CANVAS', 'VIDEO', 'AUDIO',
  'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'LINK', 'SELECT', 'TEXTAREA',
]);

const NODES_PER_STEP = 64;

/**
 * @typedef Extraction
 * @prop {Element} root live element holding the article
 * @prop {string} text
 * @prop {import('./offset-table.js').Segment[]} segments
 * @prop {string} title
 * @prop {Record<string, number>} skipped what was left out, by kind
 *
 * @typedef {{kept: Set<Node> | null, root: Element | null, title: string}} Found
 */

/** @param {Node[] | Set<Node>} nodes */
function commonAncestor(nodes) {
  let anc = /** @type {Node | null} */ (null);
  for (const node of nodes) {
    if (!anc) anc = node.parentNode;
    else while (anc && !anc.contains(node)) anc = anc.parentNode;
  }
  return anc && anc.nodeType === 1 ? /** @type {Element} */ (anc) : null;
}

/**
 * A copy of `doc`'s body in a new inert document, without the NOT_COPIED elements,
 * filling `map` (copied text node -> live text node).
 * @param {Document} doc @param {Map<Node, Node>} map
 * @returns {Generator<unknown, Document | null>}
 */
function* copyBody(doc, map) {
  const body = doc.body;
  if (!body) return null;
  const copy = doc.implementation.createHTMLDocument(doc.title);
  for (const meta of doc.head?.querySelectorAll('meta') ?? []) copy.head.append(copy.importNode(meta, false));
  const top = /** @type {HTMLElement} */ (copy.importNode(body, false));
  copy.documentElement.replaceChild(top, copy.body);
  let steps = 0;
  /** @type {Node | null} */
  let live = body.firstChild;
  /** @type {Node} */
  let parent = top;
  while (live) {
    if (++steps % NODES_PER_STEP === 0) yield;
    let descend = false;
    if (live.nodeType === 3) {
      const text = copy.createTextNode(/** @type {Text} */ (live).data);
      map.set(text, live);
      parent.appendChild(text);
    } else if (live.nodeType === 1 && !NOT_COPIED.has(/** @type {Element} */ (live).tagName.toUpperCase())) {
      const el = copy.importNode(live, false);
      parent.appendChild(el);
      if (live.firstChild) {
        parent = el;
        descend = true;
      }
    }
    if (descend) {
      live = live.firstChild;
      continue;
    }
    while (live && live !== body && !live.nextSibling) {
      live = live.parentNode;
      parent = /** @type {Node} */ (parent.parentNode);
    }
    live = live && live !== body ? live.nextSibling : null; // null too if the page removed it meanwhile
  }
  return copy;
}

/**
 * Live text nodes Readability kept in its article, or null when it found none.
 * @param {Document} doc
 * @returns {Generator<unknown, Found | null>}
 */
function* readabilitySteps(doc) {
  /** @type {Map<Node, Node>} */
  const map = new Map();
  const copy = yield* copyBody(doc, map);
  if (!copy) return null;
  yield PAUSE; // Readability gets a slice of its own
  const article = new Readability(copy, {
    charThreshold: 200,
    serializer: (/** @type {Node} */ el) => el,
  }).parse();
  const content = /** @type {Element | null} */ (article?.content ?? null);
  if (!content) return null;
  yield PAUSE;
  /** @type {Set<Node>} */
  const kept = new Set();
  const walker = copy.createTreeWalker(content, 4 /* NodeFilter.SHOW_TEXT */);
  let steps = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (++steps % NODES_PER_STEP === 0) yield;
    const live = map.get(n);
    if (live && /\S/.test(live.textContent ?? '')) kept.add(live);
  }
  return kept.size ? { kept, root: null, title: article?.title ?? '' } : null;
}

/**
 * For pages too large for Readability: the element whose paragraphs hold the most
 * text (a paragraph counts fully for its parent, half for its grandparent, as in
 * Readability's own scoring), all its text accepted (furniture is still skipped).
 * @param {Document} doc
 * @returns {Generator<unknown, Found | null>}
 */
function* denseContainerSteps(doc) {
  const paragraphs = [...(doc.body?.querySelectorAll('p, pre, blockquote') ?? [])];
  /** @type {Map<Element, number>} */
  const score = new Map();
  let best = /** @type {Element | null} */ (null);
  let bestScore = 0;
  /** @param {Element | null} el @param {number} points */
  const add = (el, points) => {
    if (!el || el === doc.documentElement) return;
    const total = (score.get(el) ?? 0) + points;
    score.set(el, total);
    if (total > bestScore) [best, bestScore] = [el, total];
  };
  for (let i = 0; i < paragraphs.length; i += 1) {
    if (i % NODES_PER_STEP === 0) yield;
    const p = paragraphs[i];
    const length = (p.textContent ?? '').trim().length;
    if (length < 25 || looksLikeFurniture(p)) continue;
    add(p.parentElement, length);
    add(p.parentElement?.parentElement ?? null, length / 2);
  }
  return best && bestScore >= 200 ? { kept: null, root: best, title: doc.title } : null;
}

/**
 * @param {Document} doc
 * @param {{maxLength?: number}} [options]
 * @returns {Generator<unknown, Extraction | null>}
 */
export function* extractionSteps(doc, options = {}) {
  /** @type {Record<string, number>} */
  const skipped = { 'readability-skipped': 0, iframes: 0, 'shadow-roots': 0, hidden: 0, furniture: 0, 'over-limit': 0 };
  const elements = doc.getElementsByTagName('*').length;
  const large = elements > LARGE_DOM.elements || (doc.body?.textContent ?? '').length > LARGE_DOM.chars;
  yield PAUSE;
  const found = large ? yield* denseContainerSteps(doc) : yield* readabilitySteps(doc);
  if (!found) return null;
  if (large) skipped['readability-skipped'] = elements;
  const root = found.root ?? (found.kept ? commonAncestor(found.kept) : null);
  if (!root) return null;
  const kept = found.kept;
  const skip = (/** @type {Element} */ el) => {
    if (el.shadowRoot) skipped['shadow-roots'] += 1; // its light DOM may still be read below
    const tag = el.tagName.toUpperCase();
    if (tag === 'IFRAME' || tag === 'FRAME') return Boolean((skipped.iframes += 1));
    if (isNonText(el) || looksLikeFurniture(el)) return Boolean((skipped.furniture += 1));
    if (isHidden(el)) return Boolean((skipped.hidden += 1));
    return false;
  };
  const table = yield* offsetTableSteps(root, {
    skip,
    acceptText: kept ? (node) => kept.has(node) : undefined,
    maxLength: options.maxLength ?? MAX_TEXT_LENGTH,
  });
  skipped['over-limit'] = table.truncated;
  if (!table.text) return null;
  return { root, text: table.text, segments: table.segments, title: found.title, skipped };
}

/**
 * The article in one go (tests; a reader's click).
 * @param {Document} doc @param {{maxLength?: number}} [options]
 * @returns {Extraction | null} null when the page holds no article
 */
export function extractArticle(doc, options = {}) {
  return runSync(extractionSteps(doc, options));
}

/**
 * The article in time slices that leave the page responsive.
 * @param {Document} doc @param {{maxLength?: number}} [options] @param {Slicer} [slicer]
 * @returns {Promise<Extraction | null>}
 */
export function extractArticleSliced(doc, options = {}, slicer = new Slicer()) {
  return drive(extractionSteps(doc, options), slicer);
}

/** "iframes:1, hidden:2" for what was skipped, omitting zeros. @param {Record<string, number>} skipped */
export function describeSkipped(skipped) {
  return Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}:${n}`)
    .join(', ');
}
