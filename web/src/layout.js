// Runs layouts in a module worker (one at a time: a new job replaces the
// running one), falling back to the main thread when workers are missing.
let worker = null;
let workerBroken = false;
let seq = 0;
let pending = null; // {id, resolve, reject}

function getWorker() {
  if (worker || workerBroken) return worker;
  try {
    worker = new Worker(new URL('./layout-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (ev) => {
      const { id, positions, error } = ev.data;
      if (!pending || pending.id !== id) return;
      const p = pending;
      pending = null;
      if (error) p.reject(new Error(error));
      else p.resolve(positions);
    };
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      workerBroken = true;
      worker?.terminate();
      worker = null;
      if (pending) {
        const p = pending;
        pending = null;
        mainThread(p.job).then(p.resolve, p.reject);
      }
    };
  } catch {
    workerBroken = true;
    worker = null;
  }
  return worker;
}

async function mainThread(job) {
  const { computeLayout } = await import('./layout-core.js');
  // Give the page a frame to show its "laying out" indicator first.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return computeLayout({ ...job, quality: job.nodes.length > 300 ? 'draft' : job.quality });
}

/**
 * Lays out a graph; resolves with positions by id, or null when a newer
 * job replaced this one.
 */
export function runLayout(job) {
  if (pending) {
    pending.resolve(null);
    pending = null;
    // The running computation cannot be interrupted: start a fresh worker.
    worker?.terminate();
    worker = null;
  }
  const w = getWorker();
  if (!w) return mainThread(job);
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending = { id, resolve, reject, job };
    w.postMessage({ id, job });
  });
}

/** Stops a running layout, if any. */
export function cancelLayout() {
  if (!pending) return;
  pending.resolve(null);
  pending = null;
  worker?.terminate();
  worker = null;
}
