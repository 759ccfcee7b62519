// @ts-check
/**
 * Converts between offsets in the extracted text and DOM positions, via the
 * offset table. Offsets that fall on a collapsed separator (a space or "\n" that
 * stands for a whitespace run or a block boundary) have no single DOM position, so
 * a start snaps forward to the next literal character and an end snaps back to the
 * previous one; a highlight never covers whitespace outside its words.
 */

/** @typedef {import('../extract/offset-table.js').OffsetTable} OffsetTable */
/** @typedef {import('../extract/offset-table.js').Segment} Segment */

/**
 * Index of the last segment whose start <= offset, or -1.
 * @param {Segment[]} segments @param {number} offset
 */
function segmentAt(segments, offset) {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * @param {OffsetTable} table
 * @param {number} offset
 * @param {'start' | 'end'} side
 * @returns {{node: Text, offset: number} | null}
 */
export function toDomPosition(table, offset, side) {
  const { segments } = table;
  let i = segmentAt(segments, side === 'end' ? offset - 1 : offset);
  if (side === 'start') {
    if (i >= 0 && offset >= segments[i].end) i += 1; // on a separator: go forward
    if (i < 0) i = 0;
    const seg = segments[i];
    if (!seg) return null;
    const within = Math.max(0, offset - seg.start);
    return { node: seg.node, offset: seg.nodeStart + within };
  }
  const seg = segments[i];
  if (!seg) return null;
  const within = Math.min(offset, seg.end) - seg.start;
  return { node: seg.node, offset: seg.nodeStart + within };
}

/**
 * A DOM Range for text [start, end), or null when it cannot be placed.
 * @param {OffsetTable} table @param {number} start @param {number} end
 */
export function toRange(table, start, end) {
  if (!(start >= 0 && end > start && end <= table.text.length)) return null;
  const from = toDomPosition(table, start, 'start');
  const to = toDomPosition(table, end, 'end');
  if (!from || !to) return null;
  const range = from.node.ownerDocument.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range.collapsed ? null : range;
}

/**
 * Text offset of a DOM position inside the table's nodes, or null.
 * @param {OffsetTable} table @param {Node} node @param {number} offset
 */
export function fromDomPosition(table, node, offset) {
  for (const seg of table.segments) {
    if (seg.node !== node) continue;
    const within = offset - seg.nodeStart;
    if (within >= 0 && within <= seg.end - seg.start) return seg.start + within;
  }
  return null;
}
