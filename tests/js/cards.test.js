import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceCard, claimCard, entityCard } from '../../extension/src/cards/render.js';
import { cardText } from '../../extension/src/cards/dom.js';
import { indexAnnotation } from '../../extension/src/paint/categories.js';
import { htmlDocument } from './helpers.js';

const EVIL = '<img src=x onerror=alert(1)>';
const span = (text, start = 0) => ({ start, end: start + text.length, text });

const annotation = {
  entities: [{ id: 'e1', start: 0, end: 4, text: EVIL, label: 'PERSON', group: 'g1' }],
  groups: [{ id: 'g1', name: `Rami ${EVIL}`, label: 'PERSON', mentions: ['e1', 'e2'], description: EVIL }],
  claims: [
    { id: 'c1', start: 0, end: 10, text: `26 killed ${EVIL}`, checkworthiness: 0.91, type: 'quantity', hedges: [span(EVIL)], attribution: 'a1' },
    { id: 'c2', start: 20, end: 30, text: 'It rained', checkworthiness: 0.55, type: 'event', hedges: [], attribution: null },
  ],
  attributions: [{ id: 'a1', kind: 'direct', cue: span('said'), source: span('The Observatory'), content: span(`26 killed ${EVIL}`), source_id: 's1' }],
  sources: [{
    id: 's1', name: `Observatory ${EVIL}`, type: 'monitoring_group', anonymous: false, descriptions: [`Britain-based ${EVIL}`],
    mentions: [span('The Observatory')], attributions: ['a1'], outlet: { domain: 'syriahr.com', rating: EVIL, provenance: 'MBFC' },
  }],
};

function ctx(doc, jumps = []) {
  return { doc, byId: indexAnnotation(annotation), annotation, onJump: (s) => jumps.push(s), wiki: { extract: `Wiki ${EVIL}` } };
}

test('backend strings with markup end up as text, never as elements', () => {
  const doc = htmlDocument('');
  const c = ctx(doc);
  for (const card of [sourceCard(c, annotation.sources[0]), claimCard(c, annotation.claims[0]), entityCard(c, annotation.entities[0])]) {
    doc.body.append(card.body);
    assert.equal(card.body.querySelector('img'), null);
    assert.ok(card.body.textContent.includes(EVIL));
  }
  assert.equal(doc.querySelector('img'), null);
});

test('source card: type, named, descriptions, statements as jump buttons, rating with provenance', () => {
  const doc = htmlDocument('');
  const jumps = [];
  const card = sourceCard(ctx(doc, jumps), annotation.sources[0]);
  const text = cardText(card.body);
  assert.match(text, /monitoring group/);
  assert.match(text, /Named source/);
  assert.match(text, /Britain-based/);
  assert.match(text, /provenance: MBFC/);
  const buttons = card.body.querySelectorAll('button.jump');
  assert.equal(buttons.length, 1);
  buttons[0].click();
  assert.deepEqual(jumps, [annotation.attributions[0].content]);
});

test('source card without an outlet says "Not rated"', () => {
  const doc = htmlDocument('');
  const card = sourceCard(ctx(doc), { ...annotation.sources[0], outlet: null, anonymous: true, anonymous_reason: span('officials who asked not to be named') });
  const text = cardText(card.body);
  assert.match(text, /Not rated/);
  assert.match(text, /Anonymous source \(officials who asked not to be named\)/);
});

test('claim card: score, type, hedges, attribution or "No source given"', () => {
  const doc = htmlDocument('');
  const attributed = cardText(claimCard(ctx(doc), annotation.claims[0]).body);
  assert.match(attributed, /91%/);
  assert.match(attributed, /quantity/);
  assert.match(attributed, /Attributed to Observatory/);
  const bare = cardText(claimCard(ctx(doc), annotation.claims[1]).body);
  assert.match(bare, /No source given/);
  assert.match(bare, /Hedges: none/);
});

test('entity card: label, canonical name, mention count, Wikipedia summary', () => {
  const doc = htmlDocument('');
  const card = entityCard(ctx(doc), annotation.entities[0]);
  const text = cardText(card.body);
  assert.equal(card.heading, `Rami ${EVIL}`);
  assert.match(text, /Person/);
  assert.match(text, /Mentions: 2/);
  assert.match(text, /Wiki </);
});
