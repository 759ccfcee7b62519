// @ts-check
/**
 * Readability off the page's main thread, as Firefox's Reader View runs it
 * (ReaderMode serialises the page, ReaderWorker parses it with Readability's own
 * JSDOMParser): the content script serialises its script-free copy of the page
 * (`serializeCopy` in ./article.js, one native call) and the background parses and scores it here
 * (`readabilityOnHtml`), answering only which copied elements and moved texts were
 * kept, so the text is still built from the live page's own nodes.
 *
 * Why the background and not the page: Readability costs tens to hundreds of ms on a
 * big news page, one step that cannot be sliced; a Worker started from a content
 * script is bound by the page's CSP and origin, and an offscreen document is
 * Chromium-only. The background (a service worker in Chromium, an event page in
 * Firefox) runs in the extension's own process on every browser.
 */
import JSDOMParser from '@mozilla/readability/JSDOMParser.js';
import { readabilityResult } from './article.js';

/**
 * Readability on serialised HTML (no DOM needed: runs in a service worker).
 * @param {string} html @param {string} url
 * @returns {import('./article.js').ReadabilityResult | null}
 */
export function readabilityOnHtml(html, url) {
  const doc = new JSDOMParser().parse(html, url);
  return readabilityResult(/** @type {Document} */ (/** @type {unknown} */ (doc)));
}
