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
  /(^|[\s_-])(byline|author|share|sharing|social|newsletter|subscribe|subscription|signup|sign-up|related|recommended|recirc|more-stories|read-more|promo|advert|advertisement|ad|ads|sponsor|sponsored|footer|comments?|caption|credits?|copyright|breadcrumbs?|tags|toolbar|paywall|popup|modal|cookie|sidebar)([\s_-]|$)/i;

/** @param {Element} el */
export function isNonText(el) {
  return NON_TEXT_TAGS.has(el.tagName.toUpperCase());
}

/**
 * Whole lines that are page furniture wherever they stand: ad labels, "continue reading"
 * breaks, slideshow counters, section labels of share and comment boxes. A block is
 * left out only when its entire text is one of these.
 */
const FURNITURE_LINE = new RegExp('^(' + [
  'advert(isement)?( - scroll to continue)?', 'sponsored( content)?', 'skip to (main )?content',
  'continue reading( the (main|full) story)?', 'story continues below( advertisement)?',
  '(read|see|show|load) more', 'share( this( article| story| page)?)?', '\\d* ?comments?',
  'tags', 'related( articles| stories| content)?', 'you (may|might) also like', 'recommended( for you)?',
  'most (read|popular|viewed)', 'sign up( for .{0,30})?', 'subscribe( now)?', 'image \\d+ of \\d+',
  'this slideshow requires javascript', 'click (here )?to (enlarge|expand)',
  'tell us what (you|u) think', 'leave a (comment|reply)', 'have your say', 'join the (discussion|conversation)',
  '(like|enjoy(ed)?) this (story|article)\\? share it with (a friend|your friends)', 'loading( content| comments)?( ?\\.\\.\\.)?',
].join('|') + ')[.:!…]*$', 'i');
const FURNITURE_LINE_MAX = 60;

/** A container with this many paragraphs of prose is article text, whatever its class says. */
const PROSE_PARAGRAPHS = 4;
const PROSE_PARAGRAPH_CHARS = 80;

/** Blocks whose text is (nearly) all link text: a list of other stories, a tag list. */
const LINK_BLOCK_TAGS = new Set(['P', 'LI', 'UL', 'OL', 'H2', 'H3', 'H4', 'H5', 'H6', 'DT', 'DD']);
const LINK_SHARE = 0.8;
const CARD_BLOCKS = 'h1, h2, h3, h4, h5, h6, p, div, figure, li';

/**
 * Furniture by its role or by the words of its class and id, except a container of
 * several paragraphs of prose: a paywall's or a "content-with-sidebar" wrapper that
 * holds the story itself.
 * @param {Element} el
 */
export function looksLikeFurniture(el) {
  const role = el.getAttribute('role');
  if (role && FURNITURE_ROLES.has(role)) return true;
  // camelCase names ("newsCaption") split like the other naming styles.
  const names = `${el.getAttribute('class') ?? ''} ${el.id ?? ''}`.replace(/([a-z])([A-Z])/g, '$1-$2');
  return FURNITURE_WORDS.test(names) && !holdsProse(el) && !holdsQuotedPost(el);
}

/**
 * A wrapper named for social media around a post the story quotes (an embedded tweet
 * is a blockquote of the post's words): quoted text, not a share bar.
 * @param {Element} el
 */
function holdsQuotedPost(el) {
  const children = [...el.children].filter((child) => !NON_TEXT_TAGS.has(child.tagName.toUpperCase()));
  return children.length === 1 && children[0].tagName.toUpperCase() === 'BLOCKQUOTE';
}

/** @param {Element} el */
function holdsProse(el) {
  let prose = 0;
  for (const p of el.getElementsByTagName('p')) {
    const length = (p.textContent ?? '').trim().length;
    if (length >= PROSE_PARAGRAPH_CHARS && linkChars(p) < length / 4 && ++prose >= PROSE_PARAGRAPHS) return true;
  }
  return false;
}

/** @param {Element} el */
function linkChars(el) {
  let n = 0;
  for (const a of el.getElementsByTagName('a')) n += (a.textContent ?? '').trim().length;
  return n;
}

/**
 * An element whose whole text is a furniture line ("Advertisement", "Continue reading
 * the main story"). Only small elements are read, so the check stays cheap.
 * @param {Element} el
 */
export function isFurnitureLine(el) {
  if (el.childElementCount > 4) return false;
  const text = (el.textContent ?? '').trim();
  return text.length <= FURNITURE_LINE_MAX && text.length > 0 && FURNITURE_LINE.test(text.replace(/\s+/g, ' '));
}

