import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOffsetTable } from '../../extension/src/extract/offset-table.js';
import { anchorSpan } from '../../extension/src/anchoring/anchor.js';
import { htmlDocument } from './helpers.js';

const HTML = '<article><p>A <a>Hezbollah</a>-run media unit said IS leader <em>Abu Bakr</em> al-Baghdadi 😀 was there.</p>' +
  '<p>The Observatory also reported 26 civilians killed, including nine children.</p></article>';

/** A span as the backend would return it for `quote` in `text`. */
function spanOf(text, quote) {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, quote);
  return { start, end: start + quote.length, text: quote };
}

test('unchanged text anchors by position', () => {
  const doc = htmlDocument(HTML);
  const table = buildOffsetTable(doc.body);
  const a = anchorSpan(spanOf(table.text, 'Abu Bakr al-Baghdadi'), table.text, table);
  assert.equal(a.method, 'position');
  assert.equal(a.range.toString(), 'Abu Bakr al-Baghdadi');
});

test('a paragraph inserted before falls back to quote matching', () => {
  const doc = htmlDocument(HTML);
  const sent = buildOffsetTable(doc.body).text;
  const span = spanOf(sent, '26 civilians killed');
  const p = doc.createElement('p');
  p.textContent = 'Breaking: a lazily loaded paragraph appears.';
  doc.querySelector('article').prepend(p);
  const now = buildOffsetTable(doc.body);
  const a = anchorSpan(span, sent, now);
  assert.equal(a.method, 'quote');
  assert.equal(a.range.toString(), '26 civilians killed');
});

test('a paragraph re-rendered with a small edit is found approximately', () => {
  const doc = htmlDocument(HTML);
  const sent = buildOffsetTable(doc.body).text;
  const span = spanOf(sent, 'The Observatory also reported 26 civilians killed');
  const last = doc.querySelectorAll('p')[1];
  last.replaceWith(Object.assign(doc.createElement('p'), { textContent: 'The Observatory also reported 27 civilians killed, including nine children.' }));
  const a = anchorSpan(span, sent, buildOffsetTable(doc.body));
  assert.equal(a.method, 'quote');
  assert.equal(a.range.toString(), 'The Observatory also reported 27 civilians killed');
});

test('text removed from the page does not anchor anywhere', () => {
  const doc = htmlDocument(HTML);
  const sent = buildOffsetTable(doc.body).text;
  const span = spanOf(sent, 'including nine children');
  doc.querySelectorAll('p')[1].remove();
  assert.equal(anchorSpan(span, sent, buildOffsetTable(doc.body)), null);
});

test('the span after an emoji maps exactly', () => {
  const doc = htmlDocument(HTML);
  const table = buildOffsetTable(doc.body);
  const a = anchorSpan(spanOf(table.text, 'was there'), table.text, table);
  assert.equal(a.range.toString(), 'was there');
});
