// @ts-check
/**
 * Talks to a Sourcelight backend, turning every failure into an error a reader
 * understands ({code, message}) instead of an exception.
 */

/**
 * @typedef {{code: string, message: string, language?: string}} ErrorInfo
 *   `language`: with `unsupported-language`, the code of the language the page is in
 * @typedef {{ok: true, data: any} | {ok: false, error: ErrorInfo}} Result
 */

const MESSAGES = /** @type {Record<string, string>} */ ({
  'backend-down': 'The Sourcelight backend is not reachable. Is it running?',
  unauthorized: 'The backend refused the API token. Check the token in the options.',
  'too-long': 'This page is too long for the backend to annotate.',
  'rate-limited': 'The backend is busy (rate limit). Try again in a minute.',
  'model-loading': 'The backend is still loading its language model. Try again shortly.',
  'bad-request': 'The backend could not read the request.',
  'bad-response': 'The backend sent an answer the extension cannot read.',
  'server-error': 'The backend failed while annotating this page.',
  timeout: 'This page took the backend too long to annotate. Try a shorter page, or lower "longest text sent" in the options.',
});

const BY_STATUS = /** @type {Record<number, string>} */ ({
  400: 'bad-request', 401: 'unauthorized', 403: 'unauthorized', 413: 'too-long', 415: 'bad-request', 429: 'rate-limited', 503: 'model-loading',
});

/** Codes whose message the backend writes best: it knows the page's language and its model's. */
const BACKEND_WORDS = /** @type {Record<string, string>} */ ({
  'unsupported-language': 'This page is in a language the backend\'s model cannot read.',
});

/** @param {string} code @param {string} [detail] @returns {ErrorInfo} */
export function errorInfo(code, detail) {
  if (Object.hasOwn(BACKEND_WORDS, code)) return { code, message: detail || BACKEND_WORDS[code] };
  return { code, message: MESSAGES[code] ?? detail ?? code };
}

/**
 * The documented error code for a failed HTTP answer: by status, the backend's own
 * code where it is one we know (422 `timeout`), else `server-error`, never `http-NNN`.
 * @param {number} status @param {any} data the parsed body, or null
 */
export function errorCode(status, data) {
  const own = data?.error?.code;
  if (status === 422 && own === 'timeout') return 'timeout';
  if (status === 422 && own === 'unsupported_language') return 'unsupported-language';
  return BY_STATUS[status] ?? 'server-error';
}

/**
 * @param {string} baseUrl
 * @param {string} token
 * @param {string} path
 * @param {RequestInit} [init]
 * @param {typeof fetch} [fetchImpl]
 * @returns {Promise<Result>}
 */
export async function request(baseUrl, token, path, init = {}, fetchImpl = fetch) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (init.body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetchImpl(`${baseUrl}${path}`, { ...init, headers, credentials: 'omit' });
  } catch {
    return { ok: false, error: errorInfo('backend-down') };
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const code = errorCode(response.status, data);
    const error = errorInfo(code, typeof data?.error?.message === 'string' ? data.error.message : undefined);
    const language = data?.error?.language?.detected;
    if (code === 'unsupported-language' && typeof language === 'string') error.language = language.slice(0, 8);
    return { ok: false, error };
  }
  if (!data || typeof data !== 'object') return { ok: false, error: errorInfo('bad-response') };
  return { ok: true, data };
}

/**
 * @param {string} baseUrl @param {string} token
 * @param {{text: string, url?: string, title?: string, lang?: string}} body
 * @param {typeof fetch} [fetchImpl]
 */
export function annotate(baseUrl, token, body, fetchImpl) {
  return request(baseUrl, token, '/api/v1/annotate', { method: 'POST', body: JSON.stringify({ ...body, offsets: 'utf16' }) }, fetchImpl);
}

/** @param {string} baseUrl @param {string} token @param {typeof fetch} [fetchImpl] */
export function health(baseUrl, token, fetchImpl) {
  return request(baseUrl, token, '/api/v1/health', {}, fetchImpl);
}

/**
 * `annotate`, waiting while the backend loads its model (503) instead of failing
 * the first page a reader opens after starting it.
 * @param {string} baseUrl @param {string} token
 * @param {{text: string, url?: string, title?: string, lang?: string}} body
 * @param {{tries?: number, delayMs?: number, fetchImpl?: typeof fetch}} [options]
 */
export async function annotateWhenReady(baseUrl, token, body, options = {}) {
  const { tries = 20, delayMs = 1500, fetchImpl } = options;
  let result = await annotate(baseUrl, token, body, fetchImpl);
  for (let i = 1; i < tries && !result.ok && result.error.code === 'model-loading'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    result = await annotate(baseUrl, token, body, fetchImpl);
  }
  return result;
}
