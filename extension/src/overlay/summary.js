// @ts-check
/**
 * What the side panel lists: sources grouped by type with named/anonymous
 * counts, and check-worthy claims by score with unattributed ones called out.
 * Pure data, so the panel can render it from a message.
 */
import { outletLines } from '../cards/outlet.js';

/**
 * @param {any} annotation
 * @param {Map<string, any>} byId
 */
export function panelSummary(annotation, byId) {
  if (!annotation) return null;
  /** @type {Map<string, {type: string, named: number, anonymous: number, sources: any[]}>} */
  const groups = new Map();
  for (const s of annotation.sources ?? []) {
    const g = groups.get(s.type) ?? { type: s.type, named: 0, anonymous: 0, sources: /** @type {any[]} */ ([]) };
    g[s.anonymous ? 'anonymous' : 'named'] += 1;
    g.sources.push({ id: s.id, name: s.name, anonymous: s.anonymous, statements: (s.attributions ?? []).length });
    groups.set(s.type, g);
  }
  const claims = (annotation.claims ?? [])
    .filter((/** @type {any} */ c) => c.checkworthiness >= 0.5)
    .sort((/** @type {any} */ a, /** @type {any} */ b) => b.checkworthiness - a.checkworthiness)
    .map((/** @type {any} */ c) => {
      const attribution = c.attribution ? byId.get(c.attribution) : null;
      const source = attribution?.source_id ? byId.get(attribution.source_id) : null;
      return {
        id: c.id,
        text: c.text,
        checkworthiness: c.checkworthiness,
        type: c.type,
        source: source?.name ?? attribution?.source?.text ?? null,
      };
    });
  return { sourceTypes: [...groups.values()], claims, counts: annotation.summary ?? {}, outlet: outletLines(annotation.outlet) };
}
