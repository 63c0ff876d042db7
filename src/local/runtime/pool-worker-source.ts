/**
 * The program of a pool worker (see pool.ts; plain JavaScript run with `new Worker(src, { eval: true })`).
 * Unlike the one-shot workers of `concurrent`, a pool worker serves many executions: the script is compiled
 * once and its top level run once, in one vm context; each job begins with fresh service proxies and ends
 * with the global object put back as the top level left it (client-source.ts `begin`/`restore`), so every
 * execution starts with fresh globals, as in Apps Script. Service calls are synchronous RPC to the main
 * thread, as in worker-source.ts. A job stopped by its time limit leaves the context unusable: the next job
 * gets a new one.
 */
export const POOL_WORKER_SOURCE = String.raw`
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const vm = require('node:vm');
const { clientSource, code, filename, port, sab } = workerData;
const flag = new Int32Array(sab);
const nap = new Int32Array(new SharedArrayBuffer(4));
const clientScript = new vm.Script(clientSource, { filename: 'handoff-local-client.js' });
const script = new vm.Script(code, { filename });
const SLOT = '__handoffLocalTimed';
const timed = new vm.Script('globalThis.' + SLOT + '()', { filename: 'handoff-local-timer.js' });
let job = null;
let now = 0;
const transport = {
  request(req) {
    Atomics.store(flag, 0, 0);
    port.postMessage({ execId: job.execId, req });
    for (;;) {
      Atomics.wait(flag, 0, 0, 100);
      const m = receiveMessageOnPort(port);
      if (m) {
        if (typeof m.message.now === 'number') now = m.message.now;
        return m.message;
      }
    }
  },
  sleep(ms) { Atomics.wait(nap, 0, 0, ms); },
  now() { return now; },
};
let context = null;
parentPort.on('message', (msg) => {
  job = msg;
  now = msg.now;
  let result;
  let fresh = false;
  try {
    if (!context) {
      const ctx = vm.createContext({}, { name: filename });
      context = { ctx, api: clientScript.runInContext(ctx)(transport, msg.roots) };
      fresh = true;
    } else {
      context.api.begin(msg.roots);
    }
    const c = context;
    const run = () => {
      if (fresh) {
        script.runInContext(c.ctx);
        c.api.baseline();
      }
      return c.api.invoke(msg.fn, msg.args);
    };
    if (msg.timeoutMs > 0) {
      Object.defineProperty(c.ctx, SLOT, { value: run, configurable: true, enumerable: false });
      try {
        result = timed.runInContext(c.ctx, { timeout: msg.timeoutMs });
      } finally {
        Reflect.deleteProperty(c.ctx, SLOT);
      }
    } else {
      result = run();
    }
  } catch (e) {
    const timedOut = !!e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    result = { err: { name: (e && e.name) || 'Error', message: (e && e.message) || String(e), stack: e && e.stack }, timedOut };
    // Stopped mid-way (time limit) or broken while loading: this context is not used again.
    if (timedOut || fresh) context = null;
  }
  if (context) {
    try {
      context.api.restore();
    } catch (e) {
      context = null;
    }
  }
  job = null;
  parentPort.postMessage({ jobId: msg.jobId, result });
});
`;
