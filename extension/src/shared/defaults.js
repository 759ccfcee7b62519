// @ts-check
/**
 * What a content script may import: defaults that hold no secret, and how a page's
 * address is reduced before the backend sees it. Kept apart from settings.js so that
 * the content bundle never contains code that reads storage.
 */

/** Categories shown until the background sends the reader's choice. */
export const DEFAULT_CATEGORIES = Object.freeze({ entities: true, claims: true, sources: true, hedges: true });
/** Most characters of article text sent (setting `maxChars`). */
export const DEFAULT_MAX_CHARS = 100_000;

/**
 * What the backend is told of the page: origin and path only. The query string and the
 * fragment often carry session ids, search terms or tracking tokens.
 * @param {string} href
 */
export function articleUrl(href) {
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.origin}${u.pathname}` : '';
  } catch {
    return '';
  }
}

/** Hostname of an http(s) URL, else ''. @param {string | undefined} href */
export function httpHost(href) {
  try {
    const u = new URL(href ?? '');
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase().replace(/\.$/, '') : '';
  } catch {
    return '';
  }
}


/** Settings whose change repaints the page in another view, without a new backend call. */
export const VIEW_KEYS = Object.freeze(['viewMode', 'siteModes', 'focusMode']);
