// The layout worker: computes positions off the page's main thread, so a
// large graph never freezes the page while it is laid out.
import { computeLayout } from './layout-core.js';

self.onmessage = (ev) => {
  const { id, job } = ev.data;
  try {
    self.postMessage({ id, positions: computeLayout(job) });
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  }
};
