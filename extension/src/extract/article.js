// @ts-check
/**
 * Finds the article on a live page without blocking it (see ../shared/slice.js):
 *   1. copy the BODY into an inert document, node by node in short steps, without
 *      scripts, styles, SVG, frames or media (Readability reads none of them, and a
 *      page's inline scripts never count as its size), every copied element tagged
 *      with its index among the live elements (INDEX_ATTR);
 *   2. run Readability on the copy: in the extension, off the page's main thread (the
 *      copy serialised, parsed by Readability's JSDOMParser in the background, as
 *      Firefox's Reader View does in a worker; ./readability-host.js); here, in one
 *      step (`readabilityHere`), for tests, the demo and a reader's click;
 *   3. build the text from the LIVE page's text nodes whose elements Readability kept,
 *      with the offset table, so offsets map to nodes the reader sees.
 * Where Readability keeps nothing, the element holding the most paragraph text is read
 * instead (reported as `readability-fallback:1`).
 */
import { Readability } from '@mozilla/readability';
import { offsetTableSteps } from './offset-table.js';
import {
  isCallToAction, isCommentSection, isDateLine, isDatelineOrTag, isFurnitureLine, isHidden, isHoverCard, isMetaLine, isNonText, isShortcodeLine,
  isTeaserList, looksLikeFurniture, looksLikeLinks, nextInside,
} from './furniture.js';
import { headlineWords, MESSAGE_MAX_CHARS, pageTitles, showsAnySteps } from './headline.js';
import { drive, runSync, Slicer, PAUSE } from '../shared/slice.js';

/** Beyond this many UTF-16 units the text is cut at a block boundary (setting `maxChars`). */
export const MAX_TEXT_LENGTH = 100_000;

/** Less text than this is no article (a page of links, a login form): said as "not an article". */
export const MIN_ARTICLE_CHARS = 100;

/** Elements Readability never needs; left out of its copy. */
const NOT_COPIED = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'CANVAS', 'VIDEO', 'AUDIO',
  'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'LINK', 'SELECT', 'TEXTAREA',
]);

/**
 * The attributes Readability reads (class and id weights, visibility, bylines, link
 * density, language); the copy keeps only these, so the HTML handed to the background
 * stays small.
 */
const COPIED_ATTRIBUTES = ['class', 'id', 'style', 'hidden', 'aria-hidden', 'aria-modal', 'role', 'rel',
  'itemprop', 'href', 'lang', 'dir', 'name', 'property', 'content'];

/**
 * Attribute naming each copied element's index among the live elements. An attribute,
 * not node identity, ties Readability's output to the live page: Readability re-parses
 * its copy from HTML when a first pass finds too little text, and in the extension it
 * runs on serialised HTML in another context.
 */
export const INDEX_ATTR = 'data-sl-i';

const NODES_PER_STEP = 64;

/**
 * @typedef Extraction
 * @prop {Element} root live element holding the article
 * @prop {string} text
 * @prop {import('./offset-table.js').Segment[]} segments
 * @prop {string} title
 * @prop {Record<string, number>} skipped what was left out, by kind
 *
 * @typedef {{indices: number[], texts: string[], around: number[], title: string}} ReadabilityResult what
 *   Readability kept (see `keptText`) and the article's title
 * @typedef {(copy: Document) => Promise<ReadabilityResult | null>} ReadabilityRunner
 * @typedef {{maxLength?: number, readability?: ReadabilityRunner}} ExtractOptions
 *
 * @typedef Found
 * @prop {Element | null} root
 * @prop {string} title
 * @prop {((node: Text) => boolean) | null} accept which text under root is the article (null: all)
 */

/** The deepest element containing every node (inclusive). @param {Iterable<Node>} nodes */
function commonAncestor(nodes) {
  let anc = /** @type {Node | null} */ (null);
  for (const node of nodes) {
    if (!anc) anc = node;
    else while (anc && !anc.contains(node)) anc = anc.parentNode;
  }
  return anc && anc.nodeType === 1 ? /** @type {Element} */ (anc) : null;
}

