/** `handoff validate [files]`: every problem of every file, offline, on core's validator. Exit 1 on any. */
import type { Ctx } from '../context';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatProblem, readWorkflowFile, shownPath, type WorkflowFile, workflowPaths } from '../workflow-files';

export function readAll(c: Ctx): WorkflowFile[] {
  return workflowPaths(c.args, c.cwd).map((abs) => readWorkflowFile(abs, shownPath(abs, c.cwd)));
}

/** Prints each problem; returns the valid files, or null when any file has a problem. */
export function reportProblems(c: Ctx, files: WorkflowFile[]): Array<Extract<WorkflowFile, { ok: true }>> | null {
  let bad = 0;
  for (const f of files) {
    if (f.ok) continue;
    for (const p of f.problems) c.io.err(formatProblem(p));
    bad += f.problems.length;
  }
  if (bad === 0) return files as Array<Extract<WorkflowFile, { ok: true }>>;
  const badFiles = files.filter((f) => !f.ok).length;
  c.io.err(`${bad} problem${bad === 1 ? '' : 's'} in ${badFiles} of ${files.length} file${files.length === 1 ? '' : 's'}.`);
  return null;
}

export async function validate(c: Ctx): Promise<ExitCode> {
  const files = readAll(c);
  const ok = reportProblems(c, files);
  if (!ok) return EXIT.PROBLEMS;
  for (const f of ok) c.io.out(`${f.file}: valid (${f.definition.id}, hash ${f.hash.slice(0, 12)})`);
  return EXIT.OK;
}
