// @ts-check
import { ext } from '../shared/ext.js';

/** The id of the tab the popup or panel is about. */
export async function activeTabId() {
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? -1;
}

/** @param {string} id */
export function byId(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}