/** The HTML parser lets through names createElement refuses ("a<b"); those become spans. @param {Document} doc @param {string} name */
function createElementSafely(doc, name) {
  try {
    return doc.createElement(name);
  } catch {
    return doc.createElement('span');
  }
}

/**
 * A copy of `doc`'s body in a new inert document, without the NOT_COPIED elements, each
 * copied element carrying INDEX_ATTR, its index in `live` (filled here).
 * @param {Document} doc @param {Element[]} live
 * @returns {Generator<unknown, Document | null>}
 */
function* copyBody(doc, live) {
  const body = doc.body;
  if (!body) return null;
  const copy = doc.implementation.createHTMLDocument(doc.title);
  for (const meta of doc.head?.querySelectorAll('meta') ?? []) copy.head.append(copy.importNode(meta, false));
  /** @param {Element} el */
  const indexed = (el) => {
    const clone = createElementSafely(copy, el.localName);
    for (const name of COPIED_ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value !== null) clone.setAttribute(name, value);
    }
    clone.setAttribute(INDEX_ATTR, String(live.push(el) - 1));
    return clone;
  };
  const top = indexed(body);
  copy.documentElement.replaceChild(top, copy.body);
  let steps = 0;
  /** @type {Node | null} */
  let node = body.firstChild;
  /** @type {Node} */
  let parent = top;
  while (node) {
    if (++steps % NODES_PER_STEP === 0) yield;
    let descend = false;
    if (node.nodeType === 3) {
      parent.appendChild(copy.createTextNode(/** @type {Text} */ (node).data));
    } else if (node.nodeType === 1 && !NOT_COPIED.has(/** @type {Element} */ (node).tagName.toUpperCase())) {
      const el = indexed(/** @type {Element} */ (node));
      parent.appendChild(el);
      if (node.firstChild) {
        parent = el;
        descend = true;
      }
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== body && !node.nextSibling) {
      node = node.parentNode;
      parent = /** @type {Node} */ (parent.parentNode);
    }
    node = node && node !== body ? node.nextSibling : null; // null too if the page removed it meanwhile
  }
  return copy;
}

/**
 * What Readability kept in `content`, in terms the live page understands: `indices`,
 * the INDEX_ATTR of every copied element whose own text it kept; `texts`, the text of
 * nodes it moved into elements of its own making (it wraps loose text in paragraphs,
 * and may then put that paragraph in place of the element that held the text), and in
 * `around`, the INDEX_ATTR of the nearest copied element holding each of them.
 * Uses only what Readability's JSDOMParser offers too (childNodes, parentNode, attributes).
 * @param {Node} content
 * @returns {{indices: number[], texts: string[], around: number[]}}
 */
export function keptText(content) {
  /** @type {Set<number>} */
  const indices = new Set();
  /** @type {Set<string>} */
  const texts = new Set();
  /** @type {Set<number>} */
  const around = new Set();
  /** @type {Node[]} */
  const stack = [content];
  while (stack.length) {
    const node = /** @type {Node} */ (stack.pop());
    if (node.nodeType === 1) {
      for (const child of node.childNodes) stack.push(child);
      continue;
    }
    const text = node.nodeType === 3 ? node.textContent ?? '' : '';
    if (!/\S/.test(text)) continue;
    let holder = /** @type {Element | null} */ (node.parentNode);
    const index = holder?.getAttribute(INDEX_ATTR);
    if (index) {
      indices.add(Number(index));
      continue;
    }
    texts.add(text);
    while (holder && !holder.getAttribute?.(INDEX_ATTR)) holder = /** @type {Element | null} */ (holder.parentNode);
    if (holder) around.add(Number(holder.getAttribute(INDEX_ATTR)));
  }
  return { indices: [...indices], texts: [...texts], around: [...around] };
}

/**
 * Readability on a (copied or parsed) document: the kept elements' indices and the title.
 * It changes `doc`.
 * @param {Document} doc
 * @returns {ReadabilityResult | null}
 */
