import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemsOf, claimStrength, entityHighlight, countByHighlight } from '../../extension/src/paint/categories.js';
import { panelSummary } from '../../extension/src/overlay/summary.js';
import { indexAnnotation } from '../../extension/src/paint/categories.js';

const s = (start, end) => ({ start, end, text: 'x'.repeat(end - start) });

const annotation = {
  entities: [{ id: 'e1', ...s(0, 3), label: 'PERSON' }, { id: 'e2', ...s(5, 8), label: 'GPE' }, { id: 'e3', ...s(9, 12), label: 'NORP' }],
  claims: [{ id: 'c1', ...s(0, 20), checkworthiness: 0.8, hedges: [s(4, 6)], attribution: null, type: 'event' },
    { id: 'c2', ...s(21, 30), checkworthiness: 0.3, hedges: [], attribution: 'a1', type: 'other' }],
  attributions: [{ id: 'a1', source: s(21, 24), source_id: 's1', content: s(25, 30) }],
  sources: [{ id: 's1', name: 'S', type: 'official', anonymous: true, mentions: [s(21, 24)], attributions: ['a1'] }],
};

test('each record becomes items with the contract highlight names', () => {
  const items = itemsOf(annotation);
  const counts = countByHighlight(items);
  assert.deepEqual(counts, {
    'sourcelight-person': 1, 'sourcelight-place': 1, 'sourcelight-entity': 1,
    'sourcelight-claim-high': 1, 'sourcelight-hedge': 1, 'sourcelight-claim-low': 1,
    'sourcelight-source': 1, // the attribution's source span duplicates the mention
  });
  assert.equal(items.find((i) => i.highlight === 'sourcelight-hedge').kind, 'claim');
});

test('strength and entity kinds', () => {
  assert.equal(claimStrength(0.75), 'high');
  assert.equal(claimStrength(0.5), 'medium');
  assert.equal(claimStrength(0.49), 'low');
  assert.equal(entityHighlight('ORG'), 'sourcelight-org');
  assert.equal(entityHighlight('FAC'), 'sourcelight-place');
  assert.equal(entityHighlight('DATE'), 'sourcelight-entity');
});

test('panel summary groups sources and lists check-worthy claims by score', () => {
  const sum = panelSummary(annotation, indexAnnotation(annotation));
  assert.deepEqual(sum.sourceTypes.map((g) => [g.type, g.named, g.anonymous]), [['official', 0, 1]]);
  assert.deepEqual(sum.claims.map((c) => [c.id, c.source]), [['c1', null]]);
});
