// @ts-check
/**
 * Decides which elements inside the article are not article text: hidden ones,
 * non-text elements, and page furniture (bylines, share bars, newsletter boxes,
 * related links, captions, footers). Readability already drops most furniture;
 * these heuristics catch what it keeps and what appears after it ran.
 */

const NON_TEXT_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'CANVAS', 'VIDEO', 'AUDIO',
  'IFRAME', 'OBJECT', 'EMBED', 'SELECT', 'TEXTAREA', 'INPUT', 'BUTTON', 'FORM',
  'FIGCAPTION', 'FOOTER', 'NAV', 'ASIDE', 'DIALOG', 'HEAD', 'TITLE',
]);

const FURNITURE_ROLES = new Set([
  'navigation', 'complementary', 'contentinfo', 'banner', 'search', 'form', 'dialog',
  'alert', 'toolbar', 'menu', 'menubar', 'button',
]);

// Matched against class and id, split on word boundaries of the usual naming styles.
const FURNITURE_WORDS =
  /(^|[\s_-])(byline|author|share|sharing|social|newsletter|subscribe|subscription|signup|sign-up|related|recommended|recirc|more-stories|read-more|promo|advert|advertisement|ad|ads|sponsor|sponsored|footer|comments?|caption|credit|breadcrumbs?|tags|toolbar|paywall|popup|modal|cookie|sidebar)([\s_-]|$)/i;

/** @param {Element} el */
export function isNonText(el) {
  return NON_TEXT_TAGS.has(el.tagName.toUpperCase());
}

/** @param {Element} el */
export function looksLikeFurniture(el) {
  const role = el.getAttribute('role');
  if (role && FURNITURE_ROLES.has(role)) return true;
  const names = `${el.getAttribute('class') ?? ''} ${el.id ?? ''}`;
  return FURNITURE_WORDS.test(names);
}

/**
 * Hidden to a reader: by attribute, inline style, or (in a browser) layout.
 * @param {Element} el
 */
export function isHidden(el) {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style') ?? '';
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  const check = /** @type {any} */ (el).checkVisibility;
  if (typeof check !== 'function') return false;
  if (check.call(el, { visibilityProperty: true })) return false;
  // display: contents has no box of its own yet its children show.
  const view = el.ownerDocument.defaultView;
  return !(view && view.getComputedStyle(el).display === 'contents');
}
