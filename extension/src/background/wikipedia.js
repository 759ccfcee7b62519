// @ts-check
/** Wikipedia page summaries for entity cards, fetched by the background only, cached per session. */

const ENDPOINT = 'https://en.wikipedia.org/api/rest_v1/page/summary/';
/** @type {Map<string, any>} */
const cache = new Map();

/** @param {string} title @param {typeof fetch} [fetchImpl] */
export async function summary(title, fetchImpl = fetch) {
  const key = title.trim().replace(/\s+/g, '_');
  if (!key) return null;
  if (cache.has(key)) return cache.get(key);
  let result = null;
  try {
    const response = await fetchImpl(ENDPOINT + encodeURIComponent(key), { headers: { Accept: 'application/json' }, credentials: 'omit' });
    const data = response.ok ? await response.json() : null;
    // Disambiguation pages say nothing about the entity itself.
    if (data && data.type !== 'disambiguation' && typeof data.extract === 'string') {
      result = { title: String(data.title ?? key), extract: data.extract, url: data.content_urls?.desktop?.page ?? null };
    }
  } catch {
    result = null;
  }
  cache.set(key, result);
  return result;
}
