// @ts-check
/**
 * Paints anchored items with the CSS Custom Highlight API: one Highlight per
 * highlight name, registered in CSS.highlights. No node of the page changes.
 */
import { HIGHLIGHT_NAMES } from './categories.js';

/** @typedef {import('./categories.js').Item & {range: Range}} Anchored */

/** Faded text around the subject in reading focus. */
const DIM = 'sourcelight-dim';

export class Painter {
  /** @param {Window & typeof globalThis} view */
  constructor(view) {
    this.view = view;
    /** @type {Map<string, any>} */
    this.highlights = new Map();
    /** @type {any} */
    this.flash = null;
    /** @type {{highlight: string, range: Range}[] | null} */
    this.pieces = null;
    /** @type {{highlight: string, range: Range}[] | null} */
    this.focused = null;
  }

  get supported() {
    return Boolean(this.view.CSS?.highlights && this.view.Highlight);
  }

  /**
   * Replace what is painted. The pieces are disjoint (overlay/view-model.js), so
   * no character carries two marks and the order of the highlights does not matter.
   * @param {{highlight: string, range: Range}[]} pieces
   */
  paint(pieces) {
    if (!this.supported) return;
    this.pieces = pieces;
    this.focused = null;
    this.build(pieces, null);
  }

  /**
   * Reading focus: only `subject` stays painted and the rest of the article's text
   * fades (`sourcelight-dim` over `around`, the article minus the subject).
   * @param {{highlight: string, range: Range}[]} subject @param {Range[]} around
   */
  focus(subject, around) {
    if (!this.supported) return;
    this.focused = subject;
    this.build(subject, around);
  }

  /** Back from focus to the full painting. */
  unfocus() {
    if (!this.supported || !this.focused) return;
    this.focused = null;
    this.build(this.pieces ?? [], null);
  }

  /** @param {{highlight: string, range: Range}[]} pieces @param {Range[] | null} dim */
  build(pieces, dim) {
    const Highlight = /** @type {any} */ (this.view).Highlight;
    /** @type {Map<string, Range[]>} */
    const byName = new Map(HIGHLIGHT_NAMES.map((n) => [n, []]));
    for (const p of pieces) byName.get(p.highlight)?.push(p.range);
    if (this.highlights.has(DIM) || dim) byName.set(DIM, dim ?? []);
    for (const [name, ranges] of byName) {
      const hl = new Highlight(...ranges);
      hl.priority = name === DIM ? -1 : 1;
      this.highlights.set(name, hl);
    }
    this.register();
  }

  /** (Re-)register our highlights, e.g. after the page cleared CSS.highlights. */
  register() {
    if (!this.supported) return;
    for (const [name, hl] of this.highlights) this.view.CSS.highlights.set(name, hl);
  }

  /** True when the page removed or replaced one of our highlights. Cheap: a map lookup each. */
  lost() {
    if (!this.supported) return false;
    for (const [name, hl] of this.highlights) if (this.view.CSS.highlights.get(name) !== hl) return true;
    return false;
  }

  clear() {
    if (!this.supported) return;
    for (const name of this.highlights.keys()) this.view.CSS.highlights.delete(name);
    this.highlights.clear();
  }

  /** Briefly flash a range (panel jumps, keyboard cycling). @param {Range} range */
  flashRange(range) {
    if (!this.supported) return;
    const Highlight = /** @type {any} */ (this.view).Highlight;
    const hl = new Highlight(range);
    hl.priority = 5;
    this.view.CSS.highlights.set('sourcelight-flash', hl);
    this.view.setTimeout(() => {
      if (this.view.CSS.highlights.get('sourcelight-flash') === hl) this.view.CSS.highlights.delete('sourcelight-flash');
    }, 1200);
  }
}
