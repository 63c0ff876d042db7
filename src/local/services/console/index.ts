/** console and Logger: recorded per execution, readable by tests (`ws.logs`). */
import { inspect } from 'node:util';
import type { Kernel } from '../../kernel/kernel';
import { formatString } from '../utilities/format';

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'Logger';

export interface LogEntry {
  executionId: number;
  level: LogLevel;
  message: string;
  time: number;
}

export class LogStore {
  entries: LogEntry[] = [];
  /** Also print to the host's stderr (playground debugging). */
  echo = false;

  constructor(private readonly kernel: Kernel) {}

  add(level: LogLevel, message: string): void {
    const e = { executionId: this.kernel.executions.current().id, level, message, time: this.kernel.clock.now() };
    this.entries.push(e);
    if (this.echo) process.stderr.write(`[local ${level}] ${message}\n`);
  }

  forExecution(id: number): LogEntry[] {
    return this.entries.filter((e) => e.executionId === id);
  }

  messages(level?: LogLevel): string[] {
    return this.entries.filter((e) => !level || e.level === level).map((e) => e.message);
  }

  clear(): void {
    this.entries = [];
  }
}

function render(args: unknown[]): string {
  if (typeof args[0] === 'string' && /%[sdifjoO%]/.test(args[0])) {
    let i = 1;
    const head = args[0].replace(/%([sdifjoO%])/g, (m, c: string) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const v = args[i++];
      if (c === 'd' || c === 'i') return String(Math.trunc(Number(v)));
      if (c === 'f') return String(Number(v));
      if (c === 's') return typeof v === 'string' ? v : show(v);
      return show(v);
    });
    return [head, ...args.slice(i).map(show)].join(' ');
  }
  return args.map(show).join(' ');
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Error) return v.stack ?? String(v);
  if (v === null || typeof v !== 'object') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return inspect(v);
  }
}

export class LocalConsole {
  constructor(
    private readonly kernel: Kernel,
    private readonly store: LogStore,
  ) {}
  private write(level: LogLevel, args: unknown[]): void {
    this.kernel.call('console', level);
    this.store.add(level, render(args));
  }
  log(...args: unknown[]): void {
    this.write('log', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  toString(): string {
    return 'console';
  }
}

export class LocalLogger {
  constructor(
    private readonly kernel: Kernel,
    private readonly store: LogStore,
  ) {}

  /** log(data) | log(format, values...) with Utilities.formatString's placeholders. */
  log(data: unknown, ...values: unknown[]): LocalLogger {
    this.kernel.call('Logger', 'log');
    const msg = values.length && typeof data === 'string' ? formatString(data, ...values) : show(data);
    this.store.add('Logger', msg);
    return this;
  }

  /** The Logger lines of the current execution, one per line. */
  getLog(): string {
    this.kernel.call('Logger', 'getLog');
    const id = this.kernel.executions.current().id;
    return (
      this.store.entries
        .filter((e) => e.executionId === id && e.level === 'Logger')
        .map((e) => e.message)
        .join('\n') + (this.store.entries.some((e) => e.executionId === id && e.level === 'Logger') ? '\n' : '')
    );
  }

  clear(): void {
    this.kernel.call('Logger', 'clear');
    const id = this.kernel.executions.current().id;
    this.store.entries = this.store.entries.filter((e) => !(e.executionId === id && e.level === 'Logger'));
  }

  toString(): string {
    return 'Logger';
  }
}
