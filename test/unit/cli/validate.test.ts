/**
 * `handoff validate`: offline, on core's validator; every problem with its file, line, column and path;
 * exit 1 on any problem, 0 when every file is valid. Also the JSON locator the line numbers come from.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonSyntaxError, parseLocated, positionOf } from '../../../src/cli/json-locate';
import { SCHEMA_FILE, workflowJsonSchema } from '../../../src/cli/schema';
import { workflowFileText } from '../../../src/cli/workflow-files';
import { purchaseApproval, templates } from '../../../src/templates';
import { handoff, tempDir } from './helpers';

describe('the JSON locator', () => {
  it('gives the line and column where each path starts', () => {
    const text = '{\n  "a": 1,\n  "list": [\n    { "k": "x" },\n    { "k": "y" }\n  ]\n}\n';
    const l = parseLocated(text);
    expect(l.value).toEqual({ a: 1, list: [{ k: 'x' }, { k: 'y' }] });
    expect(l.positions.get('a')).toEqual({ line: 2, column: 8 });
    expect(l.positions.get('list[1].k')).toEqual({ line: 5, column: 12 });
    // A path that is not in the file (a missing key) is shown where its nearest parent starts.
    expect(positionOf(l, 'list[1].missing')).toEqual({ line: 5, column: 5 });
  });

  it('names the line and column of a syntax error, a trailing comma and a duplicate key', () => {
    const at = (t: string) => {
      try {
        parseLocated(t);
      } catch (e) {
        if (e instanceof JsonSyntaxError) return [e.position.line, e.position.column, e.message];
      }
      return null;
    };
    expect(at('{\n  "a": 1,\n  "b": tru\n}')).toEqual([3, 8, 'Expected a value but found "t"']);
    expect(at('{\n  "a": [1, 2,]\n}')).toEqual([2, 14, 'A comma before "]" is not allowed in JSON']);
    expect(at('{"a": 1,\n "a": 2}')).toEqual([2, 2, 'The key "a" appears twice in the same object']);
  });
});

describe('handoff validate', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    mkdirSync(join(dir, 'workflows'));
  });

  it('accepts every template written as a pulled file (exit 0), reading workflows/ by default', async () => {
    for (const t of templates) writeFileSync(join(dir, 'workflows', `${t.id}.json`), workflowFileText(t));
    writeFileSync(join(dir, 'workflows', SCHEMA_FILE), JSON.stringify(workflowJsonSchema()));
    const r = await handoff(['validate'], { cwd: dir });
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(templates.length);
    expect(r.out[0]).toMatch(/^workflows\/.*\.json: valid \(/);
  });

  it('reports every problem with file:line:column: path: message and exits 1', async () => {
    const def = JSON.parse(JSON.stringify(purchaseApproval));
    def.states[1].kind = 'waiting';
    def.fields[0].type = 'colour';
    const file = join(dir, 'workflows', `${def.id}.json`);
    writeFileSync(file, workflowFileText(def));
    const text = readFileSync(file, 'utf8').split('\n');
    const kindLine = text.findIndex((l) => l.includes('"waiting"')) + 1;
    const typeLine = text.findIndex((l) => l.includes('"colour"')) + 1;
    const r = await handoff(['validate', `workflows/${def.id}.json`], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContainEqual(expect.stringMatching(new RegExp(`^workflows/${def.id}\\.json:${kindLine}:\\d+: states\\[1\\]\\.kind: `)));
    expect(r.err).toContainEqual(expect.stringMatching(new RegExp(`^workflows/${def.id}\\.json:${typeLine}:\\d+: fields\\[0\\]\\.type: `)));
    expect(r.err[r.err.length - 1]).toBe('2 problems in 1 of 1 file.');
  });

  it('a malformed file names the file, line and column; a file named for another workflow is a problem', async () => {
    writeFileSync(join(dir, 'workflows', 'broken.json'), '{\n  "id": "broken",\n  "name": "x"\n  "prefix": "B"\n}\n');
    writeFileSync(join(dir, 'workflows', 'other.json'), workflowFileText(purchaseApproval));
    const r = await handoff(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain('workflows/broken.json:4:3: Not valid JSON: Expected "," or "}" but found """.');
    expect(r.err).toContainEqual(
      expect.stringMatching(
        /^workflows\/other\.json:\d+:\d+: id: The file is named "other\.json" but holds the workflow "purchase-approval"/,
      ),
    );
  });

  it('with no workflows/ folder and no files it says to pull first (exit 2)', async () => {
    const r = await handoff(['validate'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/run `handoff pull` first/);
  });
});

describe('the workflow JSON schema', () => {
  it('is generated from core\'s zod definition and lets files carry "$schema"', () => {
    const s = workflowJsonSchema() as { properties: Record<string, any>; required: string[]; additionalProperties: boolean };
    expect(s.required).toEqual(expect.arrayContaining(['id', 'name', 'prefix', 'fields', 'states', 'transitions']));
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.$schema).toEqual(expect.objectContaining({ type: 'string' }));
    expect(s.properties.states.items.properties.kind.enum).toEqual(['start', 'active', 'waiting_on_requester', 'terminal']);
  });
});
