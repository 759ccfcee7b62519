// @ts-check
/**
 * Turns a backend answer into paintable items, each with its highlight name and
 * the record its card explains. Pure: no DOM.
 */

/**
 * @typedef {{start: number, end: number, text: string}} Span
 * @typedef {'entities' | 'claims' | 'sources' | 'hedges'} Category
 * @typedef {'entity' | 'claim' | 'source'} CardKind
 * @typedef Item
 * @prop {string} key unique per item
 * @prop {Category} category the settings toggle it belongs to
 * @prop {string} highlight CSS highlight name
 * @prop {CardKind} kind which card it opens
 * @prop {string} id id of the record the card shows
 * @prop {Span} span
 * @prop {number} [score] a claim's check-worthiness
 */

export const HIGHLIGHT_NAMES = [
  'sourcelight-person', 'sourcelight-org', 'sourcelight-place', 'sourcelight-entity',
  'sourcelight-claim-high', 'sourcelight-claim-medium', 'sourcelight-claim-low',
  'sourcelight-source', 'sourcelight-hedge', 'sourcelight-entity-quiet',
];

const ENTITY_HIGHLIGHT = /** @type {Record<string, string>} */ ({
  PERSON: 'sourcelight-person',
  ORG: 'sourcelight-org',
  GPE: 'sourcelight-place',
  LOC: 'sourcelight-place',
  FAC: 'sourcelight-place',
});

/** @param {string} label */
export function entityHighlight(label) {
  return ENTITY_HIGHLIGHT[label] ?? 'sourcelight-entity';
}

/** Claim strength by check-worthiness score. @param {number} score */
export function claimStrength(score) {
  if (score >= 0.75) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/**
 * @param {any} annotation the /api/v1/annotate answer
 * @returns {Item[]}
 */
export function itemsOf(annotation) {
  /** @type {Item[]} */
  const items = [];
  for (const e of annotation.entities ?? []) {
    items.push({ key: `e:${e.id}`, category: 'entities', highlight: entityHighlight(e.label), kind: 'entity', id: e.id, span: e });
  }
  for (const c of annotation.claims ?? []) {
    const highlight = `sourcelight-claim-${claimStrength(c.checkworthiness)}`;
    items.push({ key: `c:${c.id}`, category: 'claims', highlight, kind: 'claim', id: c.id, span: c, score: c.checkworthiness });
    (c.hedges ?? []).forEach((/** @type {Span} */ h, /** @type {number} */ i) => {
      items.push({ key: `h:${c.id}:${i}`, category: 'hedges', highlight: 'sourcelight-hedge', kind: 'claim', id: c.id, span: h });
    });
  }
  const seen = new Set();
  const addSource = (/** @type {string} */ id, /** @type {Span} */ span) => {
    const key = `s:${id}:${span.start}:${span.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    items.push({ key, category: 'sources', highlight: 'sourcelight-source', kind: 'source', id, span });
  };
  for (const s of annotation.sources ?? []) {
    for (const m of s.mentions ?? []) addSource(s.id, m);
  }
  for (const a of annotation.attributions ?? []) {
    if (a.source && a.source_id) addSource(a.source_id, a.source);
  }
  return items;
}

/**
 * Records by id, for the cards.
 * @param {any} annotation
 */
export function indexAnnotation(annotation) {
  /** @type {Map<string, any>} */
  const byId = new Map();
  for (const list of ['entities', 'groups', 'claims', 'attributions', 'sources']) {
    for (const r of annotation[list] ?? []) byId.set(r.id, r);
  }
  return byId;
}

/** Count of items per highlight name. @param {Item[]} items */
export function countByHighlight(items) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const i of items) counts[i.highlight] = (counts[i.highlight] ?? 0) + 1;
  return counts;
}
