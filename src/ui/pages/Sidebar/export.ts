/**
 * All requests > Export CSV: every request the filters in force match (not only the page shown), as a CSV file
 * the browser saves. The server builds the file (handoffPanelExportRequests); the page only offers it. Whether Apps
 * Script's sandboxed sidebar frame lets the browser save a file is not certain, so the same text is also offered to
 * copy (select it, then copy and paste it into a file or a sheet).
 */
import { clear, h } from '../../shared/dom';
import { change } from './status';
import type * as T from './types';

export function exportButton(filters: T.ListFilters, results: HTMLElement): HTMLElement {
  const out = h('div', { class: 'export-out' });
  const go = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
  go.onclick = () => {
    const { offset: _o, limit: _l, ...inForce } = filters;
    void change(
      out,
      go,
      'handoffPanelExportRequests',
      inForce,
      (r) => `${r.rows} request${r.rows === 1 ? '' : 's'} exported${r.filtered ? ' (the filters in force)' : ''}.`,
      (r) => {
        const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }));
        const link = h('a', { href: url, download: r.filename, class: 'download' }, `Save ${r.filename}`);
        out.append(link, copyBox(r.csv));
        link.click();
      },
    );
  };
  // The results area is redrawn on every page; the export's answer sits above it.
  results.before(out);
  clear(out);
  return go;
}

/** The CSV as text to copy, folded away: for when the frame does not let the browser save the file. */
function copyBox(csv: string): HTMLElement {
  const text = h('textarea', { readonly: true, rows: 6, 'aria-label': 'The CSV, to copy', spellcheck: 'false' }) as HTMLTextAreaElement;
  text.value = csv;
  const select = h('button', { type: 'button', class: 'secondary' }, 'Select all');
  select.onclick = () => {
    text.focus();
    text.select();
  };
  return h('details', { class: 'csv-copy' }, h('summary', {}, 'No file saved? Copy the CSV instead'), text, select);
}
