// @ts-check
/**
 * The overlay on one page: extract the article, ask the backend (through a
 * transport: the background in the extension, same-origin fetch in the demo),
 * anchor and paint the answer, open cards on hover or keyboard, and re-anchor when
 * the page re-renders. Errors end in a state, never in an exception on the page.
 */
import { extractArticle, extractArticleSliced, describeSkipped, isReadabilityResult, readabilityResult, serializeCopy, MAX_TEXT_LENGTH } from '../extract/article.js';
import { cutTable } from '../extract/offset-table.js';
import { Slicer } from '../shared/slice.js';
import { anchorSpan } from '../anchoring/anchor.js';
import { itemsOf, indexAnnotation, countByHighlight } from '../paint/categories.js';
import { toRange } from '../anchoring/text-position.js';
import { planView, DEFAULT_MODE } from './view-model.js';
import { overlapping, subjectOf } from './layers.js';
import { withTabs, introCard } from '../cards/tabs.js';
import { Painter } from '../paint/highlights.js';
import { installHighlightStyles } from '../paint/styles.js';
import { itemAtPoint, RectIndex, RANK } from '../paint/hit-test.js';
import { CardHost } from '../cards/card-host.js';
import { sourceCard, claimCard, entityCard } from '../cards/render.js';
import { Watcher } from './watch.js';
import { panelSummary } from './summary.js';
import { outletLines } from '../cards/outlet.js';

/**
 * @typedef {import('../paint/highlights.js').Anchored} Anchored
 * @typedef {{code: string, message: string}} ErrorInfo
 * @typedef Transport
 * @prop {(body: {text: string, url: string, title: string, lang?: string}) => Promise<{ok: true, annotation: any} | {ok: false, error: ErrorInfo}>} annotate
 * @prop {(title: string) => Promise<any>} [wikipedia]
 * @prop {(html: string) => Promise<import('../extract/article.js').ReadabilityResult | null>} [readability]
 *   Readability run elsewhere on the serialised copy of the page (off its main thread)
 * @prop {(status: any) => void} [report] told of every state change
 * @prop {() => Promise<boolean>} [firstRun] true when the reader has not seen the first-run card
 * @prop {() => void} [firstRunDone] the reader closed it
 * @typedef {{entities: boolean, claims: boolean, sources: boolean, hedges: boolean}} Categories
 * @typedef {{mode: import('./view-model.js').Mode, focus: boolean}} View
 * @typedef {Anchored & {start: number, end: number}} Placed an item with its offsets in the current text
 * @typedef {Anchored & {start: number, end: number, whole: boolean}} Painted one painted piece of an item
 */

/** Hover intent: a card opens when the pointer rests this long on a highlight. */
const HOVER_OPEN_MS = 250;
/** A not-article page is tried again when its text grew by this much... */
const GROWTH_CHARS = 400;
/** ...at most this many times. */
const MAX_GROWTH_RETRIES = 5;

/** After a backend timeout the text is cut to this share and sent once more... */
const RETRY_SHARE = 0.5;
/** ...unless it is already this short. */
const MIN_RETRY_CHARS = 20_000;

