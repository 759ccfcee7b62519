// @ts-check
/**
 * The overlay on one page: extract the article, ask the backend (through a
 * transport: the background in the extension, same-origin fetch in the demo),
 * anchor and paint the answer, open cards on hover or keyboard, and re-anchor when
 * the page re-renders. Errors end in a state, never in an exception on the page.
 */
import { extractArticle, extractArticleSliced, describeSkipped, MAX_TEXT_LENGTH } from '../extract/article.js';
import { cutTable } from '../extract/offset-table.js';
import { Slicer } from '../shared/slice.js';
import { anchorSpan } from '../anchoring/anchor.js';
import { itemsOf, indexAnnotation, countByHighlight } from '../paint/categories.js';
import { Painter } from '../paint/highlights.js';
import { installHighlightStyles } from '../paint/styles.js';
import { itemAtPoint } from '../paint/hit-test.js';
import { CardHost } from '../cards/card-host.js';
import { sourceCard, claimCard, entityCard } from '../cards/render.js';
import { Watcher } from './watch.js';
import { panelSummary } from './summary.js';
import { outletLines } from '../cards/outlet.js';

/**
 * @typedef {import('../paint/highlights.js').Anchored} Anchored
 * @typedef {{code: string, message: string}} ErrorInfo
 * @typedef Transport
 * @prop {(body: {text: string, url: string, title: string}) => Promise<{ok: true, annotation: any} | {ok: false, error: ErrorInfo}>} annotate
 * @prop {(title: string) => Promise<any>} [wikipedia]
 * @prop {(status: any) => void} [report] told of every state change
 * @typedef {{entities: boolean, claims: boolean, sources: boolean, hedges: boolean}} Categories
 */

/** After a backend timeout the text is cut to this share and sent once more... */
const RETRY_SHARE = 0.5;
/** ...unless it is already this short. */
const MIN_RETRY_CHARS = 20_000;

export class Overlay {
  /**
   * @param {Document} doc
   * @param {Transport} transport
   * @param {{categories: Categories, maxChars?: number}} options
   */
  constructor(doc, transport, options) {
    this.doc = doc;
    this.view = /** @type {Window & typeof globalThis} */ (doc.defaultView);
    this.transport = transport;
    this.categories = options.categories;
    this.maxChars = options.maxChars ?? MAX_TEXT_LENGTH;
    this.painter = new Painter(this.view);
    /** @type {CardHost | null} */
    this.cards = null;
    /** @type {Anchored[]} */
    this.anchored = [];
    /** @type {any} */
    this.annotation = null;
    /** @type {Map<string, any>} */
    this.byId = new Map();
    this.sentText = '';
    this.state = 'idle';
    /** @type {ErrorInfo | null} */
    this.error = null;
    this.watcher = new Watcher(this.view, {
      reanchor: () => void this.reanchor().catch(() => {}),
      lost: () => this.painter.lost(),
      repaint: () => this.painter.register(),
      relevant: (node) => !this.root?.isConnected || Boolean(this.root?.contains(node)) || node.contains(this.root ?? null),
    });
    /** @type {Element | null} the live element holding the article */
    this.root = null;
    this.onPointerMove = throttleFrame(this.view, (/** @type {PointerEvent} */ e) => this.hover(e));
    this.onKeyDown = (/** @type {KeyboardEvent} */ e) => this.keyboard(e);
    this.cursor = -1;
    this.closeTimer = 0;
  }

  /**
   * Extract, annotate and paint; annotates what it can and says what it skipped.
   * Safe to call again (re-annotates). Every step runs in short time slices.
   */
  async run() {
    if (this.state === 'annotating') return;
    this.setState('annotating');
    // Styles now, so the page's style recalc for them is not in the frame that paints.
    installHighlightStyles(this.doc);
    const perf = this.view.performance;
    perf.mark('sourcelight-extract-start');
    let extraction = await extractArticleSliced(this.doc, { maxLength: this.maxChars }).catch(() => null);
    perf.measure('sourcelight-extract', 'sourcelight-extract-start');
    if (!extraction) return this.fail({ code: 'not-article', message: 'No article found on this page.' });
    const { skipped } = extraction;
    this.doc.documentElement.dataset.sourcelightSkipped = describeSkipped(skipped);
    const title = extraction.title || this.doc.title;
    let answer = await this.annotate(extraction.text, title);
    if (!answer.ok && answer.error.code === 'timeout' && extraction.text.length >= MIN_RETRY_CHARS) {
      // Too slow for the backend's time limit: annotate the first part rather than nothing.
      const cut = cutTable(extraction, Math.floor(extraction.text.length * RETRY_SHARE));
      extraction = { ...extraction, text: cut.text, segments: cut.segments };
      skipped['over-limit'] += cut.cut;
      this.doc.documentElement.dataset.sourcelightSkipped = describeSkipped(skipped);
      answer = await this.annotate(extraction.text, title);
    }
    if (!answer.ok) return this.fail(answer.error);
    await this.apply(answer.annotation, extraction.text, extraction);
  }

