// @ts-check
/**
 * The browser's WebExtension API as the extension's pages and background use it,
 * kept in memory (the browser is what is faked here, never a Sourcelight module), and
 * a loader that runs an entry point's real bundle in a fresh jsdom window with its
 * real HTML page. Every call the code makes is recorded in `api.calls`.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';

const root = new URL('../../', import.meta.url).pathname;

/** An event like chrome.runtime.onMessage. */
function event() {
  /** @type {Function[]} */
  const listeners = [];
  return {
    listeners,
    addListener: (/** @type {Function} */ fn) => void listeners.push(fn),
    removeListener: (/** @type {Function} */ fn) => void listeners.splice(listeners.indexOf(fn) >>> 0, 1),
    hasListener: (/** @type {Function} */ fn) => listeners.includes(fn),
    /** @param {...any} args */
    fire: (...args) => listeners.map((fn) => fn(...args)),
  };
}

/**
 * @param {{storage?: Record<string, any>, tabs?: {id: number, url: string, active?: boolean}[],
 *          granted?: string[], grant?: boolean, background?: (msg: any, sender: any) => any,
 *          contentScript?: (tabId: number, msg: any) => any}} [options]
 *   `background` answers runtime.sendMessage (as the background would), `contentScript`
 *   answers tabs.sendMessage (throw: no content script in that tab); `grant` answers
 *   permissions.request.
 */
export function fakeChrome(options = {}) {
  /** @type {{api: string, args: any[]}[]} */
  const calls = [];
  const record = (/** @type {string} */ api, /** @type {any[]} */ args) => void calls.push({ api, args: structuredClone(args) });
  const store = structuredClone(options.storage ?? {});
  const granted = new Set(options.granted ?? []);
  const tabs = options.tabs ?? [{ id: 7, url: 'https://news.example.com/story', active: true }];
  /** @type {Record<string, Record<number | string, string>>} */
  const badge = { text: {}, color: {}, title: {} };
  const onChanged = event();
  const onMessage = event();
  /** @type {Map<string, any>} content scripts registered with scripting.registerContentScripts */
  const registered = new Map();

  const api = {
    calls,
    badge,
    storage: {
      onChanged,
      local: {
        /** @param {string | string[] | null} keys */
        async get(keys) {
          record('storage.local.get', [keys]);
          if (keys === null || keys === undefined) return structuredClone(store);
          const list = typeof keys === 'string' ? [keys] : keys;
          return Object.fromEntries(list.filter((k) => k in store).map((k) => [k, structuredClone(store[k])]));
        },
        /** @param {Record<string, any>} items */
        async set(items) {
          record('storage.local.set', [items]);
          /** @type {Record<string, any>} */
          const changes = {};
          for (const [k, v] of Object.entries(items)) {
            changes[k] = { oldValue: store[k], newValue: structuredClone(v) };
            store[k] = structuredClone(v);
          }
          onChanged.fire(changes, 'local');
        },
        /** @param {string | string[]} keys */
        async remove(keys) {
          for (const k of [keys].flat()) delete store[k];
        },
      },
    },
    store,
    runtime: {
      id: 'sourcelight-test',
      onMessage,
      onInstalled: event(),
      onStartup: event(),
      getURL: (/** @type {string} */ path) => `${ORIGIN}/${path.replace(/^\//, '')}`,
      /** @param {any} msg */
      async sendMessage(msg) {
        record('runtime.sendMessage', [msg]);
        return options.background ? options.background(structuredClone(msg), pageSender('popup')) : undefined;
      },
    },
    tabs: {
      onActivated: event(),
      onUpdated: event(),
      onRemoved: event(),
      /** @param {number} tabId */
      async get(tabId) {
        const tab = tabs.find((t) => t.id === tabId);
        if (!tab) throw new Error(`No tab with id: ${tabId}.`);
        return { ...tab };
      },
      /** @param {any} query */
      async query(query) {
        record('tabs.query', [query]);
        return query?.active ? tabs.filter((t) => t.active) : tabs;
      },
      /** @param {number} tabId @param {any} msg */
      async sendMessage(tabId, msg) {
        record('tabs.sendMessage', [tabId, msg]);
        if (!options.contentScript) throw new Error('Could not establish connection. Receiving end does not exist.');
        return options.contentScript(tabId, structuredClone(msg));
      },
    },
    permissions: {
      onAdded: event(),
      onRemoved: event(),
      async getAll() {
        return { origins: [...granted], permissions: [] };
      },
      /** @param {{origins: string[]}} p */
      async contains(p) {
        record('permissions.contains', [p]);
        return p.origins.every((o) => granted.has(o));
      },
      /** @param {{origins: string[]}} p */
      async request(p) {
        record('permissions.request', [p]);
        if (options.grant) p.origins.forEach((o) => granted.add(o));
        return Boolean(options.grant);
      },
    },
    scripting: {
      /** @param {any} details */
      async executeScript(details) {
        record('scripting.executeScript', [details]);
        return [];
      },
      /** @param {any[]} scripts */
      async registerContentScripts(scripts) {
        record('scripting.registerContentScripts', [scripts]);
        for (const script of scripts) registered.set(script.id, structuredClone(script));
      },
      /** @param {any[]} scripts */
      async updateContentScripts(scripts) {
        record('scripting.updateContentScripts', [scripts]);
        for (const script of scripts) registered.set(script.id, { ...registered.get(script.id), ...structuredClone(script) });
      },
      /** @param {{ids?: string[]}} [filter] */
      async unregisterContentScripts(filter) {
        record('scripting.unregisterContentScripts', [filter]);
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
      },
      /** @param {{ids?: string[]}} [filter] */
      async getRegisteredContentScripts(filter) {
        return [...registered.values()].filter((script) => !filter?.ids || filter.ids.includes(script.id));
      },
    },
    commands: { onCommand: event(), async getAll() { return []; } },
    action: {
      /** @param {{tabId: number, text: string}} d */
      async setBadgeText(d) { badge.text[d.tabId] = d.text; },
      /** @param {{tabId: number, color: string}} d */
      async setBadgeBackgroundColor(d) { badge.color[d.tabId] = d.color; },
      /** @param {{tabId: number, title: string}} d */
      async setTitle(d) { badge.title[d.tabId] = d.title; },
    },
    sidePanel: {
      async setPanelBehavior() {},
      /** @param {any} d */
      async open(d) { record('sidePanel.open', [d]); },
    },
    /**
     * Deliver a message to the background's runtime.onMessage listener; its answer,
     * copied across as the browser copies messages. The sender is what the browser
     * would name: `pageSender(...)` or `contentSender(tab)`.
     * @param {any} msg @param {any} [sender]
     */
    deliver(msg, sender = pageSender('popup')) {
      return new Promise((resolve) => {
        const answer = (/** @type {any} */ value) => resolve(value === undefined ? undefined : structuredClone(value));
        let async = false;
        for (const fn of onMessage.listeners) async = fn(msg, sender, answer) === true || async;
        if (!async) resolve(undefined);
      });
    },
    /** @param {string} name */
    called: (name) => calls.filter((c) => c.api === name).map((c) => c.args),
  };
  return api;
}

