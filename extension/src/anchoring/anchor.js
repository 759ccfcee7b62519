// @ts-check
/**
 * Places a backend span (offsets into the text that was sent) in the current page.
 * A fallback chain, each step checked against the exact quote:
 *   1. the same offsets in the current text, when the text there is unchanged;
 *   2. quote + prefix/suffix matching in the current text (Hypothesis' approach),
 *      exact first, then approximate.
 */
import { matchQuote } from './match-quote.js';
import { toRange } from './text-position.js';

/** How much context is kept either side of a quote for re-anchoring. */
const CONTEXT = 32;
/** Below this score an approximate match is more likely wrong than right. */
const MIN_SCORE = 0.75;

/**
 * @typedef {import('../extract/offset-table.js').OffsetTable} OffsetTable
 * @typedef {{start: number, end: number, text: string}} Span
 * @typedef {{range: Range, start: number, end: number, method: 'position' | 'quote'}} Anchor
 */

/**
 * @param {Span} span
 * @param {string} sentText the text the backend annotated
 * @param {OffsetTable} current the page's text now
 * @returns {Anchor | null}
 */
export function anchorSpan(span, sentText, current) {
  const { start, end } = span;
  const quote = span.text ?? sentText.slice(start, end);
  if (current.text.slice(start, end) === quote) {
    const range = toRange(current, start, end);
    if (range) return { range, start, end, method: 'position' };
  }
  const match = matchQuote(current.text, quote, {
    prefix: sentText.slice(Math.max(0, start - CONTEXT), start),
    suffix: sentText.slice(end, end + CONTEXT),
    hint: start,
  });
  if (!match || match.score < MIN_SCORE) return null;
  const range = toRange(current, match.start, match.end);
  return range ? { range, start: match.start, end: match.end, method: 'quote' } : null;
}
