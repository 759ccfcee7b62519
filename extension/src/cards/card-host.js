// @ts-check
/**
 * The one card host on documentElement, with a CLOSED shadow root holding the open
 * card, placed by Floating UI next to the hovered range. The host is made at the first
 * card a reader opens, has a random name and no attribute at all: nothing in the
 * page's light DOM names the extension or says what is open or hovered. Inside the
 * shadow root the open card is a dialog labelled by its heading, and a polite live
 * region announces it to screen readers; both are cleared when it closes. Tests read
 * the card through `describe()` (the extension's own messages), never from the page.
 * The same shadow root holds the spotlight (reading focus, jump flashes): see spotlight.js.
 */
import { autoUpdate, computePosition, flip, hide, inline, offset, shift, size } from '@floating-ui/dom';
import { h, cardText } from './dom.js';
import { Spotlight } from './spotlight.js';

export const CARD_CSS = `
:host { all: initial; }
/* all: initial again here: a page rule that matches our host (html > *) beats :host and its
   inherited properties (white-space, line-height, letter-spacing) would reach the card. */
.card { all: initial; position: fixed; top: 0; left: 0; z-index: 2147483647; max-width: min(416px, calc(100vw - 16px)); max-height: 60vh;
  display: flex; flex-direction: column; overflow: hidden; box-sizing: border-box; padding: 0.75rem 0.9rem; border-radius: 0.5rem;
  font: 14px/1.4 system-ui, sans-serif; color: #111827; background: #ffffff;
  border: 1px solid #d1d5db; box-shadow: 0 8px 24px rgba(0,0,0,0.18); }
.card[hidden] { display: none; }
h2, .close { flex: none; }
.scroll { flex: 1 1 auto; min-height: 0; overflow: auto; overscroll-behavior: contain; }
li { margin: 0.15rem 0; }
li > button { display: block; width: 100%; height: auto; white-space: normal; overflow-wrap: anywhere; line-height: inherit; }
.card.dark { color: #f3f4f6; background: #1f2937; border-color: #4b5563; }
h2 { margin: 0 1.5rem 0.3rem 0; font-size: 15px; line-height: 1.3; overflow-wrap: anywhere; }
h3 { margin: 0.6rem 0 0.2rem; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; opacity: 0.75; }
p { margin: 0.2rem 0; }
ul { margin: 0.2rem 0; padding-left: 1.1rem; }
.kind { font-weight: 600; }
.kind::first-letter { text-transform: uppercase; }
.label { opacity: 0.75; }
.warn { color: #b45309; font-weight: 600; }
.dark .warn { color: #fbbf24; }
blockquote { margin: 0.4rem 0 0; padding-left: 0.5rem; border-left: 3px solid #fbbf24; opacity: 0.9; }
button { font: inherit; color: inherit; background: none; border: 0; padding: 0.1rem 0; text-align: left; cursor: pointer; }
button.jump { text-decoration: underline; }
button.close { position: absolute; top: 0.4rem; right: 0.5rem; font-size: 16px; }
.tabs { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0 0 0.4rem; }
button.tab { padding: 0.1rem 0.45rem; border: 1px solid #d1d5db; border-radius: 0.3rem; font-size: 12px; }
button.tab[aria-selected="true"] { background: #e5e7eb; font-weight: 600; }
.dark button.tab[aria-selected="true"] { background: #374151; }
.swatch { display: inline-block; width: 1.4em; height: 0.9em; margin-right: 0.4em; vertical-align: middle; border-radius: 2px; }
ul.legend { list-style: none; padding-left: 0; }
button.done { margin-top: 0.4rem; padding: 0.2rem 0.7rem; border: 1px solid #d1d5db; border-radius: 0.3rem; }
button:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
.dark button:focus-visible { outline-color: #93c5fd; }
.layer { position: fixed; inset: 0; z-index: 2147483646; pointer-events: none; overflow: hidden; }
.veil { position: absolute; inset: 0; background: rgba(255, 255, 255, 0.62); }
.veil.dark { background: rgba(17, 24, 39, 0.62); }
.veil[hidden] { display: none; }
.flash { position: absolute; top: 0; left: 0; box-sizing: border-box; border-radius: 2px;
  background: rgba(250, 204, 21, 0.35); outline: 2px solid rgba(234, 179, 8, 0.95); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** Space kept between a card and the viewport's edges, in CSS pixels. */
const PAD = 8;
/** A card's widest, in CSS pixels (not rem: the page sets the root font size). */
const MAX_WIDTH = 416;

/**
 * Floating UI's reference for a Range (or any rect source): the element holding it is
 * its context, so autoUpdate hears the scrolling containers around it.
 * @param {{getBoundingClientRect(): DOMRect, getClientRects(): DOMRectList, startContainer?: Node}} anchor
 */
function asReference(anchor) {
  if (/** @type {any} */ (anchor).nodeType === 1) return /** @type {Element} */ (/** @type {unknown} */ (anchor));
  const node = anchor.startContainer;
  const contextElement = node ? (node.nodeType === 1 ? /** @type {Element} */ (node) : node.parentElement) : null;
  return {
    getBoundingClientRect: () => anchor.getBoundingClientRect(),
    getClientRects: () => anchor.getClientRects(),
    ...(contextElement ? { contextElement } : {}),
  };
}

/** A custom element name no page can predict or style by name. */
function hostName() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `x-${Array.from(bytes, (b) => (b % 36).toString(36)).join('')}`;
}

export class CardHost {
  /** @param {Document} doc */
  constructor(doc) {
    this.doc = doc;
    this.host = doc.createElement(hostName());
    const shadow = this.host.attachShadow({ mode: 'closed' });
    adoptStyles(shadow, CARD_CSS);
    this.card = h(doc, 'div', { class: 'card', hidden: '', tabindex: '-1' });
    // Announces an opened card (hover opens without moving focus, so nothing else would).
    this.live = h(doc, 'div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    const layer = h(doc, 'div', { class: 'layer' });
    shadow.append(layer, this.card, this.live);
    this.spotlight = new Spotlight(doc, layer);
    this.open_ = false;
    /** @type {{reference: object, stop: () => void} | null} the open card's anchor, followed */
    this.follow = null;
    /** Placements so far (tests read it: the card moved with its anchor). */
    this.placements = 0;
    /** whether the current anchor has been on screen since the card was placed by it */
    this.anchorSeen = false;
    /** @type {'source' | 'claim' | 'entity' | 'intro' | ''} */
    this.kind = '';
    this.heading = '';
    /** @type {() => void} told when the card closes */
    this.onClose = () => {};
    /** @type {Element | null} where focus returns after Escape */
    this.returnFocus = null;
    /** @type {((e: KeyboardEvent) => void)} */
    this.onKey = (e) => {
      if (e.isTrusted && e.key === 'Escape' && this.isOpen) {
        e.stopPropagation();
        this.close();
      }
    };
    doc.addEventListener('keydown', this.onKey, true);
    doc.documentElement.append(this.host);
  }

  get isOpen() {
    return this.open_;
  }

  /** The card as the reader sees it, for the extension's own tests: never on the page. */
  describe() {
    return {
      open: this.open_,
      kind: this.kind,
      label: this.open_ ? this.card.getAttribute('aria-label') ?? '' : '',
      role: this.card.getAttribute('role') ?? '',
      text: this.open_ ? cardText(this.card).replace(/\n?×$/, '') : '',
      announced: this.live.textContent ?? '',
      focused: this.open_ && this.card.matches(':focus-within'),
      spotlight: this.spotlight.describe(),
      geometry: this.open_ ? this.geometry() : null,
      placements: this.placements,
    };
  }

  /**
   * Where the open card sits, for tests: its box, its heading's, the viewport, whether
   * its body scrolls, and any two list items whose boxes overlap.
   */
  geometry() {
    const box = (/** @type {Element | null} */ el) => {
      const r = el?.getBoundingClientRect();
      return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null;
    };
    const scroll = this.card.querySelector('.scroll');
    // An item's extent is its own box and its children's (a button's wrapped lines can spill out of it).
    const items = [...this.card.querySelectorAll('li')].map((li) => {
      const rects = [li, ...li.children].map((el) => el.getBoundingClientRect());
      return { top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
    });
    let overlaps = 0;
    for (let i = 1; i < items.length; i += 1) if (items[i].top < items[i - 1].bottom - 0.5) overlaps += 1;
    const view = this.doc.defaultView;
    return {
      card: box(this.card),
      heading: box(this.card.querySelector('h2')),
      viewport: { width: view?.innerWidth ?? 0, height: view?.innerHeight ?? 0 },
      scrolls: scroll ? scroll.scrollHeight > scroll.clientHeight + 1 : false,
      items: items.length,
      overlaps,
    };
  }

  /**
   * @param {{heading: string, body: HTMLElement}} card
   * @param {'source' | 'claim' | 'entity' | 'intro'} kind
   * @param {{getBoundingClientRect(): DOMRect, getClientRects(): DOMRectList}} anchor
   * @param {{focus?: boolean}} [options] focus the card (keyboard use)
   */
  open(card, kind, anchor, options = {}) {
    const { doc } = this;
    if (!this.host.isConnected) doc.documentElement.append(this.host);
    const heading = h(doc, 'h2', { id: 'sl-heading' }, card.heading);
    const close = h(doc, 'button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => this.close() }, '×');
    // Only the body scrolls: the heading and × stay in view however far the card shrinks.
    this.card.replaceChildren(heading, h(doc, 'div', { class: 'scroll' }, card.body), close);
    this.card.setAttribute('role', 'dialog');
    this.card.setAttribute('aria-label', card.heading);
    this.card.classList.toggle('dark', prefersDark(doc));
    this.card.removeAttribute('hidden');
    const kindName = { source: 'Source card', claim: 'Claim card', entity: 'Name card', intro: 'Welcome card' }[kind];
    const announce = `${kindName}: ${card.heading}`;
    if (!this.open_ || this.heading !== card.heading) this.live.textContent = announce;
    this.open_ = true;
    this.kind = kind;
    this.heading = card.heading;
    this.place(anchor);
    if (options.focus) {
      this.returnFocus = doc.activeElement;
      this.card.focus();
    }
  }

  /**
   * Place the card by its anchor and keep it there while the page scrolls or resizes
   * (Floating UI's autoUpdate): flip to the side with more room, shift along it, and
   * shrink (size) to what is left of the viewport, the body scrolling inside. When the
   * anchor leaves the screen (hide), the card closes rather than float over other text.
   * @param {{getBoundingClientRect(): DOMRect, getClientRects(): DOMRectList}} anchor
   */
  place(anchor) {
    this.stopFollowing();
    this.anchorSeen = false;
    const reference = asReference(anchor);
    const { card } = this;
    const view = this.doc.defaultView;
    const update = () => {
      if (!this.open_) return;
      // Measure at the CSS limits, not at the size the last placement shrank it to.
      card.style.maxWidth = '';
      card.style.maxHeight = '';
      computePosition(reference, card, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          inline(), // a name wrapped over two lines: the card sits by one line of it, not the box of both
          offset(6),
          flip({ padding: PAD, fallbackStrategy: 'bestFit' }),
          shift({ padding: PAD }),
          size({
            padding: PAD,
            apply({ availableWidth, availableHeight, elements }) {
              const limit = Math.round((view?.innerHeight ?? 800) * 0.6);
              elements.floating.style.maxWidth = `${Math.max(160, Math.min(MAX_WIDTH, Math.floor(availableWidth)))}px`;
              elements.floating.style.maxHeight = `${Math.max(80, Math.min(limit, Math.floor(availableHeight)))}px`;
            },
          }),
          hide({ strategy: 'referenceHidden' }),
        ],
      }).then((placed) => {
        let { x, y } = placed;
        const { middlewareData } = placed;
        if (!this.open_ || this.follow?.reference !== reference) return;
        const hidden = Boolean(middlewareData.hide?.referenceHidden);
        // Close when the anchor *leaves* the screen: a card opened with its anchor off screen
        // (Enter with the caret placed there) waits in a corner, as the welcome card does.
        if (!hidden) this.anchorSeen = true;
        if (hidden && (this.kind === 'intro' || !this.anchorSeen)) {
          y = Math.max(PAD, (view?.innerHeight ?? 0) - card.offsetHeight - PAD);
          x = PAD;
        } else if (hidden) {
          return this.close();
        }
        card.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
        this.placements += 1;
      }).catch(() => {});
    };
    const stop = autoUpdate(reference, card, update, { ancestorScroll: true, ancestorResize: true, elementResize: true, layoutShift: false });
    this.follow = { reference, stop };
  }

  stopFollowing() {
    this.follow?.stop();
    this.follow = null;
  }

  close() {
    if (!this.isOpen) return;
    this.stopFollowing();
    this.card.setAttribute('hidden', '');
    this.card.replaceChildren();
    this.card.removeAttribute('role');
    this.card.removeAttribute('aria-label');
    this.live.textContent = '';
    this.open_ = false;
    this.kind = '';
    this.heading = '';
    this.onClose();
    const back = /** @type {HTMLElement | null} */ (this.returnFocus);
    this.returnFocus = null;
    back?.focus?.();
  }

  /** Whether the page is dark, so the reading-focus veil darkens instead of lightening. */
  get dark() {
    return prefersDark(this.doc);
  }

  /** @param {Node | null} node */
  contains(node) {
    return node === this.host;
  }

  destroy() {
    this.stopFollowing();
    this.spotlight.unfocus();
    this.doc.removeEventListener('keydown', this.onKey, true);
    this.host.remove();
  }
}

/** Dark when the page's own background is dark, else the reader's preference. @param {Document} doc */
function prefersDark(doc) {
  const view = doc.defaultView;
  if (!view) return false;
  const bg = luminanceOf(view.getComputedStyle(doc.body ?? doc.documentElement).backgroundColor) ??
    luminanceOf(view.getComputedStyle(doc.documentElement).backgroundColor);
  if (bg !== null) return bg < 0.4;
  return Boolean(view.matchMedia?.('(prefers-color-scheme: dark)').matches);
}

/** Relative luminance 0..1 of an opaque rgb() colour, or null. @param {string} color */
function luminanceOf(color) {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/.exec(color ?? '');
  if (!m || (m[4] !== undefined && Number(m[4]) < 0.5)) return null;
  return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255;
}

/** @param {ShadowRoot} shadow @param {string} css */
function adoptStyles(shadow, css) {
  const view = /** @type {any} */ (shadow.ownerDocument.defaultView);
  try {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // Fall back to a <style> inside our own shadow root.
  }
  const style = shadow.ownerDocument.createElement('style');
  style.textContent = css;
  shadow.append(style);
}
