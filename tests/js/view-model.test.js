import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  planView, insideWord, toWholeWords, MODES, CLAIM_SHARE_CAP, TOTAL_SHARE_CAP, QUIET_ENTITY,
} from '../../extension/src/overlay/view-model.js';
import { itemsOf } from '../../extension/src/paint/categories.js';

const ALL = { entities: true, claims: true, sources: true, hedges: true };
const TEXT = 'Mr. Clyburn said the Syrian Observatory reported 26 civilians killed. ' +
  'Should Mrs. Clinton win, officials reportedly expect talks. ' +
  'The weather was mild.';

/** A span for `quote` (the n-th occurrence) in TEXT. */
function at(quote, n = 0) {
  let start = -1;
  for (let i = 0; i <= n; i++) start = TEXT.indexOf(quote, start + 1);
  assert.ok(start >= 0, quote);
  return { start, end: start + quote.length, text: quote };
}

const ANSWER = {
  entities: [
    { id: 'e1', label: 'PERSON', group: 'g1', ...at('Clyburn') },
    { id: 'e2', label: 'ORG', ...at('Syrian Observatory') },
    { id: 'e3', label: 'CARDINAL', ...at('26') },
    { id: 'e4', label: 'PERSON', ...at('Clinton') },
  ],
  claims: [
    { id: 'c1', checkworthiness: 0.95, hedges: [], ...at('Mr. Clyburn said the Syrian Observatory reported 26 civilians killed.') },
    { id: 'c2', checkworthiness: 0.7, hedges: [at('reportedly')], ...at('Should Mrs. Clinton win, officials reportedly expect talks.') },
    { id: 'c3', checkworthiness: 0.2, hedges: [], ...at('The weather was mild.') },
  ],
  sources: [{ id: 's1', name: 'Mr. Clyburn', mentions: [at('Mr. Clyburn')], attributions: [] },
    { id: 's2', name: 'Syrian Observatory', mentions: [at('Syrian Observatory')], attributions: [] }],
};

const marksOf = (answer) => itemsOf(answer).map((item) => ({ item, start: item.span.start, end: item.span.end }));

/** For each character, the highlights painted on it. */
function layers(plan, length) {
  const per = Array.from({ length }, () => []);
  for (const p of plan.pieces) for (let i = p.start; i < p.end; i++) per[i].push(p.highlight);
  return per;
}

function assertCalmInvariants(plan, text) {
  const per = layers(plan, text.length);
  const stacked = per.map((l, i) => [i, l]).filter(([, l]) => l.length > 1);
  assert.deepEqual(stacked, [], 'a character carries two marks');
  for (const p of plan.pieces) {
    assert.ok(!insideWord(text, p.start), `piece starts inside a word: ${JSON.stringify(text.slice(p.start - 3, p.end))}`);
    assert.ok(!insideWord(text, p.end), `piece ends inside a word: ${JSON.stringify(text.slice(p.start, p.end + 3))}`);
    assert.ok(p.end > p.start);
  }
}

test('every mode: one mark per character, whole words only', () => {
  for (const mode of MODES) assertCalmInvariants(planView(marksOf(ANSWER), TEXT, { mode, categories: ALL }), TEXT);
});

test('the source wins over the name and the claim on the same words; the name is not cut in two', () => {
  const plan = planView(marksOf(ANSWER), TEXT, { mode: 'everything', categories: ALL });
  const on = (quote) => plan.pieces.filter((p) => p.start < at(quote).end && p.end > at(quote).start)
    .map((p) => [p.highlight, TEXT.slice(p.start, p.end)]);
  assert.deepEqual(on('Mr. Clyburn'), [['sourcelight-source', 'Mr. Clyburn']]);
  assert.deepEqual(on('Syrian Observatory'), [['sourcelight-source', 'Syrian Observatory']]);
  // Inside the claim a name is painted as a name and the claim goes round it.
  assert.deepEqual(on('26'), [['sourcelight-entity', '26']]);
  assert.deepEqual(on('reportedly'), [['sourcelight-hedge', 'reportedly']]);
  const claim = plan.pieces.filter((p) => p.item.id === 'c1').map((p) => TEXT.slice(p.start, p.end));
  assert.deepEqual(claim, ['said the', 'reported', 'civilians killed.']);
});

test('calm: sources, the top quarter of claims, names quiet, no hedges or numbers', () => {
  const plan = planView(marksOf(ANSWER), TEXT, { mode: 'calm', categories: ALL });
  const names = new Set(plan.pieces.map((p) => p.highlight));
  assert.ok(!names.has('sourcelight-hedge') && !names.has('sourcelight-entity') && !names.has('sourcelight-person'));
  assert.ok(names.has('sourcelight-source'));
  assert.equal(plan.claims.total, 3);
  assert.ok(plan.claims.shaded <= Math.ceil(3 / 4));
  const shaded = new Set(plan.pieces.filter((p) => p.item.category === 'claims').map((p) => p.item.id));
  assert.ok(!shaded.has('c3'), 'a weak claim is shaded by default');
  // Clinton is not inside a shaded claim, so it keeps a faint underline.
  assert.ok(plan.pieces.some((p) => p.highlight === QUIET_ENTITY && TEXT.slice(p.start, p.end) === 'Clinton'));
});

