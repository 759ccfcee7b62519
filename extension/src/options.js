// @ts-check
/** Options: backend URL (with "Test connection"), API token, auto-annotated sites, longest text sent, Wikipedia. */
import { ext } from './shared/ext.js';
import { loadSettings, isLoopback, originPattern, normalizeHost, DEFAULTS, tokenInTheClear } from './shared/settings.js';
import { health } from './shared/backend-client.js';
import { byId } from './ui/active-tab.js';

const field = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));

async function fill() {
  const s = await loadSettings();
  field('backendUrl').value = s.backendUrl;
  field('apiToken').value = s.apiToken;
  field('autoAnnotate').value = s.autoAnnotate.join('\n');
  field('wikipediaSummaries').checked = s.wikipediaSummaries;
  field('maxChars').value = String(s.maxChars);
  warnPlainHttp();
}

function warnPlainHttp() {
  const warning = byId('http-warning');
  const on = tokenInTheClear(backendUrl(), field('apiToken').value);
  warning.hidden = !on;
  warning.textContent = on
    ? 'Warning: this backend is not on this computer and is reached over plain http, so the API token (and the article text) travel unencrypted. Use https.'
    : '';
}
field('backendUrl').addEventListener('input', warnPlainHttp);
field('apiToken').addEventListener('input', warnPlainHttp);

/** Ask for the optional host permission a non-loopback backend needs (inside the click). @param {string} url */
async function allowBackend(url) {
  if (isLoopback(url)) return true;
  return ext.permissions.request({ origins: [originPattern(url)] });
}

function backendUrl() {
  return field('backendUrl').value.trim().replace(/\/+$/, '') || DEFAULTS.backendUrl;
}

byId('test').addEventListener('click', async () => {
  const out = byId('test-result');
  const url = backendUrl();
  if (!(await allowBackend(url))) return void (out.textContent = 'Permission to reach this backend was refused.');
  out.textContent = 'Testing…';
  const result = await health(url, field('apiToken').value);
  out.className = result.ok ? 'ok' : 'error';
  out.textContent = result.ok ? `Connected (${result.data.status ?? 'ok'})` : result.error.message;
});

byId('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const url = backendUrl();
  const granted = await allowBackend(url);
  await ext.storage.local.set({
    backendUrl: url,
    apiToken: field('apiToken').value,
    autoAnnotate: field('autoAnnotate').value.split(/\s+/).map(normalizeHost).filter(Boolean),
    wikipediaSummaries: field('wikipediaSummaries').checked,
    maxChars: Math.max(1_000, Math.round(Number(field('maxChars').value) || DEFAULTS.maxChars)),
  });
  byId('saved').textContent = granted ? 'Saved.' : 'Saved, but the backend is not allowed yet.';
});

fill();
