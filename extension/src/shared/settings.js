// @ts-check
/**
 * Settings in storage.local under documented keys, so an administrator or a test
 * can write them directly; every reader listens to storage.onChanged, so a change
 * takes effect at once.
 */
import { ext } from './ext.js';
import { DEFAULT_CATEGORIES, DEFAULT_MAX_CHARS } from './defaults.js';
import { asMode, DEFAULT_MODE } from '../overlay/view-model.js';

/**
 * @typedef Settings
 * @prop {string} backendUrl
 * @prop {string} apiToken
 * @prop {string[]} autoAnnotate hostnames annotated on load
 * @prop {{entities: boolean, claims: boolean, sources: boolean, hedges: boolean}} categories
 * @prop {boolean} wikipediaSummaries
 * @prop {number} maxChars most characters of article text sent; the rest is reported skipped
 * @prop {import('../overlay/view-model.js').Mode} viewMode the view on sites without their own
 * @prop {Record<string, import('../overlay/view-model.js').Mode>} siteModes hostname -> view, set in the popup
 * @prop {boolean} focusMode reading focus: an open card fades the rest of the article
 * @prop {boolean} firstRunSeen the first-run card was dismissed
 */

/** @type {Settings} */
export const DEFAULTS = {
  backendUrl: 'http://127.0.0.1:8765',
  apiToken: '',
  autoAnnotate: [],
  categories: { ...DEFAULT_CATEGORIES },
  wikipediaSummaries: true,
  maxChars: DEFAULT_MAX_CHARS,
  viewMode: DEFAULT_MODE,
  siteModes: {},
  focusMode: false,
  firstRunSeen: false,
};

/**
 * Stored values over defaults; malformed values fall back to the default.
 * @param {Record<string, any>} stored
 * @returns {Settings}
 */
export function withDefaults(stored) {
  const s = stored ?? {};
  return {
    backendUrl: typeof s.backendUrl === 'string' && s.backendUrl.trim() ? s.backendUrl.trim().replace(/\/+$/, '') : DEFAULTS.backendUrl,
    apiToken: typeof s.apiToken === 'string' ? s.apiToken : '',
    autoAnnotate: Array.isArray(s.autoAnnotate) ? s.autoAnnotate.filter((h) => typeof h === 'string').map(normalizeHost) : [],
    categories: { ...DEFAULTS.categories, ...(s.categories && typeof s.categories === 'object' ? s.categories : {}) },
    wikipediaSummaries: typeof s.wikipediaSummaries === 'boolean' ? s.wikipediaSummaries : DEFAULTS.wikipediaSummaries,
    maxChars: Number.isInteger(s.maxChars) && s.maxChars >= 1_000 ? s.maxChars : DEFAULTS.maxChars,
    viewMode: asMode(s.viewMode),
    siteModes: Object.fromEntries(Object.entries(s.siteModes && typeof s.siteModes === 'object' ? s.siteModes : {})
      .map(([host, mode]) => [normalizeHost(host), asMode(mode)])),
    focusMode: s.focusMode === true,
    firstRunSeen: s.firstRunSeen === true,
  };
}

/** The view for a site: its own (popup), else the global one. @param {Settings} settings @param {string} hostname */
export function modeFor(settings, hostname) {
  return settings.siteModes[normalizeHost(hostname)] ?? settings.viewMode;
}

/** @returns {Promise<Settings>} */
export async function loadSettings() {
  return withDefaults(await ext.storage.local.get(null));
}

/** @param {(settings: Settings, changedKeys: string[]) => void} fn */
export function onSettingsChanged(fn) {
  ext.storage.onChanged.addListener(async (changes, area) => {
    if (area !== 'local') return;
    fn(await loadSettings(), Object.keys(changes));
  });
}

/** "WWW.Example.com." -> "www.example.com" @param {string} host */
export function normalizeHost(host) {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** Is `hostname` (or a parent domain of it) in the list? @param {string[]} list @param {string} hostname */
export function siteEnabled(list, hostname) {
  const host = normalizeHost(hostname);
  return list.some((h) => host === h || host.endsWith(`.${h}`));
}

/** Loopback backends need no permission prompt (they are in host_permissions). @param {string} url */
export function isLoopback(url) {
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  } catch {
    return false;
  }
}

/**
 * Host-permission patterns for a site on the list: the host and its subdomains (a parent
 * domain covers its subdomains), http and https. Two patterns, because a `*://` pattern is
 * not inside the manifest's optional `http://*\/*` or `https://*\/*` alone.
 * @param {string} host normalised hostname
 */
export function siteOrigins(host) {
  const literal = /^[\d.]+$/.test(host) || host.startsWith('[');
  const name = literal ? host : `*.${host}`;
  return [`http://${name}/*`, `https://${name}/*`];
}

/** The host-permission pattern for a backend origin. @param {string} url */
export function originPattern(url) {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

/**
 * A token sent over plain http to another machine can be read on the way: say so. The
 * loopback interface never leaves this computer, so it is exempt.
 * @param {string} url @param {string} token
 */
export function tokenInTheClear(url, token) {
  if (!token) return false;
  try {
    return new URL(url).protocol === 'http:' && !isLoopback(url);
  } catch {
    return false;
  }
}
