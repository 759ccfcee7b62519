// @ts-check
/**
 * Reading focus and jump flashes, drawn inside the card host's closed shadow root.
 *
 * Both say what the reader is looking at. Drawn as CSS highlights they would be
 * readable by any page script (`CSS.highlights` is the page's own registry), so they
 * are boxes in our shadow root instead: a veil over the viewport with holes where the
 * card's subject is, and a short-lived box around a range we jumped to. The layer
 * ignores the pointer, so hit-testing (ours and the page's) passes through it. Boxes
 * follow the text while the page scrolls or resizes.
 */

const FLASH_MS = 1200;
const HOLE_PADDING = 2;

export class Spotlight {
  /** @param {Document} doc @param {HTMLElement} layer a fixed, full-viewport element in our shadow root */
  constructor(doc, layer) {
    this.doc = doc;
    this.layer = layer;
    this.veil = doc.createElement('div');
    this.veil.className = 'veil';
    this.veil.hidden = true;
    this.layer.append(this.veil);
    /** @type {Range[]} the subject in reading focus */
    this.subject = [];
    /** @type {{range: Range, box: HTMLElement[]}[]} */
    this.flashes = [];
    this.frame = 0;
    this.following = false;
    this.onMove = () => this.schedule();
  }

  /** Veil everything but `ranges`. @param {Range[]} ranges @param {boolean} dark the page is dark */
  focus(ranges, dark) {
    this.subject = ranges;
    this.veil.classList.toggle('dark', dark);
    this.veil.hidden = false;
    this.follow(this.shown);
    this.draw();
  }

  /** Lift the veil. */
  unfocus() {
    this.subject = [];
    this.veil.hidden = true;
    this.veil.style.clipPath = '';
    this.follow(this.shown);
  }

  /** A box around `range` for a moment (a jump from the panel or the keyboard). @param {Range} range */
  flash(range) {
    const entry = { range, box: /** @type {HTMLElement[]} */ ([]) };
    this.flashes.push(entry);
    this.follow(this.shown);
    this.draw();
    this.doc.defaultView?.setTimeout(() => {
      entry.box.forEach((b) => b.remove());
      this.flashes = this.flashes.filter((f) => f !== entry);
      this.follow(this.shown);
    }, FLASH_MS);
  }

  /** Whether anything is drawn that must follow the text. */
  get shown() {
    return this.subject.length > 0 || this.flashes.length > 0;
  }

  /** What is drawn, for the extension's own tests. */
  describe() {
    const veiled = !this.veil.hidden;
    // A clip-path the browser could not parse is dropped on assignment, so this says it took.
    return { veiled, holes: veiled ? this.holes().length : 0, clipped: veiled && this.veil.style.clipPath !== '',
      flashes: this.flashes.length };
  }

  /** The subject's boxes on screen, padded. */
  holes() {
    return this.subject.flatMap((r) => Array.from(r.getClientRects())).filter((b) => b.width > 0 && b.height > 0);
  }

  draw() {
    this.frame = 0;
    const view = this.doc.defaultView;
    if (!view) return;
    if (this.subject.length) {
      const w = view.innerWidth;
      const h = view.innerHeight;
      const p = HOLE_PADDING;
      const cuts = this.holes().map((b) =>
        `M${b.left - p} ${b.top - p}h${b.width + 2 * p}v${b.height + 2 * p}h${-(b.width + 2 * p)}Z`);
      this.veil.style.clipPath = `path(evenodd, "M0 0H${w}V${h}H0Z${cuts.join('')}")`;
    }
    for (const entry of this.flashes) {
      entry.box.forEach((b) => b.remove());
      entry.box = Array.from(entry.range.getClientRects(), (b) => this.box(b));
      this.layer.append(...entry.box);
    }
  }

  /** @param {DOMRect} rect */
  box(rect) {
    const el = this.doc.createElement('div');
    el.className = 'flash';
    Object.assign(el.style, {
      transform: `translate(${rect.left - 1}px, ${rect.top - 1}px)`,
      width: `${rect.width + 2}px`,
      height: `${rect.height + 2}px`,
    });
    return el;
  }

  schedule() {
    const view = this.doc.defaultView;
    if (view && !this.frame) this.frame = view.requestAnimationFrame(() => this.draw());
  }

  /** Redraw on scroll (of the page or any scrolling box) and resize, only while something is shown. @param {boolean} on */
  follow(on) {
    const view = this.doc.defaultView;
    if (!view || on === this.following) return;
    this.following = on;
    const method = on ? 'addEventListener' : 'removeEventListener';
    view[method]('scroll', this.onMove, { capture: true, passive: true });
    view[method]('resize', this.onMove, { passive: true });
  }
}
