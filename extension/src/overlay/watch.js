// @ts-check
/**
 * Notices when the page re-renders under the paint: replaced or lazily added
 * paragraphs (MutationObserver, debounced), SPA navigation (Navigation API, else
 * popstate), and a page that clears CSS.highlights (a map lookup per second).
 */

const DEBOUNCE_MS = 250;
const CHECK_MS = 1000;

export class Watcher {
  /**
   * @param {Window & typeof globalThis} view
   * @param {{reanchor: () => void, lost: () => boolean, repaint: () => void, relevant: (node: Node) => boolean}} hooks
   */
  constructor(view, hooks) {
    this.view = view;
    this.hooks = hooks;
    this.timer = 0;
    this.interval = 0;
    this.observer = new view.MutationObserver((records) => {
      // Tickers and ads elsewhere on the page must not cost a re-extraction.
      if (records.some((r) => affectsText(r) && hooks.relevant(r.target))) this.schedule();
    });
    this.onNavigate = () => this.schedule();
  }

  /** @param {Node} root */
  start(root) {
    this.observer.observe(root, { childList: true, characterData: true, subtree: true });
    const nav = /** @type {any} */ (this.view).navigation;
    nav?.addEventListener?.('navigatesuccess', this.onNavigate);
    this.view.addEventListener('popstate', this.onNavigate);
    this.interval = this.view.setInterval(() => {
      if (this.hooks.lost()) this.hooks.repaint();
    }, CHECK_MS);
  }

  stop() {
    this.observer.disconnect();
    /** @type {any} */ (this.view).navigation?.removeEventListener?.('navigatesuccess', this.onNavigate);
    this.view.removeEventListener('popstate', this.onNavigate);
    this.view.clearInterval(this.interval);
    this.view.clearTimeout(this.timer);
  }

  schedule() {
    this.view.clearTimeout(this.timer);
    this.timer = this.view.setTimeout(() => this.hooks.reanchor(), DEBOUNCE_MS);
  }
}

/** Only text-bearing changes matter; attribute churn and our own host do not. @param {MutationRecord} r */
function affectsText(r) {
  if (r.type === 'characterData') return true;
  const nodes = [...r.addedNodes, ...r.removedNodes];
  return nodes.some((n) => n.nodeType === 3 || (n.nodeType === 1 && /\S/.test(n.textContent ?? '')));
}
