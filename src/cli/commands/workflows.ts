/**
 * `handoff pull`, `handoff diff`, `handoff publish`: the published workflows come from and go to the add-on's
 * own admin functions (handoffPanelWorkflows, handoffPanelPublishWorkflow) through scripts.run, as the signed-in
 * admin, so the roles, the lock, versioning and the audit are exactly the sidebar editor's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Definition } from '../../core';
import { clients, type Ctx, scriptId } from '../context';
import { EXIT, type ExitCode } from '../exit-codes';
import { runFunction } from '../remote';
import { SCHEMA_FILE, workflowJsonSchema } from '../schema';
import { diffDefinitions, formatDiff } from '../semantic-diff';
import { WORKFLOWS_DIR, workflowFileText } from '../workflow-files';
import { readAll, reportProblems } from './validate';

export interface Published {
  workflowId: string;
  name: string;
  latest: number;
  definition: Definition;
}

export async function published(c: Ctx): Promise<Published[]> {
  const { script } = await clients(c);
  const r = await runFunction<{ workflows: Published[] }>(script, scriptId(c), 'handoffPanelWorkflows', [{}]);
  return r?.workflows ?? [];
}

export async function pull(c: Ctx): Promise<ExitCode> {
  const list = await published(c);
  const dir = join(c.cwd, c.opts.dir ?? WORKFLOWS_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, SCHEMA_FILE), `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
  for (const w of list) {
    writeFileSync(join(dir, `${w.workflowId}.json`), workflowFileText(w.definition));
    c.io.out(`${join(c.opts.dir ?? WORKFLOWS_DIR, `${w.workflowId}.json`)}: ${w.workflowId} version ${w.latest}`);
  }
  c.io.err(
    `Pulled ${list.length} workflow${list.length === 1 ? '' : 's'} into ${c.opts.dir ?? WORKFLOWS_DIR}/ (with ${SCHEMA_FILE} for editors).`,
  );
  return EXIT.OK;
}

export async function diff(c: Ctx): Promise<ExitCode> {
  const files = reportProblems(c, readAll(c));
  if (!files) return EXIT.PROBLEMS;
  const remote = new Map((await published(c)).map((w) => [w.workflowId, w]));
  let changed = 0;
  for (const f of files) {
    const before = remote.get(f.definition.id) ?? null;
    const changes = diffDefinitions(before?.definition ?? null, f.definition);
    if (changes.length > 0 || !before) changed++;
    for (const line of formatDiff({ workflowId: f.definition.id, from: before?.latest ?? null, changes }, null)) c.io.out(line);
  }
  c.io.err(`${changed} of ${files.length} workflow${files.length === 1 ? '' : 's'} would change.`);
  return EXIT.OK;
}

interface PublishAnswer {
  ok: boolean;
  problems: Array<{ path: string; message: string }>;
  version: number | null;
  workflowId?: string;
  created: boolean;
  /** A linked form lacks a question the version requires (one sentence); nothing was published. */
  formGaps?: string;
  formsAdded?: string[];
}

export async function publish(c: Ctx): Promise<ExitCode> {
  const files = reportProblems(c, readAll(c));
  if (!files) {
    c.io.err('Nothing was published.');
    return EXIT.PROBLEMS;
  }
  const { script } = await clients(c);
  const id = scriptId(c);
  let refused = 0;
  for (const f of files) {
    const updateForms = c.opts['update-forms'] === true;
    const r = await runFunction<PublishAnswer>(script, id, 'handoffPanelPublishWorkflow', [
      updateForms ? { definition: f.definition, updateForms } : { definition: f.definition },
    ]);
    if (!r.ok && r.formGaps) {
      refused++;
      c.io.err(`${f.file}: not published. ${r.formGaps} Run again with --update-forms to add the questions (required) and publish.`);
      continue;
    }
    if (!r.ok) {
      refused++;
      for (const p of r.problems) c.io.err(`${f.file}: ${p.path}: ${p.message}`);
      c.io.err(`${f.file}: not published (the add-on found ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}).`);
      continue;
    }
    c.io.out(
      r.created
        ? `${f.definition.id}: published version ${r.version}`
        : `${f.definition.id}: no change (version ${r.version} is the same; nothing was published)`,
    );
    for (const added of r.formsAdded ?? []) c.io.out(`${f.definition.id}: ${added}`);
  }
  return refused ? EXIT.PROBLEMS : EXIT.OK;
}
