import type { ApiCtx } from './context';
import { badRequest } from './errors';
import { gridRangeRef, type GridRangeInput } from './ranges';
import { protectedRange } from './spreadsheet-get';
import { needSheet, type Req } from './request-kit';

export function addProtectedRange(x: ApiCtx, r: Req): Record<string, unknown> {
  const pr = (r.protectedRange ?? {}) as {
    range?: GridRangeInput;
    description?: string;
    warningOnly?: boolean;
    editors?: { users?: string[] };
  };
  const d = needSheet(x, pr.range?.sheetId);
  const g = pr.range ?? {};
  const whole =
    g.startRowIndex === undefined && g.endRowIndex === undefined && g.startColumnIndex === undefined && g.endColumnIndex === undefined;
  if (pr.warningOnly && pr.editors) throw badRequest('ProtectedRange is warningOnly. Editors cannot be set on it.');
  if (whole && x.ss.protections.some((p) => p.type === 'SHEET' && p.sheetId === d.sheetId))
    throw badRequest(`Sheet "${d.name}" already has sheet protection.`);
  const ref = gridRangeRef(d, g);
  const editors = [x.ss.owner, x.user, ...(pr.editors?.users ?? [])].filter(
    (e, i, a) => e && a.findIndex((y) => y.toLowerCase() === e.toLowerCase()) === i,
  );
  const data = {
    id: x.ss.nextObjectId++,
    type: whole ? ('SHEET' as const) : ('RANGE' as const),
    sheetId: d.sheetId,
    row: ref.r1,
    col: ref.c1,
    numRows: ref.r2 - ref.r1 + 1,
    numCols: ref.c2 - ref.c1 + 1,
    description: pr.description ?? '',
    editors,
    warningOnly: pr.warningOnly === true,
    domainEdit: false,
  };
  x.ss.protections.push(data);
  x.onRollback(() => x.ss.protections.splice(x.ss.protections.indexOf(data), 1));
  return { addProtectedRange: { protectedRange: protectedRange(x.ss, data, x.user) } };
}

export function deleteProtectedRange(x: ApiCtx, r: Req): undefined {
  const i = x.ss.protections.findIndex((p) => p.id === Number(r.protectedRangeId));
  if (i < 0) throw badRequest(`No protected range with id: ${String(r.protectedRangeId)}`);
  const [p] = x.ss.protections.splice(i, 1);
  x.onRollback(() => x.ss.protections.splice(i, 0, p!));
  return undefined;
}
