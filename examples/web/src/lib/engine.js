// The page's side of the engine worker: one worker per page, calls answered in order.

let worker;
let ready;
let seq = 0;
const pending = new Map();

/** Resolves with {version, zones} when the module has loaded; rejects with a readable error otherwise. */
export function loadEngine({ timeoutMs = 60_000 } = {}) {
  ready ??= new Promise((resolve, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`the engine did not load in ${timeoutMs / 1000} s`), timeoutMs);
    try {
      worker = new Worker(new URL("./engine.worker.js", import.meta.url), { type: "module" });
    } catch (e) {
      fail(String(e?.message ?? e));
      return;
    }
    worker.onerror = (ev) => {
      ev.preventDefault();
      fail(ev.message || "the engine's module could not be loaded");
    };
    worker.onmessage = ({ data }) => {
      if (data.type === "ready") {
        clearTimeout(timer);
        resolve(data.info);
      } else if (data.type === "failed") {
        fail(data.error.message);
      } else {
        const p = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) p.resolve({ result: data.result, ms: data.ms });
        else p.reject(Object.assign(new Error(data.error.message), data.error, { ms: data.ms }));
      }
    };
  });
  return ready;
}

/** Runs `op` in the worker: {result, ms} (ms: the engine's time in the worker). */
export async function call(op, args) {
  await loadEngine();
  return new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

/**
 * A latest-wins runner: while one call is running, newer requests replace each other and only the
 * last one runs next, so fast typing never queues stale recomputations.
 */
export function latest(op, onResult) {
  let running = false;
  let queued = null;
  const run = async (job) => {
    running = true;
    try {
      const { result, ms } = await call(op, job.args);
      onResult({ rev: job.rev, result, ms, error: null });
    } catch (error) {
      onResult({ rev: job.rev, result: null, ms: error.ms ?? 0, error });
    } finally {
      running = false;
      if (queued) {
        const next = queued;
        queued = null;
        run(next);
      }
    }
  };
  return (rev, args) => {
    if (running) queued = { rev, args };
    else run({ rev, args });
  };
}
