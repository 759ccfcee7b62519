// @ts-check
import { ext } from '../shared/ext.js';

/**
 * The id of the tab the popup or panel is about: the `tab` query parameter when an
 * extension page opened it for a given tab (in a tab of its own), else the active tab.
 */
export async function activeTabId() {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(named) && named >= 0 && new URLSearchParams(location.search).has('tab')) return named;
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? -1;
}

/** @param {string} id */
export function byId(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}
