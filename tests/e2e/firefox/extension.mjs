// @ts-check
/**
 * The add-on in Firefox seen through its own channel, the JS counterpart of
 * harness.py's `Extension` and page probes: every call runs in one of the add-on's
 * own pages (moz-extension://<uuid>/extension/options.html, opened in a tab) with
 * the WebExtension API, never through hooks a web page could read. Status and
 * "Annotate this page" are the popup's own messages to the background.
 *
 * Firefox has no DevTools protocol to pierce the card's closed shadow root; the
 * add-on's own content-script world can (`openOrClosedShadowRoot`, Firefox only),
 * so the card and highlight probes run there via `scripting.executeScript`.
 */

export class FirefoxExtension {
  /** @param {import('puppeteer-core').Page} page an extension page of the add-on */
  constructor(page) {
    this.page = page;
  }

  /** @param {Record<string, unknown>} items */
  async set(items) {
    await this.page.evaluate((i) => chrome.storage.local.set(i), items);
  }

  /**
   * Grant an optional host permission as a reader does: `permissions.request` inside a
   * real (trusted) click on the add-on's page. The profile's
   * `extensions.webextOptionalPermissionPrompts=false` answers Firefox's prompt.
   * @param {string} origin e.g. "http://news.sourcelight.test/*"
   */
  async grantOrigin(origin) {
    await this.page.evaluate((o) => {
      /** @type {any} */ (window).__granted = new Promise((resolve) => {
        document.addEventListener('click', () => resolve(chrome.permissions.request({ origins: [o] })), { once: true });
      });
    }, origin);
    await this.page.mouse.click(5, 5);
    const granted = await this.page.evaluate(() => /** @type {any} */ (window).__granted);
    const held = await this.page.evaluate((o) => chrome.permissions.contains({ origins: [o] }), origin);
    return Boolean(granted && held);
  }

  /** The tab id showing `url`. @param {string} url */
  async tabIdOf(url) {
    return this.page.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? null;
    }, url);
  }

  /** A message from an extension page to the background, as the popup sends it. @param {any} message */
  async send(message) {
    return this.page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  }

  /** "Annotate this page", the popup's button: the background brings the content script. @param {number} tabId */
  async annotateThisPage(tabId) {
    return this.send({ type: 'annotate-now', tabId });
  }

  /** The tab's status as the popup gets it: {state, error, counts, summary, outlet, ...}. @param {number} tabId */
  async status(tabId) {
    return this.send({ type: 'get-status', tabId });
  }

  /** Wait until the tab is painted or failed; its last status. @param {number} tabId */
  async waitSettled(tabId, timeoutMs = 120_000) {
    const end = Date.now() + timeoutMs;
    let status = null;
    while (Date.now() < end) {
      status = await this.status(tabId);
      const state = status?.state ?? '';
      if (state === 'painted' || state.startsWith('error')) return status;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`not settled after ${timeoutMs} ms; last status ${JSON.stringify(status)}`);
  }

  /** @param {number} tabId */
  async badge(tabId) {
    return this.page.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  }

  /**
   * A point inside a range of highlight `name` (scrolled into view), found in the
   * add-on's content-script world. @param {number} tabId @param {string} name @param {string} [prefer]
   */
  async highlightPoint(tabId, name, prefer = '') {
    return this.inTab(tabId, (n, p) => {
      // Firefox's content-script world cannot iterate a page object through its Xray
      // wrapper: iterate the unwrapped registry (read only, inside the add-on's world).
      const registry = /** @type {any} */ (CSS.highlights).wrappedJSObject ?? CSS.highlights;
      const hl = registry.get(n);
      if (!hl) return null;
      const ranges = [...hl].filter((r) => r.toString().trim());
      ranges.sort((a, b) => Number(b.toString().includes(p)) - Number(a.toString().includes(p)));
      for (const r of ranges) {
        const node = r.startContainer;
        const el = node.nodeType === 1 ? /** @type {Element} */ (node) : node.parentElement;
        // Primitive arguments only: an object made here cannot be read by the unwrapped page element.
        el?.scrollIntoView(true);
        window.scrollBy(0, -window.innerHeight / 3);
        const rect = [...r.getClientRects()].find((b) => b.width > 2 && b.height > 2);
        if (rect) return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2, text: r.toString() };
      }
      return null;
    }, [name, prefer]);
  }

  /**
   * The card as a reader sees it: {open, heading, text, spotlight} from inside its closed shadow
   * root, on whichever element of the page's root hosts it (its name is no contract).
   * @param {number} tabId
   */
  async card(tabId) {
    return this.inTab(tabId, () => {
      for (const host of document.documentElement.children) {
        const root = /** @type {any} */ (host).openOrClosedShadowRoot;
        const card = root?.querySelector('.card');
        if (!card) continue;
        // The reading-focus veil: one closed subpath for the viewport, one per hole.
        const veil = root.querySelector('.veil');
        const clip = veil?.style.clipPath ?? '';
        const spotlight = { veiled: Boolean(veil && !veil.hidden), clipped: clip !== '',
          holes: Math.max(0, (clip.match(/z/gi) ?? []).length - 1) };
        return { open: !card.hidden, heading: card.querySelector('h2')?.textContent ?? '', text: card.innerText ?? '',
          spotlight };
      }
      return null;
    }, []);
  }

  /** Wait for an open card. @param {number} tabId */
  async waitCardOpen(tabId, timeoutMs = 15_000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const card = await this.card(tabId);
      if (card?.open) return card;
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.card(tabId);
  }

  /**
   * Run `func(...args)` in the add-on's content-script world of the tab; its result.
   * @template T @param {number} tabId @param {(...a: any[]) => T} func @param {any[]} args
   */
  async inTab(tabId, func, args) {
    // Built as source: the add-on page's CSP forbids eval, but WebDriver BiDi's own
    // evaluation is not subject to it.
    // A probe that throws says so, instead of looking like "nothing found".
    const call = `(async () => {
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: ${JSON.stringify(tabId)} },
        func: (...a) => { try { return { value: (${func.toString()})(...a) }; } catch (e) { return { error: String(e) }; } },
        args: ${JSON.stringify(args)} });
      return result?.result ?? { error: 'no result' };
    })()`;
    const answer = await this.page.evaluate(call);
    if (answer.error) throw new Error(`probe failed in tab ${tabId}: ${answer.error}`);
    return answer.value ?? null;
  }
}
