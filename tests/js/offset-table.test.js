import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOffsetTable, normalizeSpace } from '../../extension/src/extract/offset-table.js';
import { toRange, fromDomPosition } from '../../extension/src/anchoring/text-position.js';
import { htmlDocument, rangeText } from './helpers.js';

/** Every literal segment maps back to the node text it came from. */
function assertSegmentsConsistent(table) {
  for (const s of table.segments) {
    assert.equal(table.text.slice(s.start, s.end), s.node.data.slice(s.nodeStart, s.nodeStart + s.end - s.start));
  }
}

test('whitespace runs collapse and blocks become newlines', () => {
  const doc = htmlDocument('<div>\n  <p>  Hello \t\n world  </p>\n<p>Second   para</p> </div>');
  const table = buildOffsetTable(doc.body);
  assert.equal(table.text, 'Hello world\nSecond para');
  assertSegmentsConsistent(table);
});

test('<br> becomes a newline, inline elements join words', () => {
  const doc = htmlDocument('<p>line one<br>line <em>t</em>wo</p>');
  const table = buildOffsetTable(doc.body);
  assert.equal(table.text, 'line one\nline two');
});

test('a name split across <a> and <em> maps to one range', () => {
  const doc = htmlDocument('<p>Leader <a href="#">Abu <em>Bakr</em></a> al-Baghdadi spoke.</p>');
  const table = buildOffsetTable(doc.body);
  const start = table.text.indexOf('Abu Bakr al-Baghdadi');
  const range = toRange(table, start, start + 'Abu Bakr al-Baghdadi'.length);
  assert.ok(range);
  assert.equal(range.startContainer.data, 'Abu ');
  assert.equal(range.endContainer.data, ' al-Baghdadi spoke.');
  assert.equal(rangeText(range), 'Abu Bakr al-Baghdadi');
});

test('emoji and astral characters keep UTF-16 offsets exact', () => {
  const doc = htmlDocument('<p>Fans 😀😀 cheered 𝒳 <b>Rami</b> Abdel Rahman 👍🏽 said.</p>');
  const table = buildOffsetTable(doc.body);
  const quote = 'Rami Abdel Rahman';
  const start = table.text.indexOf(quote);
  assert.ok(start > 'Fans 😀😀 cheered 𝒳 '.length - 1);
  const range = toRange(table, start, start + quote.length);
  assert.equal(rangeText(range), quote);
  const after = table.text.indexOf('said');
  assert.equal(rangeText(toRange(table, after, after + 4)), 'said');
});

test('skip predicate leaves hidden elements out, and offsets stay exact after them', () => {
  const doc = htmlDocument('<p>Before <span hidden>secret</span>after.</p><p style="display:none">gone</p><p>Last</p>');
  const table = buildOffsetTable(doc.body, { skip: (el) => el.hasAttribute('hidden') || /none/.test(el.getAttribute('style') ?? '') });
  assert.equal(table.text, 'Before after.\nLast');
  const i = table.text.indexOf('Last');
  assert.equal(rangeText(toRange(table, i, i + 4)), 'Last');
});

test('a range that starts or ends on a collapsed separator snaps to words', () => {
  const doc = htmlDocument('<p>alpha</p><p>beta</p>');
  const table = buildOffsetTable(doc.body);
  const range = toRange(table, 5, 10); // "\nbeta"
  assert.equal(rangeText(range), 'beta');
  assert.equal(toRange(table, 5, 6), null); // only the separator: nothing to paint
});

test('maxLength cuts at the last block boundary', () => {
  const doc = htmlDocument('<p>one two</p><p>three four five</p>');
  const table = buildOffsetTable(doc.body, { maxLength: 12 });
  assert.equal(table.text, 'one two');
  assert.ok(table.truncated > 0);
});

test('fromDomPosition inverts toRange', () => {
  const doc = htmlDocument('<p>Hello <i>brave</i> world</p>');
  const table = buildOffsetTable(doc.body);
  const range = toRange(table, 6, 11);
  assert.equal(fromDomPosition(table, range.startContainer, range.startOffset), 6);
  assert.equal(normalizeSpace('  a \n b '), 'a b');
});
