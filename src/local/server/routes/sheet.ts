/** Hand edits on the Sheet page: POST /api/sheet/edit { as, tab, cell, value } (hand-edit.ts). */
import { handEdit } from '../hand-edit';
import type { ApiHandlers } from './context';

export const sheetApi: ApiHandlers = {
  'POST /api/sheet/edit': ({ p }, body) => handEdit(p, body.as, body.tab, body.cell, body.value),
};
