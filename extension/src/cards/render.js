// @ts-check
/**
 * Renders the three cards (source, claim, entity) as DOM built with `h`, from a
 * record and the annotation index. Jumps to statements go through `onJump`.
 */
import { h, humanize, percent } from './dom.js';
import { claimStrength } from '../paint/categories.js';
import { outletLines } from './outlet.js';

/**
 * @typedef {{start: number, end: number, text: string}} Span
 * @typedef CardContext
 * @prop {Document} doc
 * @prop {Map<string, any>} byId annotation records by id
 * @prop {any} annotation
 * @prop {(span: Span) => void} onJump scroll to a span and flash it
 * @prop {{extract?: string, title?: string} | null} [wiki] Wikipedia summary, when fetched
 * @typedef {{heading: string, body: HTMLElement}} Card
 */

/** @param {CardContext} ctx @param {string} title @param {...any} rows */
function section(ctx, title, ...rows) {
  return h(ctx.doc, 'section', {}, h(ctx.doc, 'h3', {}, title), ...rows);
}

/** @param {CardContext} ctx @param {string} label @param {any} value */
function row(ctx, label, value) {
  return h(ctx.doc, 'div', { class: 'row' }, h(ctx.doc, 'span', { class: 'label' }, `${label}: `), String(value));
}

/** Rating lines with where the rating comes from, or "Not rated". @param {CardContext} ctx @param {any} outlet */
export function outletSection(ctx, outlet) {
  return section(ctx, 'Outlet rating', outletLines(outlet).map((line) => h(ctx.doc, 'p', {}, line)));
}

/** @param {CardContext} ctx @param {any} source @returns {Card} */
export function sourceCard(ctx, source) {
  const { doc, byId } = ctx;
  const statements = (source.attributions ?? []).map((/** @type {string} */ id) => byId.get(id)).filter(Boolean);
  const anonymity = source.anonymous
    ? `Anonymous source${source.anonymous_reason?.text ? ` (${source.anonymous_reason.text})` : ''}`
    : 'Named source';
  const affiliation = source.affiliation ? byId.get(source.affiliation)?.name : null;
  // People the article ties to this organisation ("Rami Abdel Rahman, head of the Observatory").
  const members = (ctx.annotation?.sources ?? []).filter((/** @type {any} */ s) => s.affiliation === source.id);
  const body = h(doc, 'div', {},
    h(doc, 'p', { class: 'kind' }, humanize(source.type) || 'source'),
    h(doc, 'p', {}, anonymity),
    source.role && h(doc, 'p', {}, `Role: ${source.role}${affiliation ? ` of ${affiliation}` : ''}`),
    source.unnamed_sources?.text && h(doc, 'p', {}, `Its own sources are not named: "${source.unnamed_sources.text}"`),
    members.length > 0 &&
      section(ctx, 'People from it in this article', h(doc, 'ul', {}, members.map((/** @type {any} */ m) =>
        h(doc, 'li', {}, m.role ? `${m.name}, ${m.role}` : m.name)))),
    (source.descriptions ?? []).length > 0 &&
      section(ctx, 'How the article describes it', h(doc, 'ul', {}, source.descriptions.map((/** @type {string} */ d) => h(doc, 'li', {}, d)))),
    section(ctx, `Statements attributed to it (${statements.length})`,
      statements.length
        ? h(doc, 'ul', {}, statements.map((/** @type {any} */ a) =>
            h(doc, 'li', {}, h(doc, 'button', { type: 'button', class: 'jump', onclick: () => ctx.onJump(a.content) }, a.content?.text ?? ''))))
        : h(doc, 'p', {}, 'None in this article')),
    // The backend gives organisations and outlets a rating record (rated or not); people get none.
    source.outlet && outletSection(ctx, source.outlet),
  );
  return { heading: source.name, body };
}

/** @param {CardContext} ctx @param {any} claim @returns {Card} */
export function claimCard(ctx, claim) {
  const { doc, byId } = ctx;
  const attribution = claim.attribution ? byId.get(claim.attribution) : null;
  const source = attribution?.source_id ? byId.get(attribution.source_id) : null;
  const who = source?.name ?? attribution?.source?.text;
  const hedges = (claim.hedges ?? []).map((/** @type {Span} */ s) => s.text);
  const body = h(doc, 'div', {},
    h(doc, 'p', { class: 'kind' }, `Claim: ${humanize(claim.type) || 'other'}`),
    row(ctx, 'Check-worthiness', `${percent(claim.checkworthiness)} (${claimStrength(claim.checkworthiness)})`),
    row(ctx, 'Hedges', hedges.length ? hedges.join('; ') : 'none'),
    who
      ? h(doc, 'p', {}, `Attributed to ${who}`, source && h(doc, 'span', {}, ` (${humanize(source.type)}${source.anonymous ? ', anonymous' : ''})`))
      : h(doc, 'p', { class: 'warn' }, 'No source given'),
    h(doc, 'blockquote', {}, claim.text),
  );
  return { heading: `Claim: ${truncate(claim.text, 80)}`, body };
}

/** @param {CardContext} ctx @param {any} entity @returns {Card} */
export function entityCard(ctx, entity) {
  const { doc, byId } = ctx;
  const group = entity.group ? byId.get(entity.group) : null;
  const name = group?.name ?? entity.text;
  const mentions = group?.mentions?.length ?? 1;
  const body = h(doc, 'div', {},
    h(doc, 'p', { class: 'kind' }, labelName(entity.label)),
    row(ctx, 'Name in this article', name),
    row(ctx, 'Mentions', mentions),
    group?.role && row(ctx, 'Role', group.role),
    group?.description && row(ctx, 'In this article', group.description),
    ctx.wiki?.extract && section(ctx, 'Wikipedia', h(doc, 'p', {}, ctx.wiki.extract)),
  );
  return { heading: name, body };
}

const LABELS = /** @type {Record<string, string>} */ ({
  PERSON: 'Person', ORG: 'Organisation', GPE: 'Place (country, city, state)', LOC: 'Place', FAC: 'Building or facility',
  NORP: 'Nationality, religious or political group', EVENT: 'Event', DATE: 'Date', TIME: 'Time', MONEY: 'Money',
  CARDINAL: 'Number', QUANTITY: 'Quantity', PERCENT: 'Percentage', LAW: 'Law', PRODUCT: 'Product', WORK_OF_ART: 'Work of art',
  LANGUAGE: 'Language', ORDINAL: 'Ordinal',
});

/** @param {string} label */
export function labelName(label) {
  return LABELS[label] ?? label;
}

/** @param {string} s @param {number} n */
function truncate(s, n) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
