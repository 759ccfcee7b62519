import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceCard, claimCard, entityCard } from '../../extension/src/cards/render.js';
import { cardText } from '../../extension/src/cards/dom.js';
import { indexAnnotation } from '../../extension/src/paint/categories.js';
import { htmlDocument } from './helpers.js';
import { panelSummary } from '../../extension/src/overlay/summary.js';
import { outletLines } from '../../extension/src/cards/outlet.js';

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
    mentions: [span('The Observatory')], attributions: ['a1'], outlet: {
      rated: true, domain: 'syriahr.com', label: 'rated', pc1: 0.61, factual_reporting: 'mostly factual', bias: EVIL,
      provenance: [
        { field: 'pc1', name: 'Lin et al. 2023 aggregate news domain quality (pc1)', citation: 'Lin, Lasser et al. PNAS Nexus 2(9), 2023', repository: 'hauselin/domain-quality-ratings', commit: '5671d57e545e' },
        { field: 'mbfc', name: 'Media Bias/Fact Check, as collected by Burdisso et al. 2024', citation: `Burdisso et al. NAACL 2024 ${EVIL}` },
      ],
    },
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
  assert.match(text, /Quality score \(Lin et al\. 2023, 0 to 1\): 0\.61/);
  assert.match(text, /Factual reporting \(MBFC\): mostly factual/);
  assert.match(text, /Rating: Lin et al\. 2023 \(Lin, Lasser et al\. PNAS Nexus 2\(9\), 2023; data: hauselin\/domain-quality-ratings@5671d57\); MBFC via Burdisso et al\. 2024 \(Burdisso/);
  const buttons = card.body.querySelectorAll('button.jump');
  assert.equal(buttons.length, 1);
  buttons[0].click();
  assert.deepEqual(jumps, [annotation.attributions[0].content]);
});

test('an unrated outlet says "Not rated"; a source with no outlet (a person) has no rating section', () => {
  const doc = htmlDocument('');
  const card = sourceCard(ctx(doc), { ...annotation.sources[0], outlet: null, anonymous: true, anonymous_reason: span('officials who asked not to be named') });
  const text = cardText(card.body);
  assert.doesNotMatch(text, /Outlet rating/i);
  assert.match(text, /officials who asked not to be named/);
  const unrated = cardText(sourceCard(ctx(doc), { ...annotation.sources[0], outlet: { rated: false, domain: 'example.org', label: 'not rated' } }).body);
  assert.match(unrated, /Outlet: example\.org\nNot rated/);
  assert.doesNotMatch(unrated, /Rating:/);
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

test('the page\'s own outlet reaches the side panel summary with its provenance', () => {
  const page = { ...annotation, outlet: { rated: true, domain: 'reuters.com', pc1: 0.9, provenance: [{ field: 'pc1', name: 'x', citation: 'PNAS Nexus 2023' }] } };
  const summary = panelSummary(page, indexAnnotation(page));
  assert.deepEqual(summary.outlet, ['Outlet: reuters.com', 'Quality score (Lin et al. 2023, 0 to 1): 0.9', 'Rating: Lin et al. 2023 (PNAS Nexus 2023)']);
  assert.deepEqual(panelSummary({ ...annotation, outlet: null }, new Map()).outlet, ['Not rated']);
  assert.deepEqual(outletLines({ rated: true, domain: 'x.org', provenance: 'MBFC' }).at(-1), 'Rating: MBFC');
});

test('type codes read as words a reader knows', async () => {
  const { humanize } = await import('../../extension/src/cards/dom.js');
  assert.equal(humanize('ngo_monitor'), 'NGO or monitoring group');
  assert.equal(humanize('political_staff'), 'party or campaign staff');
  assert.equal(humanize('militant_group'), 'militant group');
  assert.equal(humanize('constructor'), 'constructor'); // not an Object.prototype key
  assert.equal(humanize(undefined), '');
});

test('an organisation\'s card names the people the article ties to it, and their role', () => {
  const doc = htmlDocument('');
  const head = { id: 's2', name: 'Rami Abdel Rahman', type: 'person', anonymous: false, role: 'head', affiliation: 's1', attributions: [], mentions: [] };
  const withHead = { ...annotation, sources: [...annotation.sources, head] };
  const c = { ...ctx(doc), annotation: withHead, byId: indexAnnotation(withHead) };
  assert.match(cardText(sourceCard(c, annotation.sources[0]).body), /People from it in this article\nRami Abdel Rahman, head/);
  assert.match(cardText(sourceCard(c, head).body), /Role: head of Observatory/);
  assert.doesNotMatch(cardText(sourceCard(ctx(doc), annotation.sources[0]).body), /People from it/);
});