export function readabilityResult(doc) {
  const article = new Readability(doc, { charThreshold: 200, serializer: (/** @type {Node} */ el) => el }).parse();
  const content = /** @type {Node | null} */ (article?.content ?? null);
  return content ? { ...keptText(content), title: article?.title ?? '' } : null;
}

/**
 * The copy as well-formed markup that Readability's JSDOMParser reads (XMLSerializer:
 * every element closed, text escaped, non-breaking spaces kept as characters), for
 * Readability elsewhere (./readability-host.js).
 * @param {Document} copy
 */
export function serializeCopy(copy) {
  return new XMLSerializer().serializeToString(copy.documentElement);
}

/**
 * Whether an answer from elsewhere (the background) has a ReadabilityResult's shape.
 * @param {any} answer @returns {answer is ReadabilityResult}
 */
export function isReadabilityResult(answer) {
  return Boolean(answer) && ['indices', 'texts', 'around'].every((k) => Array.isArray(answer[k])) && typeof answer.title === 'string';
}

/** Readability on the copy in this thread, at once. @type {ReadabilityRunner} */
export const readabilityHere = async (copy) => readabilityResult(copy);

/**
 * Where Readability keeps nothing: the element whose paragraphs hold the most text (a
 * paragraph counts fully for its parent, half for its grandparent, as in Readability's
 * own scoring), all its text accepted (furniture is still skipped).
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
  return best && bestScore >= 200 ? { root: best, title: doc.title, accept: null } : null;
}

/**
 * The live root and text Readability kept, or null when it kept nothing still on the page.
 * A text node is kept when its element is, or its text is one Readability moved; white
 * space always is (it separates the words either side).
 * @param {Element[]} live @param {ReadabilityResult} result
 * @returns {Found | null}
 */
function readabilityFound(live, result) {
  /** @param {number[]} indices */
  const connected = (indices) => indices.map((i) => live[i]).filter((el) => el?.isConnected);
  const owners = new Set(connected(result.indices));
  const texts = new Set(result.texts);
  const holders = [...owners, ...connected(result.around)];
  if (!holders.length) return null;
  const root = commonAncestor(holders);
  const quoted = root ? quotedPosts(root, owners) : new Set();
  return {
    root,
    title: result.title,
    accept: (node) => owners.has(/** @type {Element} */ (node.parentNode)) || texts.has(node.data) || !/\S/.test(node.data)
      || (quoted.size > 0 && quoted.has(/** @type {Element} */ (node.parentNode)?.closest('blockquote'))),
  };
}

/**
 * Posts the story quotes whole (an embedded tweet: a blockquote of the post's words, its
 * author and date, in a wrapper of its own) standing between paragraphs Readability
 * kept: Readability drops them for their links, yet they are the story's quotations.
 * @param {Element} root @param {Set<Element>} owners elements whose text Readability kept
 * @returns {Set<Element | null>}
 */
function quotedPosts(root, owners) {
  /** @type {Set<Element | null>} */
  const quoted = new Set();
  /** @param {Element | null} el */
  const kept = (el) => Boolean(el && (owners.has(el) || [...owners].some((o) => el.contains(o))));
  /** The blockquote's own wrapper (beside it only scripts and the like), else the blockquote. @param {Element} quote */
  const blockOf = (quote) => {
    const parent = quote.parentElement;
    if (!parent || parent === root) return quote;
    for (const child of parent.children) if (child !== quote && !NOT_COPIED.has(child.tagName.toUpperCase())) return quote;
    return parent;
  };
  const blocks = new Set([...root.getElementsByTagName('blockquote')].map(blockOf));
  /** The nearest sibling that is neither a quoted post nor a script. @param {Element} el @param {boolean} forward */
  const beside = (el, forward) => {
    let sib = forward ? el.nextElementSibling : el.previousElementSibling;
    while (sib && (blocks.has(sib) || NOT_COPIED.has(sib.tagName.toUpperCase()))) sib = forward ? sib.nextElementSibling : sib.previousElementSibling;
    return sib;
  };
  for (const quote of root.getElementsByTagName('blockquote')) {
    if (quote.parentElement?.closest('blockquote')) continue;
    const block = blockOf(quote);
    if (kept(beside(block, false)) && kept(beside(block, true))) quoted.add(quote);
  }
  return quoted;
}

