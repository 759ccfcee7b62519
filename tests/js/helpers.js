// @ts-check
import { JSDOM } from 'jsdom';

/** A jsdom document for an HTML body. @param {string} html @param {string} [head] */
export function htmlDocument(html, head = '<title>T</title>') {
  return new JSDOM(`<!doctype html><html><head>${head}</head><body>${html}</body></html>`).window.document;
}

/** Text of a DOM Range. @param {Range} range */
export function rangeText(range) {
  return range.toString();
}
