/** How the sidebar shows a call in progress, its result, nothing to show, or the server's refusal. */
import { run, type ArgsOf, type PanelFunctionName, type ResultOf } from '../../shared/rpc';
import { clear, h } from '../../shared/dom';

export function status(kind: 'loading' | 'error' | 'empty' | 'ok', text: string): HTMLElement {
  return h('p', { class: `status ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** Loads into `target`: "Loading…", then what `render` draws, or the server's message. */
export async function load<K extends PanelFunctionName>(
  target: HTMLElement,
  fn: K,
  args: ArgsOf<K>[0],
  render: (r: ResultOf<K>) => void,
): Promise<void> {
  clear(target);
  target.appendChild(status('loading', 'Loading…'));
  try {
    const r = await run(fn, ...([args] as ArgsOf<K>));
    clear(target);
    render(r);
  } catch (e) {
    clear(target);
    target.appendChild(status('error', (e as Error).message));
  }
}

/** A call that answered but did not succeed (problems found, not published, tampering): its message is an error. */
export function markError(out: HTMLElement): void {
  const el = out.firstElementChild;
  if (!el) return;
  el.classList.replace('ok', 'error');
  el.setAttribute('role', 'alert');
}

/** Runs a change; shows its result or the server's refusal in `out`. */
export async function change<K extends PanelFunctionName>(
  out: HTMLElement,
  button: HTMLButtonElement | null,
  fn: K,
  args: ArgsOf<K>[0],
  ok: (r: ResultOf<K>) => string,
  after?: (r: ResultOf<K>) => void,
): Promise<void> {
  clear(out);
  out.appendChild(status('loading', 'Working…'));
  if (button) button.disabled = true;
  try {
    const r = await run(fn, ...([args] as ArgsOf<K>));
    clear(out);
    out.appendChild(status('ok', ok(r)));
    after?.(r);
  } catch (e) {
    clear(out);
    out.appendChild(status('error', (e as Error).message));
  } finally {
    if (button) button.disabled = false;
  }
}
