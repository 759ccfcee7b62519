// @ts-check
/**
 * Finds a quote in text, approximately when needed, scoring candidates by how well
 * the quote, its prefix and suffix, and its expected position agree (the approach
 * of Hypothesis' match-quote). Pure: strings in, a match or null out.
 */
import approxSearch from 'approx-string-match';

/**
 * @typedef Context
 * @prop {string} [prefix] text just before the quote when it was annotated
 * @prop {string} [suffix] text just after it
 * @prop {number} [hint] expected start offset
 *
 * @typedef Match
 * @prop {number} start
 * @prop {number} end
 * @prop {number} score 0..1, 1 for an exact quote in its exact context
 */

/**
 * Matches of `str` in `text` with at most `maxErrors` edits; exact ones first
 * because they are much cheaper to find.
 * @param {string} text @param {string} str @param {number} maxErrors
 */
function search(text, str, maxErrors) {
  const exact = [];
  for (let i = text.indexOf(str); i !== -1; i = text.indexOf(str, i + 1)) {
    exact.push({ start: i, end: i + str.length, errors: 0 });
  }
  if (exact.length > 0) return exact;
  return approxSearch(text, str, maxErrors);
}

/** Similarity 0..1 of two strings, by edit distance of `str` within `text`. @param {string} text @param {string} str */
function similarity(text, str) {
  if (str.length === 0 || text.length === 0) return 0;
  const matches = search(text, str, str.length);
  if (matches.length === 0) return 0;
  const errors = Math.min(...matches.map((m) => m.errors));
  return 1 - errors / str.length;
}

/**
 * @param {string} text
 * @param {string} quote
 * @param {Context} [context]
 * @returns {Match | null}
 */
export function matchQuote(text, quote, context = {}) {
  if (quote.length === 0) return null;
  // Allow up to half the quote to differ; more would match unrelated text.
  const maxErrors = Math.min(256, Math.floor(quote.length / 2));
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;

  const { prefix = '', suffix = '', hint } = context;
  /** @param {{start: number, end: number, errors: number}} m */
  const score = (m) => {
    const quoteWeight = 50;
    const prefixWeight = 20;
    const suffixWeight = 20;
    const posWeight = 2;
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = prefix
      ? similarity(text.slice(Math.max(0, m.start - prefix.length), m.start), prefix)
      : 1;
    const suffixScore = suffix
      ? similarity(text.slice(m.end, Math.min(text.length, m.end + suffix.length)), suffix)
      : 1;
    const posScore = hint === undefined ? 1 : 1 - Math.abs(m.start - hint) / Math.max(1, text.length);
    const total = quoteWeight + prefixWeight + suffixWeight + posWeight;
    return (
      (quoteWeight * quoteScore +
        prefixWeight * prefixScore +
        suffixWeight * suffixScore +
        posWeight * posScore) /
      total
    );
  };

  let best = null;
  for (const m of matches) {
    const s = score(m);
    if (!best || s > best.score) best = { start: m.start, end: m.end, score: s };
  }
  return best;
}
