// @ts-check
/** The WebExtension API: `browser` in Firefox, `chrome` in Chromium (both promise-based in MV3). */
export const ext = /** @type {typeof chrome} */ (/** @type {any} */ (globalThis).browser ?? globalThis.chrome);