const ORIGIN = 'chrome-extension://sourcelight-test';

/** The sender the browser names for one of the extension's own pages. @param {'popup' | 'panel' | 'options'} name */
export function pageSender(name) {
  return { id: 'sourcelight-test', url: `${ORIGIN}/extension/${name}.html`, origin: ORIGIN };
}

/** The sender the browser names for the content script in a tab's top frame. @param {{id: number, url: string}} tab */
export function contentSender(tab) {
  return { id: 'sourcelight-test', tab: { ...tab }, frameId: 0, url: tab.url, origin: new URL(tab.url).origin };
}

/** @type {Map<string, string>} */
const bundles = new Map();

/** The entry point bundled as build.mjs bundles it (in memory, so never stale). @param {string} entry */
export async function bundle(entry) {
  if (!bundles.has(entry)) {
    const out = await build({
      entryPoints: [`${root}extension/src/${entry}.js`], bundle: true, write: false, format: 'iife',
      target: ['chrome120', 'firefox128'], logLevel: 'silent',
    });
    bundles.set(entry, out.outputFiles[0].text);
  }
  return /** @type {string} */ (bundles.get(entry));
}

/**
 * An extension page (popup, panel, options) as the browser shows it: its HTML from
 * extension/, its bundle run in the window, `chrome` being `api`.
 * @param {'popup' | 'panel' | 'options'} name @param {ReturnType<typeof fakeChrome>} api
 * @param {{fetch?: typeof fetch}} [extra]
 */
export async function openPage(name, api, extra = {}) {
  const html = readFileSync(`${root}extension/${name}.html`, 'utf8').replace(/<script[^>]*><\/script>/g, '');
  const dom = new JSDOM(html, { url: `${ORIGIN}/extension/${name}.html`, runScripts: 'outside-only' });
  const win = /** @type {any} */ (dom.window);
  win.chrome = api;
  if (extra.fetch) win.fetch = extra.fetch;
  win.eval(await bundle(name));
  return { window: win, document: /** @type {Document} */ (win.document), close: () => win.close() };
}

/**
 * The background script in a fresh global of its own with `chrome` being `api`.
 * @param {ReturnType<typeof fakeChrome>} api @param {typeof fetch} [fetchImpl]
 */
export async function startBackground(api, fetchImpl) {
  const dom = new JSDOM('', { url: `${ORIGIN}/background.html`, runScripts: 'outside-only' });
  const win = /** @type {any} */ (dom.window);
  win.chrome = api;
  win.fetch = fetchImpl ?? (async () => { throw new TypeError('no network in this test'); });
  win.eval(await bundle('background'));
  return { close: () => win.close() };
}

/** Wait until `check()` is truthy (the page works asynchronously); its value. @template T @param {() => T} check */
export async function until(check, what = 'condition', timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A JSON answer as fetch gives it. @param {number} status @param {any} body */
export const reply = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