test('calm: names take what the cap leaves, each name\'s first mention before repeats', () => {
  const text = Array.from({ length: 40 }, (_, i) => `Word${i} Alpha and Beta met.`).join(' ');
  const entities = [];
  let at = 0;
  for (const name of ['Alpha', 'Beta']) {
    for (let k = text.indexOf(name); k >= 0; k = text.indexOf(name, k + 1)) entities.push({ id: `e${at++}`, label: 'PERSON', start: k, end: k + name.length, text: name });
  }
  const plan = planView(marksOf({ entities }), text, { mode: 'calm', categories: ALL });
  const painted = plan.pieces.map((p) => text.slice(p.start, p.end));
  assert.ok(painted.includes('Alpha') && painted.includes('Beta'));
  assert.ok(plan.pieces.length < entities.length, 'every repeat painted although over the cap');
  assert.ok(plan.coverage <= TOTAL_SHARE_CAP);
});

test('modes: sources shows sources only; claims shows claims and hedges', () => {
  const kinds = (mode) => new Set(planView(marksOf(ANSWER), TEXT, { mode, categories: ALL }).pieces.map((p) => p.item.category));
  assert.deepEqual([...kinds('sources')], ['sources']);
  assert.deepEqual([...kinds('claims')].sort(), ['claims', 'hedges']);
  const off = planView(marksOf(ANSWER), TEXT, { mode: 'everything', categories: { ...ALL, sources: false } });
  assert.ok(off.pieces.every((p) => p.item.category !== 'sources'));
  assert.ok(off.pieces.some((p) => p.highlight === 'sourcelight-person' && TEXT.slice(p.start, p.end) === 'Clyburn'));
});

test('every name the view leaves unpainted is hover-only, in every mode', () => {
  const text = Array.from({ length: 40 }, (_, i) => `Word${i} Alpha and Beta met.`).join(' ');
  const entities = [];
  let n = 0;
  for (const name of ['Alpha', 'Beta']) {
    for (let k = text.indexOf(name); k >= 0; k = text.indexOf(name, k + 1)) entities.push({ id: `e${n++}`, label: 'PERSON', start: k, end: k + name.length, text: name });
  }
  entities.push({ id: 'd1', label: 'DATE', ...{ start: 0, end: 4, text: 'Word' } });
  const marks = marksOf({ entities });
  const names = marks.filter((m) => m.item.highlight !== 'sourcelight-entity');
  for (const mode of MODES) {
    const plan = planView(marks, text, { mode, categories: ALL });
    const painted = new Set(plan.pieces.map((p) => p.item));
    const hover = new Set(plan.hoverOnly.map((m) => m.item));
    // The calm view's cap leaves repeats out; the Sources and Claims views paint no names.
    for (const m of names) assert.ok(painted.has(m.item) !== hover.has(m.item), `${mode}: ${m.item.id} painted xor hover-only`);
    assert.ok(plan.hoverOnly.every((m) => m.item.highlight !== 'sourcelight-entity'), 'dates are not names');
    if (mode !== 'everything') assert.ok(hover.size > 0, `${mode}: some names unpainted`);
  }
  const plan = planView(marks, text, { mode: 'calm', categories: ALL });
  assert.ok(plan.coverage <= TOTAL_SHARE_CAP, 'hover-only names are not painted coverage');
  assert.deepEqual(planView(marks, text, { mode: 'sources', categories: { ...ALL, entities: false } }).hoverOnly, []);
});

