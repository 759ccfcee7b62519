// @ts-check
/**
 * Who sent a runtime message. Content scripts run inside pages a hostile site controls
 * (a compromised renderer can send anything a content script can), so each message
 * type is accepted from one kind of sender only, and a content script's tab is the one
 * the browser names in `sender.tab`, never one named in the message.
 */
import { ext } from '../shared/ext.js';

/** @param {chrome.runtime.MessageSender} sender */
function ownExtension(sender) {
  return sender.id === ext.runtime.id;
}

/**
 * Our own extension pages (popup, side panel, options), wherever they are open: the
 * browser sets `sender.url` to the sending document's URL, which for a content script is
 * the web page's.
 * @param {chrome.runtime.MessageSender} sender
 */
export function fromExtensionPage(sender) {
  const base = ext.runtime.getURL('');
  return ownExtension(sender) && typeof sender.url === 'string' && sender.url.startsWith(base);
}

/**
 * Our content script in a tab's top frame; its tab id, or null.
 * @param {chrome.runtime.MessageSender} sender
 * @returns {number | null}
 */
export function contentTab(sender) {
  if (!ownExtension(sender) || fromExtensionPage(sender)) return null;
  const id = sender.tab?.id;
  return typeof id === 'number' && id >= 0 && (sender.frameId ?? 0) === 0 ? id : null;
}

/**
 * A tab id named by an extension page: a non-negative integer of a tab that exists.
 * @param {unknown} value @returns {Promise<number | null>}
 */
export async function existingTab(value) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return null;
  try {
    await ext.tabs.get(value);
    return value;
  } catch {
    return null;
  }
}
