// @ts-check
/**
 * What a reader sees, decided from the anchored marks: which marks a view mode
 * shows, which claims are shaded by default (decided per article), and one
 * painted layer per character (higher layers cut lower ones, so marks never
 * stack). Pure: offsets into one text, no DOM, so it is tested alone.
 *
 * Modes:
 *   calm        sources, the article's most check-worthy claims, names as a faint
 *               underline (the default: a view a reader keeps switched on)
 *   sources     sources only
 *   claims      every claim by strength, and hedges
 *   everything  all of it, names in colour
 */

/**
 * @typedef {import('../paint/categories.js').Item} Item
 * @typedef {'calm' | 'sources' | 'claims' | 'everything'} Mode
 * @typedef {{entities: boolean, claims: boolean, sources: boolean, hedges: boolean}} Categories
 * @typedef {{item: Item, start: number, end: number}} Mark an item placed in the text
 * @typedef {{item: Item, highlight: string, start: number, end: number, whole: boolean}} Piece
 *   a painted stretch; `whole` when it is the mark's full extent
 * @typedef ClaimChoice
 * @prop {number} total claims in the article
 * @prop {number} shaded claims painted
 * @prop {number | null} minScore lowest score shaded (null: none or not calm)
 * @prop {number} share share of the text they cover
 * @prop {boolean} capped true when the text-share cap stopped the choice early
 * @typedef Plan
 * @prop {Mode} mode
 * @prop {Piece[]} pieces disjoint, in text order
 * @prop {number} coverage share of the text under any mark, 0..1
 * @prop {ClaimChoice} claims
 * @prop {Mark[]} hoverOnly names the view leaves unpainted (the calm view's cap, a mode
 *   without names): not painted, yet hit-tested, so every name opens its card on hover
 */

export const MODES = /** @type {const} */ (['calm', 'sources', 'claims', 'everything']);
export const DEFAULT_MODE = /** @type {Mode} */ ('calm');

/** Calm view: the top quarter of the article's claims by check-worthiness... */
export const CLAIM_QUANTILE = 0.25;
/** ...never a claim below "medium" strength... */
export const CLAIM_MIN_SCORE = 0.5;
/** ...never more than this share of the text shaded as claims... */
export const CLAIM_SHARE_CAP = 0.2;
/** ...and never so much that all marks together pass this share of the text. */
export const TOTAL_SHARE_CAP = 0.3;

/**
 * Faint underline for names in the calm view. Names come last: they take what the
 * total cap leaves after sources and claims, first mentions before repeats.
 */
export const QUIET_ENTITY = 'sourcelight-entity-quiet';

/**
 * Which layer wins a character: lower wins. Sources are the point of the tool, hedges
 * and names are short and sit inside claims; a quiet name yields to a shaded claim.
 */
const LAYER = /** @type {Record<string, number>} */ ({ sources: 0, hedges: 1, entities: 2, claims: 3 });
const QUIET_LAYER = 4;

/** @param {unknown} mode @returns {Mode} */
export function asMode(mode) {
  return MODES.includes(/** @type {any} */ (mode)) ? /** @type {Mode} */ (mode) : DEFAULT_MODE;
}

const WORD = /[\p{L}\p{M}\p{N}_]/u;

/**
 * Is the character at i part of a word? Letters, marks, digits. An apostrophe is a
 * boundary: "Clyburn|'s" may end a name.
 * @param {string} text @param {number} i
 */
function wordChar(text, i) {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return c === c && WORD.test(text[i]); // NaN (out of range) is not a word
}

/** True when offset `p` falls between two characters of one word. @param {string} text @param {number} p */
export function insideWord(text, p) {
  return p > 0 && p < text.length && wordChar(text, p - 1) && wordChar(text, p);
}

/** Grow [start, end) to whole words. @param {string} text @param {number} start @param {number} end */
export function toWholeWords(text, start, end) {
  let s = Math.max(0, start);
  let e = Math.min(text.length, end);
  while (insideWord(text, s)) s -= 1;
  while (insideWord(text, e)) e += 1;
  return { start: s, end: e };
}

/**
 * Drop whitespace and punctuation at either end of a piece (an opening quote or
 * bracket, a closing quote, bracket or full stop stays); null when no word is left.
 * @param {string} text @param {number} start @param {number} end
 */
