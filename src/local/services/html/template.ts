import * as vm from 'node:vm';
import { ContextTracker, escapeFor, type PrintContext } from './escape';

interface Part {
  kind: 'text' | 'code' | 'print' | 'raw';
  src: string;
  ctx?: PrintContext;
}

/** Splits a template into literal text and <? ?>, <?= ?>, <?!= ?> scriptlets. */
export function parseTemplate(src: string): Part[] {
  const parts: Part[] = [];
  const tracker = new ContextTracker();
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('<?', i);
    if (open < 0) {
      parts.push({ kind: 'text', src: src.slice(i) });
      tracker.feed(src.slice(i));
      break;
    }
    if (open > i) {
      parts.push({ kind: 'text', src: src.slice(i, open) });
      tracker.feed(src.slice(i, open));
    }
    const close = src.indexOf('?>', open + 2);
    if (close < 0) throw new Error('SyntaxError: unterminated scriptlet (missing ?>) in HTML template');
    let body = src.slice(open + 2, close);
    let kind: Part['kind'] = 'code';
    if (body.startsWith('!=')) {
      kind = 'raw';
      body = body.slice(2);
    } else if (body.startsWith('=')) {
      kind = 'print';
      body = body.slice(1);
    }
    parts.push(kind === 'print' ? { kind, src: body, ctx: tracker.context() } : { kind, src: body });
    i = close + 2;
  }
  return parts;
}

/** The JavaScript that evaluating the template runs (what HtmlTemplate.getCode() shows). */
export function compileTemplate(src: string): string {
  const lines: string[] = [];
  for (const p of parseTemplate(src)) {
    if (p.kind === 'text') lines.push(`__out.text(${JSON.stringify(p.src)});`);
    else if (p.kind === 'code') lines.push(p.src);
    else {
      const expr = p.src.trim().replace(/;+\s*$/, '');
      lines.push(p.kind === 'raw' ? `__out.raw((${expr}));` : `__out.print(${JSON.stringify(p.ctx)}, (${expr}));`);
    }
  }
  return lines.join('\n');
}

export interface OutputSink {
  text(s: string): void;
  raw(v: unknown): void;
  print(ctx: PrintContext, v: unknown): void;
  /** `output` inside scriptlets: append (raw) and appendUntrusted (escaped). */
  output: { append(s: string): unknown; appendUntrusted(s: string): unknown; getContent(): string };
  result(): string;
}

export function makeSink(): OutputSink {
  let buf = '';
  const sink: OutputSink = {
    text: (s) => {
      buf += s;
    },
    raw: (v) => {
      buf += v === undefined || v === null ? '' : String(v);
    },
    print: (ctx, v) => {
      buf += escapeFor(ctx, v);
    },
    output: {
      append: (s) => {
        buf += String(s);
        return sink.output;
      },
      appendUntrusted: (s) => {
        buf += escapeFor('text', s);
        return sink.output;
      },
      getContent: () => buf,
    },
    result: () => buf,
  };
  return sink;
}

/**
 * Runs compiled template code in a node:vm context (the loaded script's, so scriptlets see its globals),
 * with the template's variables in scope. `with` needs sloppy mode: the wrapper is compiled on its own.
 */
export function runTemplate(code: string, context: vm.Context, vars: Record<string, unknown>): string {
  const fn = new vm.Script(`(function (__vars, __out, output) { with (__vars) {\n${code}\n} })`, {
    filename: 'template.html',
  }).runInContext(context) as (v: Record<string, unknown>, o: OutputSink, output: OutputSink['output']) => void;
  const sink = makeSink();
  fn(vars, sink, sink.output);
  return sink.result();
}
