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
import { computePosition, flip, offset, shift } from '@floating-ui/dom';
import { h, cardText } from './dom.js';
import { Spotlight } from './spotlight.js';

export const CARD_CSS = `
:host { all: initial; }
.card { position: fixed; top: 0; left: 0; z-index: 2147483647; max-width: min(26rem, 92vw); max-height: 60vh;
  overflow: auto; box-sizing: border-box; padding: 0.75rem 0.9rem; border-radius: 0.5rem;
  font: 14px/1.4 system-ui, sans-serif; color: #111827; background: #ffffff;
  border: 1px solid #d1d5db; box-shadow: 0 8px 24px rgba(0,0,0,0.18); }
.card[hidden] { display: none; }
.card.dark { color: #f3f4f6; background: #1f2937; border-color: #4b5563; }
h2 { margin: 0 1.5rem 0.3rem 0; font-size: 15px; }
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
    this.card.replaceChildren(heading, card.body, close);
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

  /** @param {{getBoundingClientRect(): DOMRect, getClientRects(): DOMRectList}} anchor */
  place(anchor) {
    computePosition(anchor, this.card, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [offset(6), flip(), shift({ padding: 8 })],
    }).then(({ x, y }) => {
      this.card.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    }).catch(() => {});
  }

  close() {
    if (!this.isOpen) return;
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