/**
 * A short line made of dates: "Updated Nov 19, 6:55 AM; Posted Nov 19" (its <time>
 * elements, a few words around them), or a link marked as a tag (rel="tag").
 * @param {Element} el
 */
export function isDatelineOrTag(el) {
  if (el.tagName.toUpperCase() === 'A') return /(^|\s)tag(\s|$)/i.test(el.getAttribute('rel') ?? '');
  if (el.childElementCount > 8) return false;
  const times = el.getElementsByTagName('time');
  if (!times.length) return false;
  const text = (el.textContent ?? '').trim();
  if (text.length > 120) return false;
  let rest = text.length;
  for (const t of times) rest -= (t.textContent ?? '').trim().length;
  return rest <= 30;
}

/**
 * The element's text (as textContent), or null once it passes `max` characters: the
 * checks for short blocks read no further than that, so a wrapper holding megabytes
 * of a page (its inline scripts' text included) costs next to nothing.
 * @param {Element} el @param {number} max
 * @returns {string | null}
 */
export function boundedText(el, max) {
  let text = '';
  /** @type {Node | null} */
  let node = el.firstChild;
  while (node) {
    if (node.nodeType === 3 || node.nodeType === 4) {
      text += /** @type {CharacterData} */ (node).data;
      if (text.length > max * 20 || (text.length > max * 2 && text.trim().length > max)) return null;
    }
    node = nextInside(node, el, node.nodeType === 1);
  }
  return text.trim().length > max ? null : text;
}

/**
 * The node after `node` in document order within `root`: its first child when `enter`
 * is true and it has one, else the next node after its subtree.
 * @param {Node} node @param {Node} root @param {boolean} enter
 * @returns {Node | null}
 */
export function nextInside(node, root, enter) {
  if (enter && node.firstChild) return node.firstChild;
  /** @type {Node | null} */
  let at = node;
  while (at && at !== root && !at.nextSibling) at = at.parentNode;
  return at && at !== root ? at.nextSibling : null;
}

/** A call to action is a short block: a line or two. */
const CALL_MAX = 300;
const CALLS = [
  // "Sign up for our free newsletter", "Get the latest in your inbox. Subscribe to ...'s newsletters."
  /(^|[.!?]\s+)(sign up|subscribe)\b[^]*\b(newsletters?|inbox)\b|\b(our|free|daily|weekly) newsletters?\b/i,
  /\bfollow (us|him|her|them|me|@\w+)\b.{0,12}(\bon (twitter|facebook|instagram|linkedin)\b|@\w)/i,
  // A magazine's subscription offer: "Get X delivered through your letterbox every month. 12 issues for £11.99."
  /\bdelivered (to|through) your (door|letterbox|mailbox)\b|\b\d+ issues for\b/i,
];
/** A longer block is a call to action only when it opens with one (then its small print follows). */
const OPENING_CALL_MAX = 600;

/**
 * A short block asking the reader to do something for the publisher: sign up for its
 * newsletter, follow it or its writer on social media ("Follow him on Twitter
 * @reporter. Follow us on Facebook."). Only whole blocks of a line or two, standing on
 * their own (no text of a sentence either side), or a longer block that opens with one
 * and goes on with small print ("Follow @Deals on Twitter to keep up... Prices may change...").
 * @param {Element} el
 */
export function isCallToAction(el) {
  if (el.childElementCount > 6) return false;
  const text = boundedText(el, OPENING_CALL_MAX)?.trim();
  if (!text) return false;
  const called = text.length <= CALL_MAX ? text : firstSentence(text);
  return CALLS.some((re) => re.test(called)) && standsAlone(el);
}

