/**
 * The playground as `npm start` runs it (.build/playground.cjs in a child process, a free port, a temporary data
 * folder), driven over HTTP, with its CPU time and resident memory read from /proc: what the playground bench
 * measures is the real server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerProcess {
  base: string;
  pid: number;
  /** CPU seconds the process has used (all threads). */
  cpuS(): number;
  /** Resident memory, MB. */
  rssMb(): number;
  /** The most resident memory the process has had, MB (VmHWM). */
  peakRssMb(): number;
  post(path: string, body: unknown): Promise<{ status: number; json: any; ms: number }>;
  get(path: string): Promise<{ status: number; json: any; ms: number }>;
  stop(): Promise<void>;
}

const TICKS = 100; // USER_HZ on Linux

function statusMb(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** CPU seconds the whole machine has spent busy (every process, all cores), from /proc/stat. */
export function machineBusyS(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
  return busy / TICKS;
}

export async function startPlayground(root: string, script = join(root, '.build/playground.cjs')): Promise<ServerProcess> {
  if (!existsSync(script)) throw new Error(`${script} is missing: npm run build`);
  const data = mkdtempSync(join(tmpdir(), 'handoff-bench-pg-'));
  const child: ChildProcess = spawn(process.execPath, [script, '--port', '0', '--data', data, '--reset'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /ready in \d+ ms: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`the playground stopped (${code}) before it was ready:\n${out}`)));
  });
  child.stdout!.resume();
  const pid = child.pid!;
  const stat = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const call = async (method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    const r = await fetch(base + path, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const json = await r.json();
    return { status: r.status, json, ms: performance.now() - t0 };
  };
  return {
    base,
    pid,
    cpuS: () => {
      const f = stat();
      return (Number(f[11]) + Number(f[12])) / TICKS;
    },
    rssMb: () => statusMb(pid, 'VmRSS'),
    peakRssMb: () => statusMb(pid, 'VmHWM'),
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}
