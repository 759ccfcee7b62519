// @ts-check
/**
 * Paints anchored items with the CSS Custom Highlight API: one Highlight per
 * highlight name, registered in CSS.highlights. No node of the page changes.
 */
import { HIGHLIGHT_NAMES } from './categories.js';

/** @typedef {import('./categories.js').Item & {range: Range}} Anchored */

export class Painter {
  /** @param {Window & typeof globalThis} view */
  constructor(view) {
    this.view = view;
    /** @type {Map<string, any>} */
    this.highlights = new Map();
    /** @type {any} */
    this.flash = null;
  }

  get supported() {
    return Boolean(this.view.CSS?.highlights && this.view.Highlight);
  }

  /**
   * Replace what is painted.
   * @param {Anchored[]} items
   * @param {(item: Anchored) => boolean} visible
   */
  paint(items, visible) {
    if (!this.supported) return;
    const Highlight = /** @type {any} */ (this.view).Highlight;
    /** @type {Map<string, Range[]>} */
    const byName = new Map(HIGHLIGHT_NAMES.map((n) => [n, []]));
    for (const item of items) if (visible(item)) byName.get(item.highlight)?.push(item.range);
    for (const [name, ranges] of byName) {
      const hl = new Highlight(...ranges);
      // Hedges and sources sit above the claims they are part of.
      hl.priority = name === 'sourcelight-source' || name === 'sourcelight-hedge' ? 2 : name.includes('claim') ? 0 : 1;
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
