// @ts-check
/**
 * Builds the article text from live text nodes, with an offset table mapping
 * text offsets (UTF-16, JS native) back to DOM positions.
 *
 * ONE normalisation, used for extraction and re-anchoring alike: whitespace runs
 * collapse to one space, block boundaries and <br> become "\n", and leading or
 * trailing whitespace of a block is dropped. `textContent` is not used because it
 * ignores <br> and block boundaries, so "line one<br>line two" would join words
 * that a reader sees as separate.
 */
import { runSync } from '../shared/slice.js';

/**
 * @typedef Segment
 * @prop {Text} node
 * @prop {number} nodeStart offset in node.data
 * @prop {number} start offset in the extracted text
 * @prop {number} end exclusive; nodeStart + (end - start) is the node end
 *
 * @typedef OffsetTable
 * @prop {string} text
 * @prop {Segment[]} segments literal (non-whitespace) runs, in text order
 *
 * @typedef WalkOptions
 * @prop {(el: Element) => boolean} [skip] true to leave an element (and subtree) out
 * @prop {(node: Text) => boolean} [acceptText] false to leave one text node out
 * @prop {number} [maxLength] stop at the last block boundary before this length
 */

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HGROUP', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY',
  'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'BODY', 'HTML',
]);

const WS = /\s+/g;

/** @param {Element} el */
export function isBlock(el) {
  return BLOCK_TAGS.has(el.tagName.toUpperCase());
}

/** Collapse whitespace exactly as extraction does (for comparing quotes). @param {string} s */
export function normalizeSpace(s) {
  return s.replace(WS, ' ').trim();
}

/** Nodes visited between two `yield`s of the walk (a slice checks the clock there). */
const NODES_PER_STEP = 64;

/**
 * @param {Node} root
 * @param {WalkOptions} [options]
 * @returns {OffsetTable & {truncated: number}}
 */
export function buildOffsetTable(root, options = {}) {
  return runSync(offsetTableSteps(root, options));
}

/**
 * The walk behind `buildOffsetTable`, iterative and yielding every few dozen nodes so
 * that `drive` can spread a long article over several short tasks. If the page removes
 * the node being walked meanwhile, the walk ends there (the text so far is kept).
 * @param {Node} root
 * @param {WalkOptions} [options]
 * @returns {Generator<void, OffsetTable & {truncated: number}>}
 */
export function* offsetTableSteps(root, options = {}) {
  const { skip = () => false, acceptText = () => true, maxLength = Infinity } = options;
  /** @type {string[]} */
  const parts = [];
  /** @type {Segment[]} */
  const segments = [];
  let length = 0;
  /** @type {'' | ' ' | '\n'} separator owed before the next literal */
  let pending = '';
  let lastBlockEnd = { length: 0, parts: 0, segments: 0 };
  let truncated = 0;

  /** @param {'' | ' ' | '\n'} sep */
  const owe = (sep) => {
    if (length === 0) return; // never lead with whitespace
    if (sep === '\n' || pending === '') pending = sep;
  };

  /** @param {Text} node @param {number} from @param {number} to */
  const addLiteral = (node, from, to) => {
    if (to <= from) return;
    if (pending) {
      if (length <= maxLength) parts.push(pending);
      length += 1;
      pending = '';
    }
    if (length > maxLength) {
      length += to - from; // past the limit: only counted, for the "over-limit" figure
      return;
    }
    parts.push(node.data.slice(from, to));
    segments.push({ node, nodeStart: from, start: length, end: length + to - from });
    length += to - from;
  };

  /** @param {Text} node */
  const addText = (node) => {
    const data = node.data;
    let pos = 0;
    for (const m of data.matchAll(WS)) {
      addLiteral(node, pos, m.index);
      owe(' ');
      pos = m.index + m[0].length;
    }
    addLiteral(node, pos, data.length);
  };

  const markBlock = () => {
    owe('\n');
    if (length <= maxLength) lastBlockEnd = { length, parts: parts.length, segments: segments.length };
  };

  /** @param {Node} node */
  const blockElement = (node) => node.nodeType === 1 && isBlock(/** @type {Element} */ (node));

  /** Handle a node on the way down; true to walk its children. @param {Node} node */
  const enter = (node) => {
    if (node.nodeType === 3) {
      if (acceptText(/** @type {Text} */ (node))) addText(/** @type {Text} */ (node));
      return false;
    }
    if (node.nodeType === 9 || node.nodeType === 11) return true;
    if (node.nodeType !== 1) return false;
    const el = /** @type {Element} */ (node);
    if (el.tagName.toUpperCase() === 'BR') {
      owe('\n');
      return false;
    }
    if (skip(el)) return false;
    if (isBlock(el)) markBlock();
    return true;
  };

  let steps = 0;
  /** @type {Node | null} */
  let node = root;
  while (node) {
    if (++steps % NODES_PER_STEP === 0) yield;
    const descend = enter(node);
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    if (descend && blockElement(node)) markBlock(); // an empty block still ends a line
    // Up until there is a next sibling, closing each block on the way.
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && blockElement(node)) markBlock();
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  if (length > maxLength) {
    truncated = length - lastBlockEnd.length;
    parts.length = lastBlockEnd.parts;
    segments.length = lastBlockEnd.segments;
    length = lastBlockEnd.length;
  }
  // A trailing separator was never pushed (pending), so the text has no trailing whitespace.
  return { text: parts.join(''), segments, truncated };
}

/**
 * The table cut at the last line break (block boundary or <br>) at or before
 * `maxLength`; `cut` is how many characters were dropped.
 * @param {OffsetTable} table @param {number} maxLength
 * @returns {OffsetTable & {cut: number}}
 */
export function cutTable(table, maxLength) {
  if (table.text.length <= maxLength) return { ...table, cut: 0 };
  const at = Math.max(0, table.text.lastIndexOf('\n', maxLength));
  const segments = table.segments.filter((s) => s.end <= at);
  return { ...table, text: table.text.slice(0, at), segments, cut: table.text.length - at };
}
