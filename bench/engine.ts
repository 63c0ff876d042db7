/**
 * Engine benchmarks: actions applied per second on one core, memory per 100k requests, and the time to
 * validate the eight templates together. Wired into `npm run bench` by bench/index.ts.
 */
import {
  apply,
  createDirectory,
  createRequest,
  publishVersion,
  validateDefinition,
  type Action,
  type Person,
  type PublishedVersion,
  type Request,
} from '../src/core';
import { purchaseApproval, templates } from '../src/templates';
import type { BenchTable } from './report';

const T0 = Date.UTC(2025, 2, 4, 15, 0);
const HOUR = 3_600_000;
const people: Person[] = [
  { email: 'rita@example.com', name: 'Rita', roles: [], manager: 'max@example.com' },
  { email: 'max@example.com', name: 'Max', roles: [] },
  { email: 'fay@example.com', name: 'Fay', roles: ['finance'] },
  { email: 'pat@example.com', name: 'Pat', roles: ['procurement'] },
  { email: 'olga@example.com', name: 'Olga', roles: ['operator'] },
];
const directory = createDirectory(people);

function published(): PublishedVersion {
  const r = publishVersion(purchaseApproval, [], { publishedAt: T0, publishedBy: 'bench' });
  if (!r.ok) throw new Error('purchase-approval invalid');
  return r.version;
}

function make(v: PublishedVersion, n: number, i: number): Request {
  const r = createRequest({
    version: v,
    sequence: i + 1,
    requester: 'rita@example.com',
    channel: 'form',
    actor: { email: 'rita@example.com', method: 'form_response' },
    fields: { item: `Item ${i}`, amount: n % 2 ? 9000 : 1200, costCenter: 'Engineering', justification: 'bench' },
    now: T0 + i,
    directory,
  });
  if (!r.ok) throw new Error(r.refusal.message);
  return r.request;
}

/** The happy path of one purchase: 4 or 5 actions. */
function lifecycle(r: Request): Array<[string, Action]> {
  const steps: Array<[string, Action]> = [
    ['olga@example.com', { type: 'edit_fields', fields: { vendor: 'Parts Co' }, reason: 'vendor known' }],
    ['max@example.com', { type: 'approve' }],
  ];
  if ((r.fields['amount'] as number) > 5000) steps.push(['fay@example.com', { type: 'approve' }]);
  steps.push(['pat@example.com', { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } }]);
  return steps;
}

function actionsPerSecond(v: PublishedVersion, requests: number): { actions: number; ms: number; refused: number } {
  const reqs = Array.from({ length: requests }, (_, i) => make(v, i, i));
  let actions = 0;
  let refused = 0;
  const start = performance.now();
  for (let i = 0; i < reqs.length; i++) {
    let r = reqs[i]!;
    let now = r.createdAt;
    for (const [email, action] of lifecycle(r)) {
      now += HOUR;
      const res = apply({
        version: v,
        request: r,
        action,
        actor: { email, method: 'session' },
        now,
        directory,
        expectedRevision: r.revision,
      });
      actions++;
      if (res.ok) r = res.request;
      else refused++;
    }
  }
  return { actions, ms: performance.now() - start, refused };
}

function createsPerSecond(v: PublishedVersion, n: number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) make(v, i, i);
  return n / ((performance.now() - start) / 1000);
}

function memoryPer100k(v: PublishedVersion): { jsonMB: number; heapMB: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const all: Request[] = [];
  for (let i = 0; i < 100_000; i++) {
    let r = make(v, i, i);
    if (i % 3 === 0) {
      const res = apply({
        version: v,
        request: r,
        action: { type: 'approve' },
        actor: { email: 'max@example.com', method: 'session' },
        now: r.createdAt + HOUR,
        directory,
        expectedRevision: r.revision,
      });
      if (res.ok) r = res.request;
    }
    all.push(r);
  }
  gc?.();
  const heap = process.memoryUsage().heapUsed - before;
  let bytes = 0;
  for (const r of all) bytes += JSON.stringify(r).length;
  return { jsonMB: bytes / 1e6, heapMB: heap / 1e6 };
}

function validateAll(): { coldMs: number; warmMedianMs: number } {
  const time = (): number => {
    const start = performance.now();
    for (const t of templates) if (!validateDefinition(JSON.parse(JSON.stringify(t))).ok) throw new Error(`${t.id} invalid`);
    return performance.now() - start;
  };
  const coldMs = time();
  const runs = Array.from({ length: 20 }, time).sort((a, b) => a - b);
  return { coldMs, warmMedianMs: runs[10]! };
}

export async function run(): Promise<BenchTable[]> {
  const validation = validateAll(); // first, so "cold" is really cold
  const v = published();
  actionsPerSecond(v, 2_000); // warm-up
  const a = actionsPerSecond(v, 20_000);
  const perSec = a.actions / (a.ms / 1000);
  const creates = createsPerSecond(v, 20_000);
  const mem = memoryPer100k(v);
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  return [
    {
      title: 'Engine (pure core, one core)',
      columns: ['measure', 'value', 'target'],
      rows: [
        ['actions applied per second (purchase approval lifecycle)', Math.round(perSec), '≥ 50,000'],
        ['actions applied / refused in the run', `${a.actions} / ${a.refused}`, 'refused = 0'],
        ['requests created per second', Math.round(creates), ''],
        ['8 templates validated together, cold (ms)', Number(validation.coldMs.toFixed(2)), '< 50'],
        ['8 templates validated together, warm median (ms)', Number(validation.warmMedianMs.toFixed(2)), '< 50'],
        ['JSON size of 100k requests (MB)', Number(mem.jsonMB.toFixed(1)), ''],
        [`heap for 100k requests (MB)${hasGc ? '' : ', no --expose-gc: approximate'}`, Number(mem.heapMB.toFixed(1)), ''],
      ],
      note: 'Apps Script V8 is slower: the cost model multiplies Node time by 3.',
    },
  ];
}
