/**
 * A new form response as one unit of work: under the lock, one batchGet (the response id's bucket of the Index, the
 * new request id's bucket, the tails of Requests, Audit, Outbox and Intake log, Config/Directory unless cached),
 * the mapping and the engine, and one batchUpdate (the request row, its Audit and Outbox rows, long answers'
 * Audit rows, the Intake log row, both Index entries). A response the Index already knows (a second delivery, an
 * edit) and every response that cannot become a request go the way they always went (src/gas/intake).
 */
import { normalizeEmail } from '../../core';
import type { AppContext } from '../context';
import { HandoffError, MissingTabError, UnknownWorkflowError } from '../errors';
import { answersToFields } from '../intake/mapping';
import type { FormLink } from '../intake/links';
import type { IntakeOutcome } from '../intake/outcome';
import { fitFields, overflowEvents } from '../intake/overflow';
import { INTAKE_LOG } from '../intake/tabs';
import { IntakeLog, ledgerRecord, type LedgerEntry, type RawResponse } from '../intake/stores';
import { REQUESTS } from '../sheet/tabs';
import { unquoted } from './codec';
import { createIn, readForUnit } from './commands';
import { indexGet, indexPut, isArchivedResponse, planIndex, planNextIds } from './index';
import { findRowsByText, stageAudit } from './rows';
import { ReadPlan } from './snapshot';
import { tableOf } from './tables';
import { nextRow, planTail, stageTails } from './tails';
import type { PlaneProps } from './props';
import { runUnit } from './unit';

/** What the unit decided when it could not simply create: the caller takes the long way (edit, park). */
export type IntakeDecision =
  | { kind: 'done'; outcome: IntakeOutcome }
  | { kind: 'known'; entry: LedgerEntry & { row: number; cells: import('../sheet/values').CellValue[] } }
  | { kind: 'park'; parkKind: 'unmappable' | 'failed' | 'late_edit'; workflow: string; reason: string };

const TAILS = ['Requests', 'Audit', 'Outbox', INTAKE_LOG.name];

export function intakeUnit(
  ctx: AppContext,
  link: FormLink,
  raw: RawResponse,
  liveIds: () => Set<number>,
  /** The timer's sweep took this response (its trigger had not delivered it): the request and its audit say so. */
  via?: 'sweep',
  /** Stages the form-submit trigger's heartbeat into the unit's property write, once the request is created. */
  beat?: (props: PlaneProps) => void,
): IntakeDecision {
  return runUnit(ctx, { lock: true }, (u): IntakeDecision => {
    if (!u.schema.tabs[INTAKE_LOG.name]) throw new MissingTabError(INTAKE_LOG.name);
    // Config and Directory ride in the batchGet (a few hundred cells, well under a millisecond): no cache call.
    const l = readForUnit(
      u,
      (plan) => {
        for (const tab of TAILS) planTail(u, plan, tab);
        planIndex(u, plan, raw.responseId);
        planNextIds(u, plan);
      },
      [],
      'none',
    );
    const known = indexGet(u, l.snap, 'intake', raw.responseId);
    if (known) {
      const table = tableOf(u.schema, INTAKE_LOG);
      const hint = Number(known.slice(known.lastIndexOf('|') + 1));
      // The row is a hint (an archive run removes rows above it): checked, else one TextFinder lookup.
      const tryRow = (row: number) => {
        const snap = u.read(new ReadPlan().rows(INTAKE_LOG.name, row), l.snap);
        const cells = snap.row(INTAKE_LOG.name, row) ?? [];
        const entry = IntakeLog.fromRecord(table.record(cells));
        return entry.responseId === raw.responseId ? { kind: 'known' as const, entry: { ...entry, row, cells } } : null;
      };
      const found = Number.isInteger(hint) && hint >= 2 ? tryRow(hint) : null;
      if (found) return found;
      for (const row of findRowsByText(u, INTAKE_LOG.name, table.col('Response ID'), raw.responseId)) {
        const again = tryRow(row);
        if (again) return again;
      }
    }
    // A response whose request moved to the yearly archive (its ledger row moved too): an edit made after the
    // move. It is kept for review, never a second request (docs/archives.md, "The Intake log and its window").
    if (!known && isArchivedResponse(u, l.snap, raw.responseId))
      return {
        kind: 'park',
        parkKind: 'late_edit',
        workflow: link.workflowId,
        reason:
          "The response was edited after its request moved to the yearly archive (the archive's Intake log names the request); the edit was not applied.",
      };

    let version;
    try {
      version = l.config.latest(link.workflowId);
    } catch (e) {
      if (e instanceof UnknownWorkflowError)
        return {
          kind: 'park',
          parkKind: 'unmappable',
          workflow: link.workflowId,
          reason: `The workflow "${link.workflowId}" no longer exists (no published version). Publish it again, or link the form to another workflow, and re-process.`,
        };
      throw e;
    }
    const def = version.definition;
    const mapped = answersToFields(def, link.mapping, raw.answers, liveIds);
    if (!mapped.ok) return { kind: 'park', parkKind: 'unmappable', workflow: link.workflowId, reason: mapped.reason };
    const requester = normalizeEmail(raw.respondentEmail);
    if (!requester)
      return {
        kind: 'park',
        parkKind: 'unmappable',
        workflow: link.workflowId,
        reason: 'The response has no respondent email: turn on "Collect email addresses" in the form\'s settings, then re-process.',
      };
    const fields = { ...mapped.fields };
    const overflow = [...mapped.overflow];
    fitFields(ctx, def, fields, overflow, tableOf(u.schema, REQUESTS));
    let result;
    try {
      result = createIn(u, l, {
        workflowId: link.workflowId,
        version: version.version,
        requester,
        fields,
        channel: 'form',
        actor: { email: requester, method: 'form_response' },
        ...(via ? { origin: { via, responseId: raw.responseId } } : {}),
      });
    } catch (e) {
      if (e instanceof HandoffError && e.code !== 'lock_timeout')
        return { kind: 'park', parkKind: 'failed', workflow: link.workflowId, reason: `The request could not be created: ${e.message}` };
      throw e;
    }
    const req = result.request;
    if (overflow.length) stageAudit(u, l.snap, overflowEvents(req, overflow, ctx.now()));
    const ignored = [
      via ? "Taken by the timer's sweep: the form's trigger had not delivered this response." : '',
      mapped.ignored.length
        ? `Answers to questions not mapped to a field were not stored in the request: ${mapped.ignored.map((a) => `"${a.title}"`).join(', ')}.`
        : '',
    ]
      .filter((x) => x)
      .join(' ');
    const log = tableOf(u.schema, INTAKE_LOG);
    const logRow = nextRow(u, l.snap, INTAKE_LOG.name);
    u.changes.append(INTAKE_LOG.name, [
      log.row(
        unquoted(
          ledgerRecord({
            responseId: raw.responseId,
            requestId: req.id,
            editLink: raw.editLink,
            note: ignored,
          }),
        ),
      ),
    ]);
    indexPut(u, l.snap, 'intake', raw.responseId, `${req.id}|${logRow}`);
    stageTails(u, l.snap);
    beat?.(u.props);
    return {
      kind: 'done',
      outcome: {
        status: 'created',
        responseId: raw.responseId,
        requestId: req.id,
        state: req.state,
        problems: req.intakeProblems.map((p) => p.message),
      },
    };
  });
}
