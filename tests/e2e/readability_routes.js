// Bundled by readability_routes.py into each benchmark page: times, on the page's main
// thread, what each route for Readability would cost there (see that script).
import { extractArticleSliced, readabilityResult, serializeCopy } from '../../extension/src/extract/article.js';
import { readabilityOnHtml } from '../../extension/src/extract/readability-host.js';

/** @type {any} */ (window).__readabilityRoutes = async () => {
  /** @type {Record<string, number>} */
  const t = {};
  const time = (/** @type {string} */ name, /** @type {() => any} */ fn) => {
    const t0 = performance.now();
    const value = fn();
    t[name] = performance.now() - t0;
    return value;
  };
  await extractArticleSliced(document, {
    readability: async (copy) => {
      t.elements = copy.getElementsByTagName('*').length;
      const html = time('serialize', () => serializeCopy(copy));
      t.html_chars = html.length;
      time('jsdomparser_readability', () => readabilityOnHtml(html, location.href));
      return time('in_page_readability', () => readabilityResult(copy));
    },
  });
  return t;
};
