// @ts-check
/**
 * The popup's view choice: Calm / Sources / Claims / Everything, kept per site
 * (`siteModes`), the reading-focus switch (`focusMode`), and the sentence that
 * says which claims the calm view shades on this page and why.
 */
import { ext } from '../shared/ext.js';
import { loadSettings, modeFor, normalizeHost } from '../shared/settings.js';
import { CLAIM_QUANTILE, CLAIM_MIN_SCORE, CLAIM_SHARE_CAP, TOTAL_SHARE_CAP } from '../overlay/view-model.js';
import { byId } from './active-tab.js';

/** Check the site's mode and wire the radios and the focus box. @param {string} host */
export async function renderView(host) {
  const settings = await loadSettings();
  const mode = modeFor(settings, host);
  byId('mode-host').textContent = host;
  for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="mode"]'))) {
    radio.checked = radio.value === mode;
    radio.onchange = async () => {
      if (!radio.checked) return;
      const { siteModes } = await loadSettings();
      await ext.storage.local.set({ siteModes: { ...siteModes, [normalizeHost(host)]: radio.value } });
    };
  }
  const focus = /** @type {HTMLInputElement} */ (byId('focus-mode'));
  focus.checked = settings.focusMode;
  focus.onchange = () => ext.storage.local.set({ focusMode: focus.checked });
}

const pct = (/** @type {number} */ x) => `${Math.round(x * 100)}%`;

/**
 * "Shaded: the 6 most check-worthy of 24 claims (score 83% or more), 14% of the text. ..."
 * @param {any} view the overlay status' `view`
 */
export function explainClaims(view) {
  const c = view?.claims;
  if (!c) return '';
  if (view.mode !== 'calm') {
    return view.mode === 'sources' ? 'Claims are not shaded in this view.' : `All ${c.total} claims are shaded by strength.`;
  }
  const rule = `The calm view shades the top ${pct(CLAIM_QUANTILE)} of an article's claims by check-worthiness ` +
    `(${pct(CLAIM_MIN_SCORE)} or more), never more than ${pct(CLAIM_SHARE_CAP)} of its text, and keeps all marks under ` +
    `${pct(TOTAL_SHARE_CAP)} of it.`;
  if (!c.shaded) return `No claim is shaded on this page. ${rule}`;
  const shaded = `Shaded: the ${c.shaded} most check-worthy of ${c.total} claims (score ${pct(c.minScore)} or more), ` +
    `${pct(c.share)} of the text${c.capped ? ', stopped by the cap' : ''}.`;
  return `${shaded} ${rule}`;
}
