// @ts-check
/**
 * The /demo page: the same extraction, anchoring, painting and cards as the
 * extension, calling the same-origin backend directly (there is no background).
 */
import { Overlay } from './overlay/overlay.js';
import { annotateWhenReady } from './shared/backend-client.js';
import { DEFAULTS } from './shared/settings.js';

const overlay = new Overlay(document, {
  annotate: async (body) => {
    const result = await annotateWhenReady(location.origin, '', body);
    return result.ok ? { ok: true, annotation: result.data } : result;
  },
  report: (status) => {
    const line = document.getElementById('sourcelight-demo-status');
    if (line) line.textContent = status.error ? status.error.message : `Sourcelight: ${status.state}`;
  },
}, { categories: { ...DEFAULTS.categories } });

overlay.run();
