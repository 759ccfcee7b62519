// @ts-check
/**
 * Paints anchored items with the CSS Custom Highlight API: one Highlight per
 * highlight name, registered in CSS.highlights. No node of the page changes.
 * The registry is the page's to read, so nothing here changes with what the reader
 * does: reading focus and jump flashes are drawn in our shadow root (cards/spotlight.js).
 */
import { HIGHLIGHT_NAMES } from './categories.js';

/** @typedef {import('./categories.js').Item & {range: Range}} Anchored */

export class Painter {
  /** @param {Window & typeof globalThis} view */
  constructor(view) {
    this.view = view;
    /** @type {Map<string, any>} */
    this.highlights = new Map();
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
    const Highlight = /** @type {any} */ (this.view).Highlight;
    /** @type {Map<string, Range[]>} */
    const byName = new Map(HIGHLIGHT_NAMES.map((n) => [n, []]));
    for (const p of pieces) byName.get(p.highlight)?.push(p.range);
    for (const [name, ranges] of byName) {
      const hl = new Highlight(...ranges);
      hl.priority = 1; // above a page's own highlights of priority 0
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
}
