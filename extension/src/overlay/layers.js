// @ts-check
/**
 * The marks behind one painted piece, for the card: which other items share its
 * words (reachable as tabs), and what reading focus keeps clear.
 */

/** @typedef {import('../paint/highlights.js').Anchored & {start: number, end: number}} Placed */

/** Tabs in this order: the source, then the name, then the claim. */
const ORDER = /** @type {Record<string, number>} */ ({ source: 0, entity: 1, claim: 2 });

/**
 * Other items on the same words as `piece` (one per record), source first.
 * @param {Placed[]} placed every anchored item @param {{kind: string, id: string, start: number, end: number}} piece
 */
export function overlapping(placed, piece) {
  const seen = new Set([`${piece.kind}:${piece.id}`]);
  const out = [];
  for (const m of placed) {
    if (m.start >= piece.end || m.end <= piece.start) continue;
    const key = `${m.kind}:${m.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m.category === 'hedges' ? (placed.find((c) => c.key === `c:${m.id}`) ?? m) : m);
  }
  return out.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}

/**
 * What reading focus keeps painted: every mark of the card's record (all mentions
 * of a source, the whole claim), in its full colour; hedges stay inside the claim.
 * @param {Placed[]} placed @param {{kind: string, id: string}} item
 */
export function subjectOf(placed, item) {
  return placed.filter((m) => m.kind === item.kind && m.id === item.id && m.category !== 'hedges');
}

