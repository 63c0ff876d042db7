/**
 * Where a validation problem from the engine goes in the editor: the element whose data-path is the problem's
 * path, else its nearest ancestor path (`states[2].approval.steps[0]` → `states[2]`), else the general list.
 */
export function ancestors(path: string): string[] {
  const out = [path];
  let p = path;
  for (;;) {
    const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(p);
    if (!m?.[1]) break;
    p = m[1];
    out.push(p);
  }
  return out;
}

export function placeProblem(path: string, known: ReadonlySet<string>): string | null {
  for (const p of ancestors(path)) if (known.has(p)) return p;
  return null;
}
