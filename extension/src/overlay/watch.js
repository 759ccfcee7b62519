// @ts-check
/**
 * Notices what the overlay must react to:
 * - the page re-renders under the paint: replaced or lazily added paragraphs
 *   (MutationObserver, debounced), and a page that clears CSS.highlights (a map lookup
 *   per second);
 * - the layout moved (resize, a scrolled container, a mutation): hover rectangles are
 *   stale;
 * - SPA navigation to another story (Navigation API `currententrychange`, `popstate`,
 *   and a once-a-second look at the address for history.pushState where the Navigation
 *   API is missing). Only the reader's browser's own (isTrusted) events count.
 * - after a `not-article`, the page's text growing (a page that renders late).
 */

const DEBOUNCE_MS = 250;
const CHECK_MS = 1000;
const GROWTH_DEBOUNCE_MS = 1000;

/**
 * @typedef Hooks
 * @prop {() => void} reanchor
 * @prop {() => boolean} lost
 * @prop {() => void} repaint
 * @prop {(node: Node) => boolean} relevant
 * @prop {() => void} [navigated]
 * @prop {() => void} [invalidate] layout may have moved
 * @prop {() => void} [grew] the page's text grew
 */

export class Watcher {
  /** @param {Window & typeof globalThis} view @param {Hooks} hooks */
  constructor(view, hooks) {
    this.view = view;
    this.hooks = hooks;
    this.timer = 0;
    this.interval = 0;
    this.started = false;
    this.observer = new view.MutationObserver((records) => {
      hooks.invalidate?.();
      // Tickers and ads elsewhere on the page must not cost a re-extraction.
      if (records.some((r) => affectsText(r) && hooks.relevant(r.target))) this.schedule();
    });
    this.onLayout = (/** @type {Event} */ e) => {
      if (e.isTrusted && e.target !== view.document) hooks.invalidate?.();
    };
    this.onResize = () => hooks.invalidate?.();
    this.onNavigate = (/** @type {Event} */ e) => {
      if (e.isTrusted) this.checkAddress();
    };
    this.address = addressOf(view.location);
    this.navInterval = 0;
    this.growthTimer = 0;
    this.growth = new view.MutationObserver(() => {
      view.clearTimeout(this.growthTimer);
      this.growthTimer = view.setTimeout(() => hooks.grew?.(), GROWTH_DEBOUNCE_MS);
    });
  }

  /** Watch the painted page. Idempotent. @param {Node} root */
  start(root) {
    if (this.started) return;
    this.started = true;
    this.observer.observe(root, { childList: true, characterData: true, subtree: true });
    this.view.addEventListener('resize', this.onResize);
    this.view.document.addEventListener('scroll', this.onLayout, { capture: true, passive: true });
    this.interval = this.view.setInterval(() => {
      if (this.hooks.lost()) this.hooks.repaint();
    }, CHECK_MS);
  }

  stop() {
    this.started = false;
    this.observer.disconnect();
    this.view.removeEventListener('resize', this.onResize);
    this.view.document.removeEventListener('scroll', this.onLayout, { capture: true });
    this.view.clearInterval(this.interval);
    this.view.clearTimeout(this.timer);
  }

  /** Watch for SPA navigation for the life of the page. */
  watchNavigation() {
    if (this.navInterval) return;
    const nav = /** @type {any} */ (this.view).navigation;
    nav?.addEventListener?.('currententrychange', this.onNavigate);
    this.view.addEventListener('popstate', this.onNavigate);
    this.navInterval = this.view.setInterval(() => this.checkAddress(), CHECK_MS);
  }

  /** Tell the overlay when the address (without its fragment) changed. */
  checkAddress() {
    const now = addressOf(this.view.location);
    if (now === this.address) return;
    this.address = now;
    this.hooks.navigated?.();
  }

  /** After a `not-article`: call `grew` when the page's content changes. @param {Node | null} root */
  watchGrowth(root) {
    if (root) this.growth.observe(root, { childList: true, characterData: true, subtree: true });
  }

  stopGrowth() {
    this.growth.disconnect();
    this.view.clearTimeout(this.growthTimer);
  }

  schedule() {
    this.view.clearTimeout(this.timer);
    this.timer = this.view.setTimeout(() => this.hooks.reanchor(), DEBOUNCE_MS);
  }
}

/** @param {Location} loc */
function addressOf(loc) {
  return `${loc.origin}${loc.pathname}${loc.search}`;
}

/** Only text-bearing changes matter; attribute churn and our own host do not. @param {MutationRecord} r */
function affectsText(r) {
  if (r.type === 'characterData') return true;
  const nodes = [...r.addedNodes, ...r.removedNodes];
  return nodes.some((n) => n.nodeType === 3 || (n.nodeType === 1 && /\S/.test(n.textContent ?? '')));
}
