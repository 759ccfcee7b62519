// @ts-check
/**
 * Which painted item is under the pointer. `highlightsFromPoint` (where the
 * browser has it) says which highlights are there; otherwise a RectIndex, built
 * once per layout, gives the few items near the point. The most specific item wins
 * (sources, then entities and hedges, then claims).
 */

/** @typedef {import('./highlights.js').Anchored} Anchored */

/** Specificity: lower wins where items overlap. */
export const RANK = /** @type {Record<string, number>} */ ({ sources: 0, hedges: 1, entities: 2, claims: 3 });

/** Height of one row of the index, in CSS pixels. */
const ROW_PX = 48;
/** An index older than this is rebuilt: layout can move without an event we see (images, fonts). */
const MAX_AGE_MS = 1000;

/** @param {Range} range @param {number} x @param {number} y */
function rangeContainsPoint(range, x, y) {
  for (const r of range.getClientRects()) {
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return true;
  }
  return false;
}

/**
 * The items' rectangles in page coordinates, bucketed by rows, so that a pointer
 * move looks at the few rectangles near it instead of every highlight's on every
 * frame. Rebuilt after `invalidate()` (resize, a scrolled container, a mutation,
 * a repaint) or when older than MAX_AGE_MS; window scrolling needs no rebuild.
 */
export class RectIndex {
  /** @param {Window & typeof globalThis} view */
  constructor(view) {
    this.view = view;
    /** @type {Map<number, {item: Anchored, left: number, right: number, top: number, bottom: number}[]> | null} */
    this.rows = null;
    /** @type {Anchored[] | null} */
    this.items = null;
    this.builtAt = 0;
    /** Rebuilds so far (tests read it). */
    this.builds = 0;
  }

  invalidate() {
    this.rows = null;
  }

  /** @param {Anchored[]} items */
  build(items) {
    const sx = this.view.scrollX;
    const sy = this.view.scrollY;
    /** @type {Map<number, any[]>} */
    const rows = new Map();
    for (const item of items) {
      for (const r of item.range.getClientRects()) {
        if (!r.width && !r.height) continue;
        const box = { item, left: r.left + sx, right: r.right + sx, top: r.top + sy, bottom: r.bottom + sy };
        for (let row = Math.floor(box.top / ROW_PX); row <= Math.floor(box.bottom / ROW_PX); row += 1) {
          const list = rows.get(row);
          if (list) list.push(box);
          else rows.set(row, [box]);
        }
      }
    }
    this.rows = rows;
    this.items = items;
    this.builtAt = this.view.performance.now();
    this.builds += 1;
  }

  /**
   * Items with a rectangle holding the viewport point.
   * @param {Anchored[]} items the painted items (a new list means a new index)
   * @param {number} x @param {number} y
   * @returns {Anchored[]}
   */
  at(items, x, y) {
    const stale = this.view.performance.now() - this.builtAt > MAX_AGE_MS;
    if (!this.rows || stale || !sameItems(this.items, items)) this.build(items);
    const px = x + this.view.scrollX;
    const py = y + this.view.scrollY;
    const row = /** @type {Map<number, any[]>} */ (this.rows).get(Math.floor(py / ROW_PX)) ?? [];
    return row.filter((b) => px >= b.left && px <= b.right && py >= b.top && py <= b.bottom).map((b) => b.item);
  }
}

/** Same items in the same order (the overlay filters a fresh array on each call). @param {Anchored[] | null} a @param {Anchored[]} b */
function sameItems(a, b) {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * @param {Window & typeof globalThis} view
 * @param {Anchored[]} items painted items
 * @param {number} x @param {number} y viewport coordinates
 * @param {RectIndex} [index] used where highlightsFromPoint is missing
 * @param {{rectsOnly?: boolean}} [options] rectsOnly: items not registered as highlights
 *   (hover-only names), found by their rectangles alone
 * @returns {Anchored | null}
 */
export function itemAtPoint(view, items, x, y, index, options = {}) {
  let candidates = items;
  let checked = false;
  const fromPoint = options.rectsOnly ? null : /** @type {any} */ (view.CSS)?.highlights?.highlightsFromPoint;
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
  } else if (index) {
    candidates = index.at(items, x, y);
    checked = true;
  }
  let best = null;
  for (const item of candidates) {
    if (best && RANK[item.category] >= RANK[best.category]) continue;
    if (checked || rangeContainsPoint(item.range, x, y)) best = item;
  }
  return best;
}