  /** @param {string} text @param {string} title @returns {ReturnType<Transport['annotate']>} */
  async annotate(text, title) {
    try {
      return await this.transport.annotate({ text, url: this.view.location.href, title });
    } catch (err) {
      return { ok: false, error: { code: 'extension', message: String(err) } };
    }
  }

  /**
   * Anchor and paint an answer for `sentText`, in time slices. Recorded as the
   * `sourcelight-paint` measure: it starts when the answer is applied and lasts as
   * long as the main-thread time spent (slices summed, the pauses between them not).
   * @param {any} annotation @param {string} sentText
   * @param {import('../extract/offset-table.js').OffsetTable} current
   */
  async apply(annotation, sentText, current) {
    const perf = this.view.performance;
    const start = perf.now();
    perf.mark('sourcelight-paint-start');
    const slicer = new Slicer();
    this.annotation = annotation;
    this.byId = indexAnnotation(annotation);
    this.sentText = sentText;
    this.root = 'root' in current ? /** @type {any} */ (current).root : null;
    installHighlightStyles(this.doc);
    await this.anchorAll(current, slicer);
    this.repaint();
    perf.measure('sourcelight-paint', { start, duration: slicer.elapsed() });
    this.listen();
    this.setState('painted');
  }

  /**
   * Place every item in the current text; between slices when a Slicer is given.
   * @param {import('../extract/offset-table.js').OffsetTable} current @param {Slicer} [slicer]
   */
  async anchorAll(current, slicer) {
    /** @type {Anchored[]} */
    const anchored = [];
    let missed = 0;
    for (const item of itemsOf(this.annotation)) {
      if (slicer?.due) await slicer.pause();
      const a = anchorSpan(item.span, this.sentText, current);
      if (a) anchored.push({ ...item, range: a.range });
      else missed += 1;
    }
    if (slicer?.due) await slicer.pause();
    this.anchored = anchored.sort((x, y) => x.range.compareBoundaryPoints(0 /* START_TO_START */, y.range));
    this.missed = missed;
  }

  /** Paint the anchored items of the enabled categories. */
  repaint() {
    this.painter.paint(this.anchored, (i) => this.categories[i.category] !== false);
    if (this.cards?.isOpen && !this.visibleItems().length) this.cards.close();
  }

  /** Re-extract and re-anchor without a backend call (the page re-rendered). */
  async reanchor() {
    if (this.state !== 'painted' || this.reanchoring) return;
    this.reanchoring = true;
    try {
      const slicer = new Slicer();
      const current = await extractArticleSliced(this.doc, { maxLength: Math.max(this.maxChars, this.sentText.length) }, slicer);
      if (!current || this.state !== 'painted') return;
      this.root = current.root;
      await this.anchorAll(current, slicer);
      if (this.state !== 'painted') return;
      this.repaint();
      this.report();
    } finally {
      this.reanchoring = false;
    }
  }

  /** @param {Categories} categories */
  setCategories(categories) {
    this.categories = categories;
    if (this.state === 'painted') this.repaint();
    this.report();
  }

  /** @param {number} maxChars */
  setMaxChars(maxChars) {
    this.maxChars = maxChars;
  }

  /** Remove everything this overlay added; back to idle. */
  clear() {
    this.unlisten();
    this.painter.clear();
    this.cards?.destroy();
    this.cards = null;
    this.anchored = [];
    this.annotation = null;
    this.setState('idle');
  }

  visibleItems() {
    return this.anchored.filter((i) => this.categories[i.category] !== false);
  }

  /** @param {ErrorInfo} error */
  fail(error) {
    this.error = error;
    this.setState(`error:${error.code}`);
  }

  /** @param {string} state */
  setState(state) {
    this.state = state;
    if (!state.startsWith('error:')) this.error = null;
    this.doc.documentElement.dataset.sourcelightState = state;
    this.report();
  }

  report() {
    this.transport.report?.(this.status());
  }

