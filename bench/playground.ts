/**
 * `npm run bench -- playground`: the playground server as `npm start` runs it, with 500 open requests (the demo's
 * three and 497 more submitted through the form), its clock moved a day at a time over 60 simulated days.
 * Targets: +7 days in at most 15 s on a 2-core machine; under 600 MB resident after 60 days; the
 * server answers other requests while the clock moves, and no keep-alive socket is reset.
 *
 * HANDOFF_BENCH_PLAYGROUND_DAYS shortens the run (default 60); HANDOFF_BENCH_PLAYGROUND_SCRIPT names another
 * build of the server (to measure an older version the same way).
 */
import * as http from 'node:http';
import { join } from 'node:path';
import { startPlayground, type ServerProcess } from './playground-process';
import type { BenchTable } from './report';

const OPEN_REQUESTS = 500;
const DAYS = Number(process.env.HANDOFF_BENCH_PLAYGROUND_DAYS ?? 60);
const REPORT_DAYS = new Set([1, 2, 3, 4, 5, 6, 7, 14, 21, 30, 45, 60]);
const CENTRES = ['Operations', 'Marketing', 'Engineering'];

interface Probe {
  requests: number;
  errors: string[];
  maxMs: number;
}

/** GET /api/state every 200 ms on one keep-alive connection (node:http agent) until stopped. */
function probe(base: string): { stop(): Promise<Probe> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out: Probe = { requests: 0, errors: [], maxMs: 0 };
  let running = true;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(`${base}/api/state`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          out.requests++;
          out.maxMs = Math.max(out.maxMs, performance.now() - t0);
          if (res.statusCode !== 200 && res.statusCode !== 503) out.errors.push(`status ${res.statusCode}`);
          resolve();
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        out.errors.push(e.code ?? e.message);
        resolve();
      });
    });
  const loop = (async () => {
    while (running) {
      await one();
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      return out;
    },
  };
}

/** A keep-alive connection left idle for 6 s while the clock moves, then used again (the ECONNRESET case). */
async function idleSocket(base: string, during: Promise<unknown>): Promise<string> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<string>((resolve) => {
      http
        .get(`${base}/api/state`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
        })
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
  const first = await get();
  await Promise.race([new Promise((r) => setTimeout(r, 6_000)), during]);
  const second = await get();
  agent.destroy();
  return `${first} then ${second}`;
}

async function fill(s: ServerProcess): Promise<number> {
  const state = await s.get('/api/tab?name=Requests');
  let open = (state.json.rows as string[][]).length - 1;
  for (let i = 0; open < OPEN_REQUESTS; i++) {
    const r = await s.post('/api/form/submit', {
      as: i % 2 ? 'rita@acme.test' : 'sam@acme.test',
      answers: {
        Item: `Bench item ${i + 1}`,
        Amount: String(100 + ((i * 379) % 9000)),
        Vendor: 'Bench Supplies',
        'Cost centre': CENTRES[i % CENTRES.length],
        Justification: 'Load for the playground bench.',
      },
    });
    if (r.status !== 200) throw new Error(`form submission refused: ${JSON.stringify(r.json)}`);
    open++;
  }
  return open;
}

export async function run(): Promise<BenchTable[]> {
  const root = join(__dirname, '..');
  const s = await startPlayground(root, process.env.HANDOFF_BENCH_PLAYGROUND_SCRIPT);
  try {
    const t0 = performance.now();
    const open = await fill(s);
    const fillS = (performance.now() - t0) / 1000;
    const clockRows: Array<Array<string | number>> = [];
    const memRows: Array<Array<string | number>> = [];
    const probes: Array<Array<string | number>> = [];
    let week = { wall: 0, cpu: 0, runs: 0 };
    let all = { wall: 0, cpu: 0, runs: 0 };
    memRows.push([0, s.rssMb()]);
    for (let day = 1; day <= DAYS; day++) {
      const cpu0 = s.cpuS();
      const w0 = performance.now();
      const watching = day <= 7 ? probe(s.base) : null;
      const advancing = s.post('/api/clock', { ms: '1d' });
      const idle = day === 1 ? idleSocket(s.base, advancing) : null;
      const r = await advancing;
      const wall = (performance.now() - w0) / 1000;
      if (r.status !== 200) throw new Error(`POST /api/clock: ${r.status} ${JSON.stringify(r.json)}`);
      const cpu = s.cpuS() - cpu0;
      const runs = (r.json.runs as unknown[]).length;
      all = { wall: all.wall + wall, cpu: all.cpu + cpu, runs: all.runs + runs };
      if (day <= 7) week = { ...all };
      if (watching) {
        const p = await watching.stop();
        probes.push([
          `day ${day}: GET /api/state every 200 ms`,
          p.requests,
          p.errors.length ? p.errors.join(', ') : 'none',
          Math.round(p.maxMs),
        ]);
      }
      if (idle) probes.push(['day 1: a keep-alive socket idle 6 s, used again', 2, await idle, '']);
      if (day <= 7) clockRows.push([`+${day} d`, runs, +wall.toFixed(1), +cpu.toFixed(1), +all.wall.toFixed(1), s.rssMb()]);
      if (REPORT_DAYS.has(day) || day === DAYS) memRows.push([day, s.rssMb()]);
    }
    return [
      {
        title: `Playground: the clock with ${open} open requests (one POST /api/clock per simulated day)`,
        columns: ['step', 'timer runs', 'wall s', 'server CPU s', 'wall s so far', 'server RSS MB'],
        rows: clockRows,
        note:
          `+7 days: ${week.wall.toFixed(1)} s wall, ${week.cpu.toFixed(1)} s server CPU, ${week.runs} timer runs (target: at most 15 s on a 2-core machine). ` +
          `Setting up ${open} open requests through the form took ${fillS.toFixed(0)} s. Wall time includes whatever else the machine is doing: ` +
          `compare the CPU column when it is shared.`,
      },
      {
        title: 'Playground: other requests while the clock moves',
        columns: ['probe', 'requests', 'errors', 'slowest ms'],
        rows: probes,
        note: 'A 503 with Retry-After would count as an answer; a reset socket (ECONNRESET) or no answer as an error.',
      },
      {
        title: `Playground: resident memory over ${DAYS} simulated days`,
        columns: ['simulated day', 'server RSS MB'],
        rows: memRows,
        note: `Target: under 600 MB after 60 days. ${DAYS} days: ${all.runs} timer runs, ${all.wall.toFixed(0)} s wall, ${all.cpu.toFixed(0)} s server CPU.`,
      },
    ];
  } finally {
    await s.stop();
  }
}