export class Overlay {
  /**
   * @param {Document} doc
   * @param {Transport} transport
   * @param {{categories: Categories, maxChars?: number, view?: Partial<View>, auto?: () => boolean, pageUrl?: () => string}} options
   *   `view`: the site's view (mode, reading focus); `auto`: may a new story (SPA navigation, a
   *   page grown into an article) be annotated without a click; `pageUrl`: the page's address
   *   as the backend may see it.
   */
  constructor(doc, transport, options) {
    this.doc = doc;
    this.view = /** @type {Window & typeof globalThis} */ (doc.defaultView);
    this.transport = transport;
    this.categories = options.categories;
    /** @type {View} */
    this.reading = { mode: options.view?.mode ?? DEFAULT_MODE, focus: options.view?.focus ?? false };
    /** @type {import('./view-model.js').Plan | null} */
    this.plan = null;
    /** @type {Painted[]} what is painted, disjoint, in text order */
    this.painted = [];
    /** @type {Placed[]} names not painted in this view, hit-tested all the same */
    this.hoverOnly = [];
    /** @type {Placed[]} in reading focus: the card's subject, the only marks painted */
    this.focusItems = [];
    /** @type {import('../extract/offset-table.js').OffsetTable | null} the text the items are placed in */
    this.table = null;
    this.maxChars = options.maxChars ?? MAX_TEXT_LENGTH;
    this.auto = options.auto ?? (() => false);
    this.pageUrl = options.pageUrl ?? (() => this.view.location.href);
    /** The story (origin + path + query) the current answer is about. */
    this.story = storyKey(this.view.location);
    /** What was left out of the text sent, e.g. "furniture:5, hidden:1". */
    this.skipped = '';
    /** State changes and timings, in the page's performance.now() time, kept here and
     * not on the page's performance timeline (a page could read that). @type {{state: string, t: number}[]} */
    this.timeline = [];
    /** @type {{name: string, start: number, duration: number}[]} */
    this.measures = [];
    this.growthTries = 0;
    this.triedChars = 0;
    this.painter = new Painter(this.view);
    /** @type {CardHost | null} */
    this.cards = null;
    /** @type {Placed[]} */
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
      navigated: () => this.navigated(),
      invalidate: () => this.rects.invalidate(),
      grew: () => this.grew(),
    });
    this.watcher.watchNavigation();
    /** Hover rectangles, indexed once per layout. */
    this.rects = new RectIndex(this.view);
    /** Index of the unpainted names' rectangles (hover-only). */
    this.hoverRects = new RectIndex(this.view);
    /** @type {Element | null} the live element holding the article */
    this.root = null;
    // Page scripts can dispatch events too: only the reader's own (isTrusted) count.
    this.onPointerMove = throttleFrame(this.view, (/** @type {PointerEvent} */ e) => this.hover(e));
    this.onClick = (/** @type {MouseEvent} */ e) => this.click(e);
    this.onKeyDown = (/** @type {KeyboardEvent} */ e) => this.enter(e);
    this.cursor = -1;
    this.closeTimer = 0;
    this.openTimer = 0;
    /** @type {string} */
    this.pendingKey = '';
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
    this.story = storyKey(this.view.location);
    const story = this.story;
    const started = this.view.performance.now();
    const slicer = new Slicer();
    let extraction = await extractArticleSliced(this.doc, this.extractOptions(this.maxChars), slicer).catch(() => null);
    this.timing('sourcelight-extract', started, this.view.performance.now() - started);
    slicer.endSlice();
    this.timing('sourcelight-longest-slice', started, slicer.longest);
    if (story !== this.story) return; // navigated meanwhile: that run takes over
    if (!extraction) {
      this.triedChars = this.doc.body?.textContent?.length ?? 0;
      this.watcher.watchGrowth(this.doc.body);
      return this.fail({ code: 'not-article', message: 'No article found on this page.' });
    }
    const { skipped } = extraction;
    this.skipped = describeSkipped(skipped);
    const title = extraction.title || this.doc.title;
    const lang = pageLanguage(this.doc, extraction.root);
    let answer = await this.annotate(extraction.text, title, lang);
    if (!answer.ok && answer.error.code === 'timeout' && extraction.text.length >= MIN_RETRY_CHARS) {
      // Too slow for the backend's time limit: annotate the first part rather than nothing.
      const cut = cutTable(extraction, Math.floor(extraction.text.length * RETRY_SHARE));
      extraction = { ...extraction, text: cut.text, segments: cut.segments };
      skipped['over-limit'] += cut.cut;
      this.skipped = describeSkipped(skipped);
      answer = await this.annotate(extraction.text, title, lang);
    }
    if (story !== this.story) return;
    if (!answer.ok) return this.fail(answer.error);
    await this.apply(answer.annotation, extraction.text, extraction);
  }

  /**
   * Extraction options: Readability runs where the transport offers (the background),
   * else, or when that fails, here.
   * @param {number} maxLength @returns {import('../extract/article.js').ExtractOptions}
   */
  extractOptions(maxLength) {
    const elsewhere = this.transport.readability;
    if (!elsewhere) return { maxLength };
    /** @type {import('../extract/article.js').ReadabilityRunner} */
    const readability = async (copy) => {
      const answer = await elsewhere(serializeCopy(copy)).catch(() => null);
      // The background failed (or was replaced meanwhile): reading the page beats a stall.
      return isReadabilityResult(answer) ? answer : readabilityResult(copy);
    };
    return { maxLength, readability };
  }

  /** @param {string} text @param {string} title @param {string} lang @returns {ReturnType<Transport['annotate']>} */
  async annotate(text, title, lang) {
    try {
      return await this.transport.annotate({ text, url: this.pageUrl(), title, ...(lang ? { lang } : {}) });
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
    const start = this.view.performance.now();
    const slicer = new Slicer();
    this.annotation = annotation;
    this.byId = indexAnnotation(annotation);
    this.sentText = sentText;
    this.root = 'root' in current ? /** @type {any} */ (current).root : null;
    installHighlightStyles(this.doc);
    const story = this.story;
    await this.anchorAll(current, slicer);
    if (story !== this.story) return; // navigated away while anchoring
    this.repaint();
    this.timing('sourcelight-paint', start, slicer.elapsed());
    slicer.endSlice();
    this.timing('sourcelight-longest-slice', start, slicer.longest);
    this.listen();
    this.setState('painted');
    void this.firstRun();
  }

  /** The first painted page a reader sees: a card on what the colours mean. */
  async firstRun() {
    if (!this.transport.firstRun || !(await this.transport.firstRun().catch(() => false))) return;
    const anchor = this.painted[0]?.range ?? this.root;
    if (!anchor || this.state !== 'painted') return;
    this.cards ??= new CardHost(this.doc);
    this.openKey = 'intro';
    this.openedFrom = 'intro';
    // Closed in any way ("Got it", ×, Escape) it is seen; replaced by a hovered mark's card it is not.
    this.cards.onClose = () => {
      this.openKey = '';
      this.openedFrom = '';
      this.transport.firstRunDone?.();
    };
    this.cards.open(introCard(this.doc, () => this.cards?.close()), 'intro', anchor, { focus: false });
  }

  /**
   * Place every item in the current text; between slices when a Slicer is given.
   * @param {import('../extract/offset-table.js').OffsetTable} current @param {Slicer} [slicer]
   */
  async anchorAll(current, slicer) {
    /** @type {Placed[]} */
    const anchored = [];
    let missed = 0;
    for (const item of itemsOf(this.annotation)) {
      if (slicer?.due) await slicer.pause();
      const a = anchorSpan(item.span, this.sentText, current);
      if (a) anchored.push({ ...item, range: a.range, start: a.start, end: a.end });
      else missed += 1;
    }
    this.table = current;
    if (slicer?.due) await slicer.pause();
    this.anchored = anchored.sort((x, y) => x.range.compareBoundaryPoints(0 /* START_TO_START */, y.range));
    this.missed = missed;
  }

  /**
   * Paint what the view shows: one layer per character (view-model.js decides),
   * each piece a range; a piece that is a whole item reuses the item's range.
   */
  repaint() {
    const table = this.table;
    if (!table) return;
    const plan = planView(this.anchored.map((a) => ({ item: a, start: a.start, end: a.end })), table.text,
      { mode: this.reading.mode, categories: this.categories });
    /** @type {Painted[]} */
    const painted = [];
    for (const p of plan.pieces) {
      const item = /** @type {Placed} */ (p.item);
      const range = p.whole ? item.range : toRange(table, p.start, p.end);
      if (range) painted.push({ ...item, highlight: p.highlight, range, start: p.start, end: p.end, whole: p.whole });
    }
    this.plan = plan;
    this.painted = painted;
    // Names the view leaves unpainted still answer the pointer (never registered as highlights).
    this.hoverOnly = plan.hoverOnly.map((m) => {
      const item = /** @type {Placed} */ (m.item);
      const range = m.start === item.start && m.end === item.end ? item.range : toRange(table, m.start, m.end);
      return range && { ...item, range, start: m.start, end: m.end };
    }).filter((p) => p !== null);
    this.painter.paint(painted);
    this.rects.invalidate();
    this.hoverRects.invalidate();
    if (this.cards?.isOpen && this.openKey !== 'intro' && !painted.length) this.cards.close();
  }

  /** Re-extract and re-anchor without a backend call (the page re-rendered). */
  async reanchor() {
    if (this.state !== 'painted' || this.reanchoring) return;
    this.reanchoring = true;
    try {
      const slicer = new Slicer();
      const current = await extractArticleSliced(this.doc, this.extractOptions(Math.max(this.maxChars, this.sentText.length)), slicer);
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

  /** Switch mode or reading focus; repaints at once. @param {Partial<View>} view */
  setView(view) {
    this.reading = { ...this.reading, ...view };
    if (!this.reading.focus) {
      this.focusItems = [];
      this.cards?.spotlight.unfocus();
    }
    if (this.state === 'painted') this.repaint();
    this.report();
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
    this.watcher.stopGrowth();
    this.cancelOpen();
    this.cancelClose();
    this.painter.clear();
    this.cards?.destroy();
    this.cards = null;
    this.anchored = [];
    this.painted = [];
    this.hoverOnly = [];
    this.focusItems = [];
    this.plan = null;
    this.table = null;
    this.annotation = null;
    this.byId = new Map();
    this.sentText = '';
    this.skipped = '';
    this.setState('idle');
  }

  /**
   * The page moved to another story without loading a new document (pushState,
   * popstate, the Navigation API). Nothing of the old story may stay painted or be
   * reported; on a site the reader turned on, the new story is annotated once the
   * page has rendered it (a new request); after a one-off click it is left alone.
   */
  navigated() {
    const story = storyKey(this.view.location);
    if (story === this.story || this.state === 'idle') return void (this.story = story);
    this.story = story;
    const wasAuto = this.auto();
    this.clear();
    this.growthTries = 0;
    if (!wasAuto) return;
    this.setState('annotating');
    this.view.setTimeout(() => {
      if (this.story !== story) return;
      this.state = 'idle'; // 'annotating' so far only told the popup and badge; run() for real
      void this.run();
    }, SETTLE_MS);
  }

  /** The page's text grew after a `not-article`: try again, a few times at most. */
  grew() {
    if (this.state !== 'error:not-article') return;
    const chars = this.doc.body?.textContent?.length ?? 0;
    if (chars - this.triedChars < GROWTH_CHARS || this.growthTries >= MAX_GROWTH_RETRIES) return;
    this.growthTries += 1;
    void this.run();
  }

  /** @param {string} name @param {number} start @param {number} duration */
  timing(name, start, duration) {
    this.measures.push({ name, start, duration });
    if (this.measures.length > 50) this.measures.shift();
  }

  /** Painted items, one per item (its first piece), in text order. */
  visibleItems() {
    const seen = new Set();
    return this.painted.filter((p) => !seen.has(p.key) && seen.add(p.key));
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
    this.timeline.push({ state, t: this.view.performance.now() });
    if (this.timeline.length > 50) this.timeline.shift();
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
      view: { ...this.reading, claims: this.plan?.claims ?? null, coverage: this.plan?.coverage ?? null },
      missed: this.missed ?? 0,
      summary: this.annotation?.summary ?? null,
      outlet: this.annotation ? outletLines(this.annotation.outlet) : null,
      url: this.pageUrl(),
      title: this.annotation ? this.doc.title : '',
      skipped: this.skipped,
      // Painted, but this browser lacks the CSS Custom Highlight API: nothing shows.
      canPaint: this.painter.supported,
    };
  }

  /** State the page cannot see, for the extension's own tests and tools. */
  probe() {
    return { ...this.status(), timeline: this.timeline, measures: this.measures, card: this.cards?.describe() ?? null };
  }

  /** Sources and claims for the side panel, with the story they are about. */
  summary() {
    const summary = panelSummary(this.annotation, this.byId);
    if (!summary) return summary;
    // The panel is the overview: every claim, with the ones the page shades marked.
    const shaded = new Set(this.painted.filter((p) => p.category === 'claims').map((p) => p.id));
    return {
      ...summary, url: this.pageUrl(), title: this.doc.title, mode: this.reading.mode,
      claims: summary.claims.map((/** @type {any} */ c) => ({ ...c, shaded: shaded.has(c.id) })),
    };
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
    this.flash(range);
    return true;
  }

  listen() {
    if (this.listening) return;
    this.listening = true;
    this.doc.addEventListener('pointermove', this.onPointerMove, { passive: true });
    this.doc.addEventListener('click', this.onClick, true);
    this.doc.addEventListener('keydown', this.onKeyDown, true);
    this.watcher.start(this.doc.body);
  }

  unlisten() {
    this.listening = false;
    this.doc.removeEventListener('pointermove', this.onPointerMove);
    this.doc.removeEventListener('click', this.onClick, true);
    this.doc.removeEventListener('keydown', this.onKeyDown, true);
    this.cancelOpen();
    this.watcher.stop();
  }

  /**
   * The painted piece under a point, if any. In reading focus only the subject is
   * painted, with its whole ranges. @param {number} x @param {number} y
   */
  itemAt(x, y) {
    const focus = this.focusItems.length > 0;
    const painted = focus ? this.focusItems : this.painted;
    if (!this.painter.supported) return null;
    const hit = /** @type {Placed | null} */ (itemAtPoint(this.view, painted, x, y, this.rects));
    if (hit || focus || !this.hoverOnly.length) return hit;
    // A name the view does not paint (the calm view's cap, the Sources view): its rectangles.
    return /** @type {Placed | null} */ (itemAtPoint(this.view, this.hoverOnly, x, y, this.hoverRects, { rectsOnly: true }));
  }

  /** Hover opens a card after a short rest (hover intent), not on every pass. @param {PointerEvent} e */
  hover(e) {
    if (!e.isTrusted) return;
    if (this.cards && e.target === this.cards.host) return this.cancelClose();
    const item = this.itemAt(e.clientX, e.clientY);
    if (item) {
      this.cancelClose();
      // Compared with the piece that opened the card, so a tab the reader picked stays.
      const key = `${item.kind}:${item.id}`;
      if (this.openedFrom === key && this.cards?.isOpen) return this.cancelOpen();
      if (this.pendingKey === key) return;
      this.cancelOpen();
      this.pendingKey = key;
      this.openTimer = this.view.setTimeout(() => {
        this.openTimer = 0;
        this.pendingKey = '';
        void this.openCard(item, false);
      }, HOVER_OPEN_MS);
    } else {
      this.cancelOpen();
      // The first-run card waits for the reader ("Got it", ×, Escape, or a mark's card):
      // a pointer passing over plain text neither closes it nor marks it seen.
      if (!this.cards?.isOpen || this.closeTimer || this.openKey === 'intro') return;
      this.closeTimer = this.view.setTimeout(() => {
        this.closeTimer = 0;
        this.cards?.close();
      }, 350);
    }
  }

  /** A click or tap on a highlight opens its card at once. @param {MouseEvent} e */
  click(e) {
    if (!e.isTrusted || (this.cards && e.target === this.cards.host)) return;
    const item = this.itemAt(e.clientX, e.clientY);
    if (!item) return;
    this.cancelOpen();
    this.cancelClose();
    void this.openCard(item, false);
  }

  /**
   * Enter with the caret in a highlight (caret browsing, or a selection made with the
   * keyboard) opens its card with focus. Keys in the page's own inputs, links and
   * buttons are left alone.
   * @param {KeyboardEvent} e
   */
  enter(e) {
    if (!e.isTrusted || e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (this.cards && e.target === this.cards.host) return; // a key inside the card is the card's
    const target = /** @type {Element | null} */ (e.target instanceof this.view.Element ? e.target : null);
    if (target?.closest('input, textarea, select, button, a[href], [contenteditable=""], [contenteditable="true"]')) return;
    const sel = this.doc.getSelection();
    if (!sel?.rangeCount || !sel.focusNode) return;
    const { focusNode, focusOffset } = sel;
    // The most specific item under the caret, as for the pointer: painted marks first, then
    // the names this view leaves unpainted.
    /** @param {Placed[]} items */
    const under = (items) => items
      .filter((i) => i.range.isPointInRange(focusNode, focusOffset))
      .sort((a, b) => (RANK[a.category] ?? 9) - (RANK[b.category] ?? 9))[0];
    const item = this.focusItems.length ? under(this.focusItems) : under(this.painted) ?? under(this.hoverOnly);
    if (!item) return;
    e.preventDefault();
    void this.openCard(item, true);
  }

  cancelOpen() {
    this.view.clearTimeout(this.openTimer);
    this.openTimer = 0;
    this.pendingKey = '';
  }

  cancelClose() {
    this.view.clearTimeout(this.closeTimer);
    this.closeTimer = 0;
  }

  /**
   * A keyboard command from the browser (manifest `commands`, Alt+Shift+N / P by
   * default): next / previous highlight, with its card, focused.
   * @param {string} name
   */
  command(name) {
    const step = COMMAND_STEPS.get(name);
    const items = this.visibleItems();
    if (!step || !items.length) return false;
    this.cursor = (this.cursor + step + items.length) % items.length;
    const item = items[this.cursor];
    item.range.startContainer.parentElement?.scrollIntoView?.({ block: 'center' });
    this.flash(item.range);
    void this.openCard(item, true);
    return true;
  }

  /**
   * The card of a painted piece; the other marks on the same words (a claim under a
   * source, a name inside a claim) are tabs of the same card.
   * @param {Placed} piece a painted piece, or in reading focus a whole item of the subject
   * @param {boolean} focus
   */
  openCard(piece, focus) {
    this.openedFrom = `${piece.kind}:${piece.id}`;
    const others = overlapping(this.anchored, piece);
    return this.showCard(piece, [piece, ...others], piece.range, focus);
  }

  /**
   * @param {Placed} item the tab shown @param {Placed[]} tabs @param {Range} anchor
   * @param {boolean} focus
   */
  async showCard(item, tabs, anchor, focus) {
    const record = this.byId.get(item.id);
    if (!record) return;
    this.openKey = `${item.kind}:${item.id}`;
    this.cards ??= new CardHost(this.doc);
    this.cards.onClose = () => {
      this.openKey = '';
      this.openedFrom = '';
      this.focusItems = [];
      this.cards?.spotlight.unfocus();
    };
    const ctx = {
      doc: this.doc,
      byId: this.byId,
      annotation: this.annotation,
      onJump: (/** @type {{start: number, end: number}} */ span) => this.jumpTo({ span }),
      wiki: null,
    };
    const render = { source: sourceCard, claim: claimCard, entity: entityCard }[item.kind];
    const pick = (/** @type {Placed} */ other) => void this.showCard(other, tabs, anchor, false);
    const build = (/** @type {any} */ wiki) =>
      withTabs(ctx.doc, render({ ...ctx, wiki }, record), item, tabs, (t) => this.tabLabel(t), pick);
    this.cards.open(build(null), item.kind, anchor, { focus });
    if (this.reading.focus) this.focusOn(item, this.cards);
    if (item.kind === 'entity' && this.transport.wikipedia) {
      const key = this.openKey;
      const name = this.byId.get(record.group)?.name ?? record.text;
      const wiki = await this.transport.wikipedia(name).catch(() => null);
      if (wiki?.extract && this.openKey === key && this.cards.isOpen) {
        this.cards.open(build(wiki), item.kind, anchor, { focus: false });
      }
    }
  }

  /** Show where a jump landed, drawn in our shadow root (cards/spotlight.js). @param {Range} range */
  flash(range) {
    this.cards ??= new CardHost(this.doc);
    this.cards.spotlight.flash(range);
  }

  /**
   * Reading focus: the card's subject stays clear, the rest of the article fades under
   * a veil in the card host's shadow root; only the subject answers the pointer.
   * @param {Placed} item @param {CardHost} cards
   */
  focusOn(item, cards) {
    const subject = subjectOf(this.anchored, item);
    if (!subject.length) return;
    this.focusItems = subject;
    cards.spotlight.focus(subject.map((s) => s.range), cards.dark);
  }

  /** A tab's name: "Source: Syrian Observatory", "Claim", "Name: Clyburn". @param {Placed} item */
  tabLabel(item) {
    const record = this.byId.get(item.id);
    if (item.kind === 'claim') return 'Claim';
    if (item.kind === 'source') return `Source: ${record?.name ?? ''}`;
    return `Name: ${this.byId.get(record?.group)?.name ?? record?.text ?? ''}`;
  }
}

/** Keyboard commands (manifest `commands`) and the step each takes through the highlights. */
const COMMAND_STEPS = new Map([['next-highlight', 1], ['previous-highlight', -1]]);

/** Wait after a navigation for the page to render the new story before extracting it. */
const SETTLE_MS = 600;

/**
 * The language the page says its article is in: the nearest `lang` on or above the
 * article's element, else the document's; '' when the page does not say. The backend
 * weighs it only when the text is too short to judge (templates often say "en" for all).
 * @param {Document} doc @param {Element | null | undefined} root
 */
function pageLanguage(doc, root) {
  const marked = root?.closest?.('[lang]') ?? doc.documentElement;
  return (marked?.getAttribute('lang') ?? '').trim().slice(0, 64);
}

/** The story a location shows: origin, path and query; the fragment is a place in it. @param {Location} loc */
function storyKey(loc) {
  return `${loc.origin}${loc.pathname}${loc.search}`;
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
