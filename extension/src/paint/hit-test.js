// @ts-check
/**
 * Which painted item is under the pointer. `highlightsFromPoint` (where the
 * browser has it) says which highlights are there; otherwise, and to pick the
 * item within a highlight, the item ranges' rectangles are tested. The most
 * specific item wins (sources, then entities and hedges, then claims).
 */

/** @typedef {import('./highlights.js').Anchored} Anchored */

const RANK = /** @type {Record<string, number>} */ ({ sources: 0, hedges: 1, entities: 2, claims: 3 });

/** @param {Range} range @param {number} x @param {number} y */
function rangeContainsPoint(range, x, y) {
  for (const r of range.getClientRects()) {
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return true;
  }
  return false;
}

/**
 * @param {Window & typeof globalThis} view
 * @param {Anchored[]} items painted items
 * @param {number} x @param {number} y viewport coordinates
 * @returns {Anchored | null}
 */
export function itemAtPoint(view, items, x, y) {
  let candidates = items;
  const fromPoint = /** @type {any} */ (view.CSS)?.highlights?.highlightsFromPoint;
  if (typeof fromPoint === 'function') {
    const hits = fromPoint.call(view.CSS.highlights, x, y);
    /** @type {Set<Range>} */
    const ranges = new Set();
    for (const hit of hits) {
      const hl = hit.highlight ?? hit;
      for (const r of hit.ranges ?? hl) ranges.add(r);
    }
    if (ranges.size === 0) return null;
    candidates = items.filter((i) => ranges.has(i.range));
  }
  let best = null;
  for (const item of candidates) {
    if (best && RANK[item.category] >= RANK[best.category]) continue;
    if (rangeContainsPoint(item.range, x, y)) best = item;
  }
  return best;
}
