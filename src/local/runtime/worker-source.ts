/**
 * The worker thread's program (plain JavaScript, run with `new Worker(src, { eval: true })`, so it needs no
 * TypeScript loader). Each job runs the script in a fresh vm context; service calls are synchronous RPC to
 * the main thread: post the request on a MessagePort, Atomics.wait on a shared flag, then read the answer
 * with receiveMessageOnPort (the synckit technique, with the roles of the threads reversed).
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const vm = require('node:vm');
const { clientSource, code, filename, port, sab } = workerData;
const flag = new Int32Array(sab);
const nap = new Int32Array(new SharedArrayBuffer(4));
const clientScript = new vm.Script(clientSource, { filename: 'handoff-local-client.js' });
const script = new vm.Script(code, { filename });
// The execution time limit: node:vm's timeout stops the script's code wherever it is (see time-limit.ts).
const SLOT = '__handoffLocalTimed';
const timed = new vm.Script('globalThis.' + SLOT + '()', { filename: 'handoff-local-timer.js' });
parentPort.on('message', (job) => {
  let now = job.now;
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
  let result;
  try {
    const ctx = vm.createContext({}, { name: filename });
    const api = clientScript.runInContext(ctx)(transport, job.roots);
    const run = () => {
      script.runInContext(ctx);
      return api.invoke(job.fn, job.args);
    };
    Object.defineProperty(ctx, SLOT, { value: run, configurable: true, enumerable: false });
    result = job.timeoutMs > 0 ? timed.runInContext(ctx, { timeout: job.timeoutMs }) : run();
  } catch (e) {
    const timedOut = !!e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    result = { err: { name: (e && e.name) || 'Error', message: (e && e.message) || String(e), stack: e && e.stack }, timedOut };
  }
  parentPort.postMessage({ jobId: job.jobId, result });
});
`;