/** Up to the first full stop, question or exclamation mark followed by a space. @param {string} text */
function firstSentence(text) {
  const end = text.search(/[.!?]\s/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** No words of a sentence right before or after the element. @param {Element} el */
function standsAlone(el) {
  for (const side of [el.previousSibling, el.nextSibling]) {
    if (side && side.nodeType === 3 && /[\p{L}\p{N}]/u.test(side.textContent ?? '')) return false;
  }
  return true;
}

/** A line this short at most can be a date line. */
const DATE_LINE_MAX = 100;
/** Words a date line may hold besides its date: "Posted", "Updated", "By A. Reporter". */
const DATE_LINE_WORDS = 6;
const YEAR = /\b(19|20)\d\d\b/;
const CLOCK = /\b\d{1,2}:\d{2}\b/;
const NUMERIC_DATE = /\b\d{1,2}([./-])\d{1,2}\1\d{2,4}\b/;
const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
/** A date: figures (11/18/19), or two of a year, a month's name and a time of day. */
const hasDate = (/** @type {string} */ text) =>
  NUMERIC_DATE.test(text) || [YEAR, CLOCK, MONTH].filter((re) => re.test(text)).length >= 2;
/** A note of when the story changed, its time alone enough: "Updated at 1:23 p.m." */
const CHANGE_NOTE = /^\W*(updated|posted|published|last (updated|modified))\b/i;
const DATE_PARTS = new RegExp('\\b(' + [
  '\\d+(st|nd|rd|th)?', 'jan(uary)?', 'feb(ruary)?', 'mar(ch)?', 'apr(il)?', 'may', 'june?', 'july?',
  'aug(ust)?', 'sept?(ember)?', 'oct(ober)?', 'nov(ember)?', 'dec(ember)?', 'mon(day)?', 'tue(s|sday)?',
  'wed(nesday)?', 'thu(rs|rsday)?', 'fri(day)?', 'sat(urday)?', 'sun(day)?', '[ap]\\.?m\\.?', '[ecmp][sd]t', 'bst', 'cet', 'gmt', 'utc',
].join('|') + ')\\b', 'gi');

/**
 * A line of its own that is a date and little else, its date written out in words or
 * figures: "Posted: Fri 6:45 PM, Feb 16, 2018", "By A. Reporter - 11/18/19 11:04 PM
 * EST", "segunda-feira, 22 de janeiro de 2018 às 0:13", "Updated at 1:23 p.m.". A date inside a sentence (text
 * either side of the element) is the sentence's.
 * @param {Element} el
 */
export function isDateLine(el) {
  if (el.childElementCount > 8) return false;
  const text = boundedText(el, DATE_LINE_MAX)?.replace(/\s+/g, ' ').trim();
  if (!text || text.length > DATE_LINE_MAX) return false;
  if (!hasDate(text) && !(CHANGE_NOTE.test(text) && CLOCK.test(text))) return false;
  if (el.closest('blockquote, table')) return false; // a quoted post's signature, a table's cell
  const words = text.replace(DATE_PARTS, ' ').match(/\p{L}+/gu) ?? [];
  if (words.length > DATE_LINE_WORDS) return false;
  return standsAlone(el);
}

/** A post's metadata line is short... */
const META_LINE_MAX = 200;
/** ...and names two fields or more ("Posted by: X - Category: Y - Tags: Z")... */
const META_FIELDS = 2;
/** ...each a few words long, not a clause of a sentence. */
const META_FIELD_WORDS = 5;
const META_LABEL = /\p{L}\s?:(?=\s|$)/gu;

/**
 * A line of its own giving a post's date and fields of its metadata, each after its
 * label: "05/10/2018 - Publicado por: C. Borba - Categoria: Saúde - Tags: sad". Too
 * many words for a date line, yet no sentence of the story.
 * @param {Element} el
 */
export function isMetaLine(el) {
  if (el.childElementCount > 12) return false;
  const text = boundedText(el, META_LINE_MAX)?.replace(/\s+/g, ' ').trim();
  if (!text || !hasDate(text)) return false;
  if ((text.match(META_LABEL) ?? []).length < META_FIELDS) return false;
  const fields = text.split(META_LABEL).map((field) => field.replace(DATE_PARTS, ' ').match(/\p{L}+/gu)?.length ?? 0);
  if (Math.max(...fields) > META_FIELD_WORDS) return false;
  if (el.closest('blockquote, table')) return false;
  return standsAlone(el);
}

/** A block whose whole text is a shortcode its CMS left unrendered: "[button link=...]Send us your review[/button]". */
const SHORTCODE = /^\[([a-z][\w-]*)\b[^\]]*\]([^]*\[\/\1\])?$/i;
const SHORTCODE_MAX = 300;

/** @param {Element} el */
export function isShortcodeLine(el) {
  if (el.childElementCount > 4) return false;
  const text = boundedText(el, SHORTCODE_MAX)?.trim();
  return Boolean(text && SHORTCODE.test(text) && (text.includes('=') || text.includes('[/')));
}

/** Headings that open a section of readers' comments, in the languages the model's readers meet most. */
const COMMENTS_HEADING = new RegExp('^(\\d+\\s+)?(' + [
  'comments?', 'reader comments', 'leave a (comment|reply)', '\\d+ thoughts on .*',
  'отзывы', 'отзывов', 'комментарии', 'комментариев', 'comentários', 'comentarios', 'kommentare', 'commentaires',
  'commenti', 'komentar', 'reacties',
].join('|') + ')[.:!…]*$', 'i');
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * A section of readers' comments: an element that opens with a heading naming them
 * ("Comments", "Отзывы"), whatever its class or id says (a site's own language,
 * abbreviations). The comments themselves are prose, so nothing else tells them apart.
 * @param {Element} el
 */
export function isCommentSection(el) {
  let first = el.firstElementChild;
  while (first && NON_TEXT_TAGS.has(first.tagName.toUpperCase())) first = first.nextElementSibling;
  if (!first || !HEADINGS.has(first.tagName.toUpperCase())) return false;
  const heading = boundedText(first, FURNITURE_LINE_MAX)?.replace(/\s+/g, ' ').trim();
  return Boolean(heading && COMMENTS_HEADING.test(heading));
}

/** A hover card holds at least this many links. */
const CARD_LINKS = 2;

/**
 * A hover card inside a sentence (a person's picture, full name and latest stories,
 * shown when the pointer rests on the name): an inline element within a paragraph
 * that opens with a picture and is otherwise links. Its stylesheet hides it; without
 * one it reads as words run into the sentence.
 * @param {Element} el
 */
export function isHoverCard(el) {
  if (el.tagName.toUpperCase() !== 'SPAN' || !el.parentElement?.closest('p')) return false;
  if (el.getElementsByTagName('a').length < CARD_LINKS || !opensWithPicture(el)) return false;
  const length = (el.textContent ?? '').replace(/\s+/g, '').length;
  return length > 0 && linkChars(el) >= length * LINK_SHARE;
}

/** Whether a picture comes before any words in `el`. @param {Element} el */
function opensWithPicture(el) {
  /** @type {Node | null} */
  let node = el.firstChild;
  while (node) {
    if (node.nodeType === 1 && /** @type {Element} */ (node).tagName.toUpperCase() === 'IMG') return true;
    if (node.nodeType === 3 && /\S/.test(/** @type {Text} */ (node).data)) return false;
    node = nextInside(node, el, node.nodeType === 1);
  }
  return false;
}

/**
 * A paragraph, list or heading that is (nearly) all links: "You may also like...",
 * a related story's headline, a list of tags.
 * @param {Element} el
 */
export function looksLikeLinks(el) {
  const tag = el.tagName.toUpperCase();
  // A link wrapped around a heading or a block: another story's teaser card.
  if (tag === 'A') return el.querySelector(CARD_BLOCKS) !== null;
  if (!LINK_BLOCK_TAGS.has(tag)) return false;
  const length = (el.textContent ?? '').replace(/\s+/g, '').length;
  if (!length) return false;
  let links = 0;
  for (const a of el.getElementsByTagName('a')) links += (a.textContent ?? '').replace(/\s+/g, '').length;
  return links >= length * LINK_SHARE;
}

/** A teaser card holds at most this much text: a kicker, a headline, a line of summary. */
const CARD_MAX_CHARS = 300;
/** This many cards of one make side by side are a list of other stories. */
const CARD_RUN = 3;

/**
 * A list of other stories: three or more sibling blocks of the same make (tag and
 * class), each a teaser card (a link to another page, a picture or a heading, and no
 * more than a few lines of text: a kicker, a headline, a summary). Its summaries are
 * not links, so `looksLikeLinks` alone lets them through. List items are not cards:
 * an article's own bulleted links are its text.
 * @param {Element} el
 */
export function isTeaserList(el) {
  if (el.childElementCount < CARD_RUN) return false;
  /** @type {Map<string, number>} */
  const makes = new Map();
  for (const child of el.children) {
    const make = `${child.tagName} ${child.getAttribute('class') ?? ''}`;
    makes.set(make, (makes.get(make) ?? 0) + 1);
  }
  let cards = 0;
  for (const child of el.children) {
    if ((makes.get(`${child.tagName} ${child.getAttribute('class') ?? ''}`) ?? 0) < CARD_RUN) continue;
    if (!isTeaserCard(child)) return false;
    cards += 1;
  }
  return cards >= CARD_RUN;
}

/** @param {Element} el */
function isTeaserCard(el) {
  const tag = el.tagName.toUpperCase();
  if (tag === 'LI' || tag === 'P' || tag === 'TR') return false;
  const text = boundedText(el, CARD_MAX_CHARS)?.trim();
  if (!text) return false;
  if (!el.querySelector('img, picture, h1, h2, h3, h4, h5, h6')) return false;
  const here = el.ownerDocument.location?.href?.split('#')[0];
  for (const a of el.getElementsByTagName('a')) {
    const href = /** @type {HTMLAnchorElement} */ (a).href;
    if (href && /^https?:/.test(href) && href.split('#')[0] !== here) return true;
  }
  return false;
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
