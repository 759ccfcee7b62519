// @ts-check
/**
 * Per-site access. The content script is never declared for every site: it is
 * registered (scripting.registerContentScripts) only for the sites the reader turned
 * on AND granted (permissions.request from the popup), re-synced whenever the list or
 * the granted permissions change and when the background starts. Any other page gets
 * it only on a click ("Annotate this page": activeTab + scripting.executeScript).
 */
import { ext } from '../shared/ext.js';
import { loadSettings, siteOrigins } from '../shared/settings.js';

export const SCRIPT_ID = 'sourcelight-sites';
export const CONTENT_JS = 'extension/dist/content.js';

/** The listed sites whose access the reader granted, as match patterns. */
export async function grantedPatterns() {
  const { autoAnnotate } = await loadSettings();
  /** @type {string[]} */
  const patterns = [];
  for (const host of autoAnnotate) {
    const origins = siteOrigins(host);
    const granted = await ext.permissions.contains({ origins }).catch(() => false);
    if (granted) patterns.push(...origins);
  }
  return patterns;
}

let queue = Promise.resolve(/** @type {string[]} */ ([]));

/**
 * Make the registered content script match exactly the granted, listed sites.
 * Calls are serialised: two overlapping syncs would register the same id twice.
 * @returns {Promise<string[]>} the patterns now registered
 */
export function syncContentScripts() {
  queue = queue.catch(() => []).then(async () => {
    const patterns = await grantedPatterns();
    const existing = await ext.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (!patterns.length) {
      if (existing.length) await ext.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
      return [];
    }
    const script = { id: SCRIPT_ID, matches: patterns, js: [CONTENT_JS], runAt: /** @type {const} */ ('document_idle') };
    if (existing.length) await ext.scripting.updateContentScripts([script]);
    else await ext.scripting.registerContentScripts([{ ...script, persistAcrossSessions: false }]);
    return patterns;
  });
  return queue;
}