/** Lower case letters and digits, one space between words, for comparing headlines. @param {string} s */
function headlineKey(s) {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Whether a heading is the page's title: the same words, or the title's words with the
 * site's name before or after them ("Headline - Site"); at least three words then.
 * @param {string} heading @param {string} title both through headlineKey
 */
function headsTitle(heading, title) {
  if (!heading) return false;
  if (heading === title) return true;
  return heading.split(' ').length >= 3 && (title.startsWith(`${heading} `) || title.endsWith(` ${heading}`));
}

/** Headings that may carry a story's headline. */
const HEADLINE = 'h1, h2, h3, [itemprop="headline"]';

/**
 * Other stories standing beside the article: when the `<article>` elements under
 * `root` include one whose headline is the page's title, every other `<article>`
 * that neither holds it nor lies inside it is another story (a "you may also like"
 * list of whole posts, a front page's teasers under the story). With no `<article>`
 * headed by the title (a live blog whose posts are `<article>`s under one page
 * headline), nothing is left out.
 * @param {Element} root @param {string} title
 * @returns {(el: Element) => boolean}
 */
export function otherStories(root, title) {
  const want = headlineKey(title);
  const articles = root.getElementsByTagName('article');
  if (!want || articles.length < 2) return () => false;
  /** @type {Element | null} the innermost <article> headed by the title */
  let story = null;
  for (const article of articles) {
    if (story && !story.contains(article)) break;
    if ([...article.querySelectorAll(HEADLINE)].some((h) => headsTitle(headlineKey(h.textContent ?? ''), want))) story = article;
  }
  if (!story) return () => false;
  const main = story;
  return (el) => el.tagName.toUpperCase() === 'ARTICLE' && el !== main && !el.contains(main) && !main.contains(el);
}

/** An appendix after a rule holds at most this share of the article's text. */
const APPENDIX_SHARE = 0.3;
/** Node.DOCUMENT_POSITION_FOLLOWING (the constant, for contexts without a global Node). */
const FOLLOWING = 4;

/**
 * What follows the article's last horizontal rule when that is a small part of it:
 * the appendix a press release or a story ends with after a line (about the company,
 * about the author, how to reach the newsroom), not the story itself.
 * @param {Element} root
 * @returns {Generator<unknown, (node: Node) => boolean>}
 */
export function* appendixSteps(root) {
  const rules = root.getElementsByTagName('hr');
  const rule = rules[rules.length - 1];
  if (!rule) return () => false;
  // Letters and digits only, before and after the rule (scripts and styles not counted).
  let before = 0;
  let after = 0;
  let past = false;
  let steps = 0;
  /** @type {Node | null} */
  let node = root.firstChild;
  while (node) {
    if (++steps % NODES_PER_STEP === 0) yield;
    if (node === rule) past = true;
    if (node.nodeType === 3) {
      const n = (/** @type {Text} */ (node).data.match(/[\p{L}\p{N}]/gu) ?? []).length;
      if (past) after += n;
      else before += n;
    }
    node = nextInside(node, root, node.nodeType === 1 && !NOT_COPIED.has(/** @type {Element} */ (node).tagName.toUpperCase()));
  }
  if (!after || after > (before + after) * APPENDIX_SHARE) return () => false;
  return (/** @type {Node} */ node) => Boolean(rule.compareDocumentPosition(node) & FOLLOWING) && !node.contains(rule);
}

/**
 * From Readability's answer (or the fallback) to the text of the live page.
 * @param {Document} doc @param {Element[]} live the copy's elements by index
 * @param {ReadabilityResult | null} result @param {ExtractOptions} options
 * @returns {Generator<unknown, Extraction | null>}
 */
function* liveTextSteps(doc, live, result, options) {
  /** @type {Record<string, number>} */
  const skipped = { 'readability-fallback': 0, iframes: 0, 'shadow-roots': 0, hidden: 0, furniture: 0, 'other-stories': 0, appendix: 0, 'over-limit': 0 };
  let found = result && readabilityFound(live, result);
  if (!found) {
    found = yield* denseContainerSteps(doc);
    skipped['readability-fallback'] = 1;
  }
  const root = found?.root;
  if (!found || !root) return null;
  const accept = found.accept;
  const another = otherStories(root, found.title);
  const appended = yield* appendixSteps(root);
  const skip = (/** @type {Element} */ el) => {
    if (el.shadowRoot) skipped['shadow-roots'] += 1; // its light DOM may still be read below
    const tag = el.tagName.toUpperCase();
    if (tag === 'IFRAME' || tag === 'FRAME') return Boolean((skipped.iframes += 1));
    if (isNonText(el) || looksLikeFurniture(el) || looksLikeLinks(el) || isFurnitureLine(el) || isDatelineOrTag(el) || isDateLine(el)
      || isMetaLine(el) || isCallToAction(el) || isShortcodeLine(el) || isHoverCard(el) || (el !== root && isCommentSection(el))) {
      return Boolean((skipped.furniture += 1));
    }
    if (another(el) || isTeaserList(el)) return Boolean((skipped['other-stories'] += 1));
    if (appended(el)) return Boolean((skipped.appendix += 1));
    if (isHidden(el)) return Boolean((skipped.hidden += 1));
    return false;
  };
  const table = yield* offsetTableSteps(root, {
    skip,
    acceptText: (node) => !appended(node) && (!accept || accept(node)),
    maxLength: options.maxLength ?? MAX_TEXT_LENGTH,
  });
  skipped['over-limit'] = table.truncated;
  if (table.text.length < MIN_ARTICLE_CHARS) return null;
  if (table.text.length < MESSAGE_MAX_CHARS && !(yield* showsHeadlineSteps(doc, found.title))) return null;
  return { root, text: table.text, segments: table.segments, title: found.title, skipped };
}

/**
 * Whether the page still shows a word of its own title anywhere (see ./headline.js):
 * a page that shows none has put a message (an error page, a notice) in its story's place.
 * @param {Document} doc @param {string} title the article's title as Readability read it
 * @returns {Generator<unknown, boolean>}
 */
function* showsHeadlineSteps(doc, title) {
  if (!doc.body) return true;
  return yield* showsAnySteps(doc.body, headlineWords([...pageTitles(doc), title]));
}

/**
 * The article in one go, Readability in this thread (tests; the demo; a reader's click).
 * @param {Document} doc @param {ExtractOptions} [options]
 * @returns {Extraction | null} null when the page holds no article
 */
export function extractArticle(doc, options = {}) {
  /** @type {Element[]} */
  const live = [];
  const copy = runSync(copyBody(doc, live));
  const result = copy ? readabilityResult(copy) : null;
  return runSync(liveTextSteps(doc, live, result, options));
}

/**
 * The article in time slices that leave the page responsive; Readability runs where
 * `options.readability` says (default: here, in a slice of its own).
 * @param {Document} doc @param {ExtractOptions} [options] @param {Slicer} [slicer]
 * @returns {Promise<Extraction | null>}
 */
export async function extractArticleSliced(doc, options = {}, slicer = new Slicer()) {
  /** @type {Element[]} */
  const live = [];
  const copy = await drive(copyBody(doc, live), slicer);
  await slicer.pause();
  const result = copy ? await slicer.waitFor((options.readability ?? readabilityHere)(copy).catch(() => null)) : null;
  await slicer.pause();
  return drive(liveTextSteps(doc, live, result, options), slicer);
}

/** "iframes:1, hidden:2" for what was skipped, omitting zeros. @param {Record<string, number>} skipped */
export function describeSkipped(skipped) {
  return Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}:${n}`)
    .join(', ');
}
