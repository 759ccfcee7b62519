// @ts-check
/**
 * An outlet rating as plain text lines, with where each rating comes from, for
 * source cards, the popup and the side panel. Shape (backend, sl_outlets stage):
 * `{rated: false, domain, label: "not rated", ratings_loaded}` or
 * `{rated: true, domain, pc1?, factual_reporting?, bias?, media_type?, credibility?,
 *   country?, press_freedom?, provenance: [{field: "pc1" | "mbfc", name, citation,
 *   repository, commit, url, sha256}]}`. Strings only ever become text.
 */

/** Short names of the rating sets, by the provenance's `field`. */
const SHORT = /** @type {Record<string, string>} */ ({
  pc1: 'Lin et al. 2023',
  mbfc: 'MBFC via Burdisso et al. 2024',
});

const FACTS = /** @type {[string, string][]} */ ([
  ['pc1', 'Quality score (Lin et al. 2023, 0 to 1)'],
  ['factual_reporting', 'Factual reporting (MBFC)'],
  ['credibility', 'Credibility (MBFC)'],
  ['bias', 'Bias (MBFC)'],
  ['media_type', 'Media type'],
  ['country', 'Country'],
  ['press_freedom', 'Press freedom'],
]);

/** @param {unknown} v */
const str = (v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/**
 * @typedef OutletText
 * @prop {boolean} rated
 * @prop {string} domain '' when unknown
 * @prop {string[]} facts "Label: value" lines
 * @prop {string} provenance "Rating: <set> (<citation>); <set> (...)", '' when not rated
 */

/** One provenance entry as text. @param {any} p */
export function provenanceText(p) {
  if (typeof p === 'string') return p.trim();
  if (!p || typeof p !== 'object') return '';
  const name = SHORT[str(p.field)] ?? str(p.name);
  const commit = str(p.commit).slice(0, 7);
  const details = [str(p.citation) || (SHORT[str(p.field)] ? str(p.name) : ''),
    str(p.repository) && `data: ${str(p.repository)}${commit ? `@${commit}` : ''}`].filter(Boolean);
  return [name, details.length ? `(${details.join('; ')})` : ''].filter(Boolean).join(' ');
}

/** @param {any} outlet @returns {OutletText} */
export function describeOutlet(outlet) {
  const o = outlet && typeof outlet === 'object' ? outlet : {};
  const domain = str(o.domain);
  if (o.rated !== true) return { rated: false, domain, facts: [], provenance: '' };
  const facts = FACTS.filter(([key]) => str(o[key])).map(([key, label]) => `${label}: ${str(o[key])}`);
  const sources = (Array.isArray(o.provenance) ? o.provenance : [o.provenance]).map(provenanceText).filter(Boolean);
  return { rated: true, domain, facts, provenance: sources.length ? `Rating: ${sources.join('; ')}` : 'Rating: source not given' };
}

/** The outlet in text lines: "Not rated" or the facts, then the provenance. @param {any} outlet */
export function outletLines(outlet) {
  const d = describeOutlet(outlet);
  const head = d.domain ? [`Outlet: ${d.domain}`] : [];
  if (!d.rated) return [...head, 'Not rated'];
  return [...head, ...d.facts, d.provenance];
}