test('a span cut inside a word grows to the whole word', () => {
  assert.deepEqual(toWholeWords('the Observatory said', 6, 10), { start: 4, end: 15 });
  assert.ok(!insideWord("Clyburn's", 7)); // a possessive may end a name
  assert.ok(insideWord('Clyburn', 3));
  const answer = { entities: [{ id: 'e', label: 'ORG', ...at('bservator') }] };
  const plan = planView(marksOf(answer), TEXT, { mode: 'everything', categories: ALL });
  assert.equal(TEXT.slice(plan.pieces[0].start, plan.pieces[0].end), 'Observatory');
  // The item's own range is not reused for the grown piece (it would still cut the word).
  assert.equal(plan.pieces[0].whole, false);
  const didnt = 'They didn\u2019t go.';
  const hedge = { entities: [{ id: 'e', label: 'GPE', start: 8, end: 11, text: 'n\u2019t' }] };
  const p2 = planView(marksOf(hedge), didnt, { mode: 'everything', categories: ALL });
  assert.deepEqual(p2.pieces.map((p) => [didnt.slice(p.start, p.end), p.whole]), [['didn\u2019t', false]]);
});

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A made-up article: sentences of words, every sentence a claim, spans at random word edges or inside words. */
function randomArticle(seed) {
  const r = rng(seed);
  const words = [];
  let text = '';
  const claims = [];
  const sentences = 20 + Math.floor(r() * 60);
  for (let s = 0; s < sentences; s++) {
    const start = text.length;
    const n = 6 + Math.floor(r() * 25);
    for (let w = 0; w < n; w++) {
      const word = 'abcdefghijklmnopqrstuvwxyz'.slice(0, 2 + Math.floor(r() * 9));
      words.push([text.length, text.length + word.length]);
      text += (w ? ' ' : '') + word;
      words[words.length - 1] = [text.length - word.length, text.length];
    }
    text += '.';
    claims.push({ id: `c${s}`, start, end: text.length, text: text.slice(start), checkworthiness: 0.4 + r() * 0.6, hedges: [] });
    text += r() < 0.2 ? '\n' : ' ';
  }
  const span = () => {
    const i = Math.floor(r() * words.length);
    const j = Math.min(words.length - 1, i + Math.floor(r() * 3));
    // Sometimes cut inside a word, as a wrong span from a backend would.
    const start = words[i][0] + (r() < 0.1 ? 1 : 0);
    const end = words[j][1] - (r() < 0.1 ? 1 : 0);
    return { start, end: Math.max(end, start + 1), text: text.slice(start, end) };
  };
  const entities = Array.from({ length: Math.floor(words.length / 12) }, (_, i) =>
    ({ id: `e${i}`, label: ['PERSON', 'ORG', 'GPE', 'DATE'][i % 4], ...span() }));
  const sources = Array.from({ length: 1 + Math.floor(r() * 6) }, (_, i) =>
    ({ id: `s${i}`, name: `S${i}`, mentions: [span(), span()], attributions: [] }));
  for (const c of claims) if (r() < 0.3) c.hedges.push(span());
  return { text, answer: { entities, claims, sources } };
}

test('random articles: no stacking, whole words, calm coverage under the caps', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const { text, answer } = randomArticle(seed);
    for (const mode of MODES) assertCalmInvariants(planView(marksOf(answer), text, { mode, categories: ALL }), text);
    const calm = planView(marksOf(answer), text, { mode: 'calm', categories: ALL });
    assert.ok(calm.claims.share <= CLAIM_SHARE_CAP + 1e-9, `seed ${seed}: claims cover ${calm.claims.share}`);
    const sources = planView(marksOf(answer), text, { mode: 'sources', categories: ALL });
    // Claims and names are only added while the total stays under the cap.
    assert.ok(calm.coverage <= Math.max(TOTAL_SHARE_CAP, sources.coverage) + 1e-9,
      `seed ${seed}: calm coverage ${calm.coverage}`);
    assert.ok(calm.claims.shaded <= Math.ceil(calm.claims.total / 4));
    const scores = calm.pieces.filter((p) => p.item.category === 'claims').map((p) => p.item.score);
    assert.ok(scores.every((s) => s >= 0.5));
  }
});

test('settings: view keys fall back to the defaults; a site keeps its own mode', async () => {
  const { withDefaults, modeFor } = await import('../../extension/src/shared/settings.js');
  const d = withDefaults({});
  assert.equal(d.viewMode, 'calm');
  assert.deepEqual(d.siteModes, {});
  assert.equal(d.focusMode, false);
  assert.equal(d.firstRunSeen, false);
  const s = withDefaults({ viewMode: 'loud', siteModes: { 'News.Example.com': 'everything', 'x.org': 7 }, focusMode: 'yes' });
  assert.equal(s.viewMode, 'calm');
  assert.equal(modeFor(s, 'news.example.com'), 'everything');
  assert.equal(modeFor(s, 'x.org'), 'calm');
  assert.equal(modeFor(s, 'other.org'), 'calm');
  assert.equal(s.focusMode, false);
});

test('the popup says which claims are shaded and why', async () => {
  const { explainClaims } = await import('../../extension/src/ui/view-choice.js');
  const text = explainClaims({ mode: 'calm', claims: { total: 24, shaded: 6, minScore: 0.83, share: 0.14, capped: true } });
  assert.match(text, /6 most check-worthy of 24 claims \(score 83% or more\), 14% of the text, stopped by the cap/);
  assert.match(text, /top 25%.*never more than 20%.*under 30%/);
  assert.match(explainClaims({ mode: 'calm', claims: { total: 3, shaded: 0, minScore: null, share: 0, capped: false } }), /^No claim is shaded/);
  assert.equal(explainClaims({ mode: 'everything', claims: { total: 9, shaded: 9 } }), 'All 9 claims are shaded by strength.');
  assert.equal(explainClaims(null), '');
});
