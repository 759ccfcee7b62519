// @ts-check
/**
 * Time slicing: long jobs (extraction, anchoring) are written as generators that
 * `yield` every few dozen nodes; `drive` runs one in slices of at most SLICE_MS and
 * gives the event loop back between slices, so the page never sees a long task
 * (over 50 ms) from the extension. `runSync` runs the same generator in one go
 * (unit tests, and a reader's click where a short stall is acceptable).
 */

/** Main-thread time per slice; well under the 50 ms of a long task. */
export const SLICE_MS = 8;

/** Yielded by a generator to end the slice there whatever the clock says (before a big step). */
export const PAUSE = Symbol('pause');

const now = () => globalThis.performance?.now?.() ?? Date.now();

/** Let the browser run input, rendering and the page's own tasks. @returns {Promise<void>} */
export function yieldToEventLoop() {
  const scheduler = /** @type {any} */ (globalThis).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  // A message task runs sooner than setTimeout(0), which may be clamped to 4 ms.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve(undefined);
    };
    channel.port2.postMessage(null);
  });
}

/** Counts the main-thread time spent between pauses (for `sourcelight-paint`). */
export class Slicer {
  constructor(sliceMs = SLICE_MS) {
    this.sliceMs = sliceMs;
    this.busy = 0;
    /** The longest slice so far: the extension's longest single run on the main thread. */
    this.longest = 0;
    this.t0 = now();
  }

  get due() {
    return now() - this.t0 >= this.sliceMs;
  }

  /** End the current slice (counting it). */
  endSlice() {
    const slice = now() - this.t0;
    this.busy += slice;
    this.longest = Math.max(this.longest, slice);
  }

  async pause() {
    this.endSlice();
    await yieldToEventLoop();
    this.t0 = now();
  }

  /**
   * Wait for work done elsewhere (the background) without counting the wait as busy.
   * @template T @param {Promise<T>} promise @returns {Promise<T>}
   */
  async waitFor(promise) {
    this.endSlice();
    try {
      return await promise;
    } finally {
      this.t0 = now();
    }
  }

  /** Busy time so far, including the current slice. */
  elapsed() {
    return this.busy + (now() - this.t0);
  }
}

/**
 * Run a generator to its end, pausing whenever a slice is used up.
 * @template T @param {Generator<unknown, T>} steps @param {Slicer} [slicer]
 * @returns {Promise<T>}
 */
export async function drive(steps, slicer = new Slicer()) {
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    if (r.value === PAUSE || slicer.due) await slicer.pause();
  }
}

/** @template T @param {Generator<unknown, T>} steps @returns {T} */
export function runSync(steps) {
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}