  status() {
    const visible = this.visibleItems();
    return {
      state: this.state,
      error: this.error,
      counts: countByHighlight(visible),
      missed: this.missed ?? 0,
      summary: this.annotation?.summary ?? null,
      outlet: this.annotation ? outletLines(this.annotation.outlet) : null,
    };
  }

  /** Sources and claims for the side panel. */
  summary() {
    return panelSummary(this.annotation, this.byId);
  }

  /** Scroll to the first item of a record (or a span) and flash it. @param {{kind?: string, id?: string, span?: {start: number, end: number}}} target */
  jumpTo(target) {
    const item = this.anchored.find((i) =>
      target.span ? i.span.start === target.span.start && i.span.end === target.span.end : i.kind === target.kind && i.id === target.id);
    let range = item?.range;
    if (!range && target.span) {
      const current = extractArticle(this.doc, { maxLength: Math.max(this.maxChars, this.sentText.length) });
      const a = current && anchorSpan({ ...target.span, text: this.sentText.slice(target.span.start, target.span.end) }, this.sentText, current);
      range = a?.range;
    }
    if (!range) return false;
    const el = range.startContainer.parentElement;
    el?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    this.painter.flashRange(range);
    return true;
  }

  listen() {
    if (this.listening) return;
    this.listening = true;
    this.doc.addEventListener('pointermove', this.onPointerMove, { passive: true });
    this.doc.addEventListener('keydown', this.onKeyDown);
    this.watcher.start(this.doc.body);
  }

  unlisten() {
    this.listening = false;
    this.doc.removeEventListener('pointermove', this.onPointerMove);
    this.doc.removeEventListener('keydown', this.onKeyDown);
    this.watcher.stop();
  }

  /** @param {PointerEvent} e */
  hover(e) {
    if (this.cards && e.target === this.cards.host) return this.cancelClose();
    const item = itemAtPoint(this.view, this.painter.supported ? this.visibleItems() : [], e.clientX, e.clientY);
    if (item) {
      this.cancelClose();
      if (this.openKey !== `${item.kind}:${item.id}` || !this.cards?.isOpen) this.openCard(item, false);
    } else if (this.cards?.isOpen && !this.closeTimer) {
      this.closeTimer = this.view.setTimeout(() => {
        this.closeTimer = 0;
        this.cards?.close();
      }, 350);
    }
  }

  cancelClose() {
    this.view.clearTimeout(this.closeTimer);
    this.closeTimer = 0;
  }

  /** Alt+Shift+N / Alt+Shift+P: next / previous highlight, with its card. @param {KeyboardEvent} e */
  keyboard(e) {
    if (!e.altKey || !e.shiftKey || (e.code !== 'KeyN' && e.code !== 'KeyP')) return;
    const items = this.visibleItems();
    if (!items.length) return;
    e.preventDefault();
    const step = e.code === 'KeyN' ? 1 : -1;
    this.cursor = (this.cursor + step + items.length) % items.length;
    const item = items[this.cursor];
    item.range.startContainer.parentElement?.scrollIntoView?.({ block: 'center' });
    this.painter.flashRange(item.range);
    this.openCard(item, true);
  }

  /** @param {Anchored} item @param {boolean} focus */
  async openCard(item, focus) {
    const record = this.byId.get(item.id);
    if (!record) return;
    this.openKey = `${item.kind}:${item.id}`;
    this.cards ??= new CardHost(this.doc);
    const ctx = {
      doc: this.doc,
      byId: this.byId,
      annotation: this.annotation,
      onJump: (/** @type {{start: number, end: number}} */ span) => this.jumpTo({ span }),
      wiki: null,
    };
    const render = { source: sourceCard, claim: claimCard, entity: entityCard }[item.kind];
    this.cards.open(render(ctx, record), item.kind, item.range, { focus });
    if (item.kind === 'entity' && this.transport.wikipedia) {
      const key = this.openKey;
      const name = this.byId.get(record.group)?.name ?? record.text;
      const wiki = await this.transport.wikipedia(name).catch(() => null);
      if (wiki?.extract && this.openKey === key && this.cards.isOpen) {
        this.cards.open(render({ ...ctx, wiki }, record), item.kind, item.range, { focus: false });
      }
    }
  }
}

/**
 * Calls `fn` at most once per animation frame, with the latest event.
 * @template {Event} E @param {Window} view @param {(e: E) => void} fn
 */
function throttleFrame(view, fn) {
  /** @type {E | null} */
  let last = null;
  return (/** @type {E} */ e) => {
    if (last) return void (last = e);
    last = e;
    view.requestAnimationFrame(() => {
      const ev = /** @type {E} */ (last);
      last = null;
      fn(ev);
    });
  };
}
