// @ts-check
/**
 * The toolbar badge per tab: a count when painted, "!" with the reason on an error, and
 * on a page in a language the backend's model cannot read, that language's code ("KO")
 * in grey with the backend's sentence as its title: not a fault, nothing is painted.
 */
import { ext } from '../shared/ext.js';

/** @param {number} tabId @param {{state: string, error?: {message: string, language?: string} | null, summary?: any}} status */
export async function showStatus(tabId, status) {
  const action = ext.action;
  let text = '';
  let title = 'Sourcelight';
  let color = '#2563eb';
  if (status.state === 'annotating') text = '…';
  else if (status.state === 'error:unsupported-language') {
    text = (status.error?.language ?? '?').toUpperCase();
    color = '#6b7280';
    title = `Sourcelight: ${status.error?.message ?? 'this page\'s language cannot be read'}`;
  } else if (status.state.startsWith('error:')) {
    text = '!';
    color = '#dc2626';
    title = `Sourcelight: ${status.error?.message ?? status.state}`;
  } else if (status.state === 'painted') {
    const s = status.summary ?? {};
    text = String(s.sources ?? '');
    title = `Sourcelight: ${s.sources ?? 0} sources, ${s.checkworthy_claims ?? 0} check-worthy claims`;
  }
  try {
    await action.setBadgeBackgroundColor({ tabId, color });
    await action.setBadgeText({ tabId, text });
    await action.setTitle({ tabId, title });
  } catch {
    // The tab closed meanwhile.
  }
}
