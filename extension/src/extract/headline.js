// @ts-check
/**
 * Whether the page still shows anything of its own headline. A page's script may put
 * a message in the article's place (an error page: "This page is not available right
 * now", a notice) while the head keeps the story's title: a short text on a page that
 * shows no word of that title is the message, not the article.
 */
import { nextInside } from './furniture.js';

/** Only a text this short can be a message standing in for the article (a few lines). */
export const MESSAGE_MAX_CHARS = 1_000;

/**
 * Headline words this long at least: shorter ones are mostly function words ("this",
 * "with") that any message shares with a title.
 */
const MIN_WORD_LETTERS = 5;

/** Scripts written without spaces between words: their titles are read two characters at a time. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Text under these is never shown. */
const NOT_SHOWN = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

const NODES_PER_STEP = 64;

/**
 * The words of the page's titles that a page showing the story would show too, lower
 * case: words of MIN_WORD_LETTERS or more (not figures), and every pair of
 * characters of a run in a script written without spaces.
 * @param {string[]} titles
 * @returns {Set<string>}
 */
export function headlineWords(titles) {
  /** @type {Set<string>} */
  const words = new Set();
  for (const run of titles.join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (UNSPACED.test(run)) {
      for (let i = 0; i + 2 <= run.length; i += 1) words.add(run.slice(i, i + 2));
    } else if ([...run].length >= MIN_WORD_LETTERS && /\p{L}/u.test(run)) {
      words.add(run);
    }
  }
  return words;
}

/**
 * The titles the page gives itself: the document's, and its og: and twitter: titles.
 * @param {Document} doc
 */
export function pageTitles(doc) {
  const meta = doc.head?.querySelectorAll('meta[property="og:title"], meta[name="og:title"], meta[name="twitter:title"], meta[property="twitter:title"]') ?? [];
  return [doc.title, ...[...meta].map((m) => m.getAttribute('content') ?? '')];
}

/**
 * Whether any text the page shows under `root` holds one of `words` (true when there
 * is no word to look for: nothing to judge by). Stops at the first found.
 * @param {Element} root @param {Set<string>} words
 * @returns {Generator<unknown, boolean>}
 */
export function* showsAnySteps(root, words) {
  if (!words.size) return true;
  let steps = 0;
  /** @type {Node | null} */
  let node = root.firstChild;
  while (node) {
    if (++steps % NODES_PER_STEP === 0) yield;
    if (node.nodeType === 3) {
      const text = /** @type {Text} */ (node).data.toLowerCase();
      for (const word of words) if (text.includes(word)) return true;
    }
    node = nextInside(node, root, node.nodeType === 1 && !NOT_SHOWN.has(/** @type {Element} */ (node).tagName.toUpperCase()));
  }
  return false;
}
