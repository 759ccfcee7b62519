// Hover hit-testing where CSS.highlights.highlightsFromPoint is missing: the rectangles
// are indexed once per layout, not scanned for every highlight on every pointer move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemAtPoint, RectIndex } from '../../extension/src/paint/hit-test.js';

/** A window without highlightsFromPoint, scrolled by (sx, sy). */
function fakeView(sx = 0, sy = 0) {
  let t = 0;
  return { scrollX: sx, scrollY: sy, CSS: { highlights: new Map() }, performance: { now: () => t }, tick: (ms) => { t += ms; } };
}

/** An item whose range has one rectangle, counting getClientRects calls. */
function item(category, left, top, width, height, calls) {
  const rect = { left, top, right: left + width, bottom: top + height, width, height };
  return { category, id: `${category}-${left}-${top}`, range: { getClientRects: () => { calls.n += 1; return [rect]; } } };
}

test('a pointer move reads no rectangles once the index is built', () => {
  const calls = { n: 0 };
  const items = [];
  for (let i = 0; i < 2000; i += 1) items.push(item('entities', (i % 20) * 40, Math.floor(i / 20) * 24, 30, 18, calls));
  const view = fakeView();
  const index = new RectIndex(view);
  assert.equal(itemAtPoint(view, items, 5, 5, index), items[0]);
  assert.equal(calls.n, items.length, 'built once: one read per item');
  for (let k = 0; k < 500; k += 1) itemAtPoint(view, items, 45 + (k % 10), 29, index);
  assert.equal(calls.n, items.length, 'later moves read no rectangle');
  assert.equal(itemAtPoint(view, items, 45, 29, index), items[21]);
  assert.equal(itemAtPoint(view, items, 35, 5, index), null, 'between words: nothing');
  assert.equal(index.builds, 1);
});

test('invalidate() and a new item list rebuild; window scrolling does not', () => {
  const calls = { n: 0 };
  const items = [item('claims', 0, 100, 300, 20, calls), item('sources', 10, 100, 50, 20, calls)];
  const view = fakeView();
  const index = new RectIndex(view);
  assert.equal(itemAtPoint(view, items, 20, 110, index)?.category, 'sources', 'the most specific item wins');
  assert.equal(itemAtPoint(view, items, 200, 110, index)?.category, 'claims');
  // Scrolled down by 50: the same page point is now 50 px higher in the viewport.
  view.scrollY = 50;
  assert.equal(itemAtPoint(view, items, 200, 60, index)?.category, 'claims');
  assert.equal(index.builds, 1);
  index.invalidate();
  itemAtPoint(view, items, 200, 60, index);
  assert.equal(index.builds, 2);
  itemAtPoint(view, items.slice(0, 1), 200, 60, index);
  assert.equal(index.builds, 3);
  view.tick(5000); // layout may have moved without an event (fonts, images)
  itemAtPoint(view, items.slice(0, 1), 200, 60, index);
  assert.equal(index.builds, 4);
});