function trimToWords(text, start, end) {
  let s = start;
  let e = end;
  while (s < e && !wordChar(text, s) && !/["'\u201c\u2018(\[$£€]/.test(text[s])) s += 1;
  while (e > s && !wordChar(text, e - 1) && !/["'\u201d\u2019)\].%!?]/.test(text[e - 1])) e -= 1;
  for (let i = s; i < e; i++) if (wordChar(text, i)) return { start: s, end: e };
  return null;
}

/**
 * The marks a mode shows (claims in the calm view are chosen later), with the
 * highlight each is painted with. @param {Mark} m @param {Mode} mode @param {Categories} categories
 */
function shownAs(m, mode, categories) {
  const { category, highlight } = m.item;
  if (categories[category] === false) return null;
  switch (mode) {
    case 'sources': return category === 'sources' ? highlight : null;
    case 'claims': return category === 'claims' || category === 'hedges' ? highlight : null;
    case 'everything': return highlight;
    default:
      if (category === 'sources' || category === 'claims') return highlight;
      // Only names are quiet-underlined; dates and numbers stay in the Everything view.
      return category === 'entities' && highlight !== 'sourcelight-entity' ? QUIET_ENTITY : null;
  }
}

/** Sorted disjoint intervals, for cutting lower layers. */
class Covered {
  constructor() {
    /** @type {number[]} */ this.starts = [];
    /** @type {number[]} */ this.ends = [];
  }

  /** Parts of [start, end) not yet covered. @param {number} start @param {number} end */
  free(start, end) {
    const out = [];
    let at = start;
    for (let i = this.firstEndingAfter(start); i < this.starts.length && this.starts[i] < end; i++) {
      if (this.starts[i] > at) out.push([at, this.starts[i]]);
      at = Math.max(at, this.ends[i]);
    }
    if (at < end) out.push([at, end]);
    return out;
  }

  /** @param {number} start @param {number} end */
  add(start, end) {
    const i = this.firstEndingAfter(start - 1);
    let j = i;
    let s = start;
    let e = end;
    while (j < this.starts.length && this.starts[j] <= end) {
      s = Math.min(s, this.starts[j]);
      e = Math.max(e, this.ends[j]);
      j += 1;
    }
    this.starts.splice(i, j - i, s);
    this.ends.splice(i, j - i, e);
  }

  /** Index of the first interval whose end is after `p`. @param {number} p */
  firstEndingAfter(p) {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Paint [start, end) of a mark where nothing higher is painted yet.
 * @param {Piece[]} out @param {Covered} covered @param {string} text
 * @param {Mark & {grown?: boolean}} m grown: widened to whole words, so not the item's own extent
 * @param {string} highlight
 */
function place(out, covered, text, m, highlight) {
  let painted = 0;
  const free = covered.free(m.start, m.end);
  for (const [s, e] of free) {
    const t = trimToWords(text, s, e);
    if (!t) continue;
    const whole = !m.grown && free.length === 1 && t.start === m.start && t.end === m.end;
    out.push({ item: m.item, highlight, start: t.start, end: t.end, whole });
    painted += t.end - t.start;
  }
  covered.add(m.start, m.end);
  return painted;
}

/**
 * @param {Mark[]} marks items placed in `text`
 * @param {string} text the article text the offsets index
 * @param {{mode?: Mode, categories: Categories}} options
 * @returns {Plan}
 */
export function planView(marks, text, options) {
  const mode = asMode(options.mode);
  const length = Math.max(1, text.length);
  /** @type {{m: Mark, highlight: string, layer: number}[]} */
  const shown = [];
  for (const mark of marks) {
    const highlight = shownAs(mark, mode, options.categories);
    if (!highlight) continue;
    const m = { ...mark, ...toWholeWords(text, mark.start, mark.end), grown: false };
    if (m.end <= m.start) continue;
    m.grown = m.start !== mark.start || m.end !== mark.end;
    shown.push({ m, highlight, layer: highlight === QUIET_ENTITY ? QUIET_LAYER : LAYER[m.item.category] ?? 9 });
  }
  const claimMarks = shown.filter((s) => s.m.item.category === 'claims');
  const others = shown.filter((s) => s.m.item.category !== 'claims')
    .sort((a, b) => a.layer - b.layer || a.m.start - b.m.start || b.m.end - a.m.end);
  const covered = new Covered();
  /** @type {Piece[]} */
  const pieces = [];
  let painted = 0;
  const quiet = others.filter((s) => s.layer > LAYER.claims);
  for (const s of others) if (s.layer < LAYER.claims) painted += place(pieces, covered, text, s.m, s.highlight);
  const calm = mode === 'calm';
  const cap = TOTAL_SHARE_CAP * length;
  const choice = calm
    ? chooseClaims(claimMarks, covered, Math.min(CLAIM_SHARE_CAP * length, cap - painted))
    : { chosen: claimMarks, capped: false };
  let claimChars = 0;
  const chosen = [...choice.chosen].sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end);
  for (const s of chosen) claimChars += place(pieces, covered, text, s.m, s.highlight);
  let left = cap - painted - claimChars;
  for (const s of firstMentionsFirst(quiet, text)) {
    const adds = covered.free(s.m.start, s.m.end).reduce((n, [a, b]) => n + b - a, 0);
    if (adds > left) continue;
    left -= place(pieces, covered, text, s.m, s.highlight);
  }
  pieces.sort((a, b) => a.start - b.start);
  const hoverOnly = unpaintedNames(marks, pieces, text, options.categories);
  const total = pieces.reduce((n, p) => n + p.end - p.start, 0);
  const scores = chosen.map((s) => s.m.item.score ?? 0);
  const claimIds = new Set(claimMarks.map((s) => s.m.item.id));
  return {
    mode,
    pieces,
    coverage: total / length,
    claims: {
      total: claimIds.size,
      shaded: new Set(chosen.map((s) => s.m.item.id)).size,
      minScore: mode === 'calm' && scores.length ? Math.min(...scores) : null,
      share: claimChars / length,
      capped: choice.capped,
    },
    hoverOnly,
  };
}

/**
 * Names (people, organisations, places) with no painted piece in this view, grown to
 * whole words: the reader can still hover them. Dates and numbers are left out, as in
 * the calm view; a category the reader switched off stays off.
 * @param {Mark[]} marks @param {Piece[]} pieces @param {string} text @param {Categories} categories
 * @returns {Mark[]}
 */
function unpaintedNames(marks, pieces, text, categories) {
  if (categories.entities === false) return [];
  const painted = new Set(pieces.map((p) => p.item));
  return marks
    .filter((m) => m.item.category === 'entities' && m.item.highlight !== 'sourcelight-entity' && !painted.has(m.item))
    .map((m) => ({ item: m.item, ...toWholeWords(text, m.start, m.end) }))
    .filter((m) => m.end > m.start);
}

/**
 * Quiet names in the order they get the room left: each name's first mention (in
 * text order), then the repeats.
 * @template {{m: Mark}} T @param {T[]} quiet @param {string} text @returns {T[]}
 */
function firstMentionsFirst(quiet, text) {
  const seen = new Set();
  /** @type {T[]} */
  const first = [];
  /** @type {T[]} */
  const repeats = [];
  for (const s of [...quiet].sort((a, b) => a.m.start - b.m.start)) {
    const name = text.slice(s.m.start, s.m.end).toLowerCase();
    (seen.has(name) ? repeats : first).push(s);
    seen.add(name);
  }
  return [...first, ...repeats];
}

/**
 * The calm view's claims: the top quarter by score (at least medium strength),
 * highest first, while the characters they add stay within `budget`.
 * @param {{m: Mark, highlight: string}[]} claims
 * @param {Covered} covered what is painted already (sources)
 * @param {number} budget characters the claims may add
 */
function chooseClaims(claims, covered, budget) {
  const byScore = [...claims].sort((a, b) => (b.m.item.score ?? 0) - (a.m.item.score ?? 0) || a.m.start - b.m.start);
  const quota = Math.ceil(new Set(claims.map((c) => c.m.item.id)).size * CLAIM_QUANTILE);
  const trial = new Covered();
  for (let i = 0; i < covered.starts.length; i++) trial.add(covered.starts[i], covered.ends[i]);
  /** @type {typeof claims} */
  const chosen = [];
  let used = 0;
  let capped = false;
  for (const c of byScore) {
    if (chosen.length >= quota || (c.m.item.score ?? 0) < CLAIM_MIN_SCORE) break;
    const adds = trial.free(c.m.start, c.m.end).reduce((n, [s, e]) => n + e - s, 0);
    if (used + adds > budget) {
      capped = true;
      continue; // a shorter claim further down may still fit
    }
    used += adds;
    trial.add(c.m.start, c.m.end);
    chosen.push(c);
  }
  return { chosen, capped };
}
