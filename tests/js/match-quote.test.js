import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchQuote } from '../../extension/src/anchoring/match-quote.js';

const text = 'The Observatory said 26 civilians were killed. Later the Observatory said 30 civilians were killed.';

test('empty quote matches nothing', () => {
  assert.equal(matchQuote(text, ''), null);
});

test('exact quote, context picks the right occurrence', () => {
  const first = matchQuote(text, 'the Observatory said', { prefix: 'Later ', suffix: ' 30 civ' });
  assert.equal(first.start, text.indexOf('the Observatory said'));
  assert.equal(text.slice(first.start, first.end), 'the Observatory said');
});

test('position hint breaks ties between identical contexts', () => {
  const t = 'x said y. x said y.';
  assert.equal(matchQuote(t, 'said', { hint: 12 }).start, 12);
  assert.equal(matchQuote(t, 'said', { hint: 0 }).start, 2);
});

test('approximate quote after an edit still matches, with a lower score', () => {
  const edited = 'The Observatory said 26 civilans were kiled on Friday.';
  const m = matchQuote(edited, '26 civilians were killed');
  assert.ok(m);
  assert.ok(m.score < 1);
  assert.match(edited.slice(m.start, m.end), /26 civilans were kiled/);
});

test('an unrelated text does not match', () => {
  assert.equal(matchQuote('completely different words here', 'Abu Bakr al-Baghdadi'), null);
});

test('astral characters count as two UTF-16 units', () => {
  const t = '😀😀 Rami said';
  assert.equal(matchQuote(t, 'Rami').start, 5);
});
