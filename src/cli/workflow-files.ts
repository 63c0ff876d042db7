/**
 * Workflow files on disk: one JSON file per workflow in `workflows/`, named after its id, with "$schema"
 * pointing at the generated schema. Reading one gives every problem with its file, line and path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { validateDefinition, type Definition } from '../core';
import { CliError, EXIT } from './exit-codes';
import { JsonSyntaxError, parseLocated, positionOf } from './json-locate';
import { SCHEMA_FILE } from './schema';

export const WORKFLOWS_DIR = 'workflows';

export interface FileProblem {
  file: string;
  line: number;
  column: number;
  /** The path inside the definition (core's notation, e.g. `states[2].kind`); '' for a syntax error. */
  path: string;
  message: string;
}

export type WorkflowFile =
  | { file: string; ok: true; definition: Definition; hash: string }
  | { file: string; ok: false; problems: FileProblem[] };

/** The files named, or every *.json in workflows/ (the schema file excepted). A folder stands for its *.json files. */
export function workflowPaths(args: readonly string[], cwd: string): string[] {
  const targets = args.length > 0 ? args : [WORKFLOWS_DIR];
  const out: string[] = [];
  for (const t of targets) {
    const abs = resolve(cwd, t);
    if (!existsSync(abs)) {
      if (args.length === 0)
        throw new CliError(`There is no ${WORKFLOWS_DIR}/ folder here: run \`handoff pull\` first, or name the files.`, EXIT.USAGE);
      throw new CliError(`${t}: no such file or folder.`, EXIT.USAGE);
    }
    if (statSync(abs).isDirectory()) {
      const files = readdirSync(abs)
        .filter((f) => f.endsWith('.json') && f !== SCHEMA_FILE)
        .sort();
      out.push(...files.map((f) => join(abs, f)));
    } else out.push(abs);
  }
  if (out.length === 0) throw new CliError(`No workflow files (*.json) in ${targets.join(', ')}.`, EXIT.USAGE);
  return out;
}

/** Reads, parses and validates one file with core's validator (offline). `shown` is how the file is named in messages. */
export function readWorkflowFile(absPath: string, shown: string = absPath): WorkflowFile {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (e) {
    return {
      file: shown,
      ok: false,
      problems: [{ file: shown, line: 1, column: 1, path: '', message: `Cannot read the file: ${String(e)}` }],
    };
  }
  return checkWorkflowText(text, shown);
}

export function checkWorkflowText(text: string, shown: string): WorkflowFile {
  let located: ReturnType<typeof parseLocated>;
  try {
    located = parseLocated(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return {
      file: shown,
      ok: false,
      problems: [{ file: shown, line: e.position.line, column: e.position.column, path: '', message: `Not valid JSON: ${e.message}.` }],
    };
  }
  const json = located.value;
  if (json && typeof json === 'object' && !Array.isArray(json)) delete (json as Record<string, unknown>).$schema;
  const result = validateDefinition(json);
  if (!result.ok) {
    return {
      file: shown,
      ok: false,
      problems: result.problems.map((p) => {
        const at = positionOf(located, p.path);
        return { file: shown, line: at.line, column: at.column, path: p.path, message: p.message };
      }),
    };
  }
  const name = basename(shown, '.json');
  if (name !== result.definition.id)
    return {
      file: shown,
      ok: false,
      problems: [
        {
          file: shown,
          ...positionOf(located, 'id'),
          path: 'id',
          message: `The file is named "${name}.json" but holds the workflow "${result.definition.id}": name it ${result.definition.id}.json.`,
        },
      ],
    };
  return { file: shown, ok: true, definition: result.definition, hash: result.hash };
}

/** `file:line:column: path: message`, the form editors and CI annotate. */
export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** The text of a pulled file: "$schema" first, then the definition, two-space indented, ending with a newline. */
export function workflowFileText(def: Definition, schemaRef = `./${SCHEMA_FILE}`): string {
  return `${JSON.stringify({ $schema: schemaRef, ...def }, null, 2)}\n`;
}

export function shownPath(abs: string, cwd: string): string {
  const r = relative(cwd, abs);
  return r.startsWith('..') ? abs : r;
}
