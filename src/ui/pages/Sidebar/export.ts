/**
 * All requests > Export CSV: every request the filters in force match (not only the page shown), as a CSV file
 * the browser saves. The server builds the file (handoffPanelExportRequests); the page only offers it.
 */
import { clear, h } from '../../shared/dom';
import { change } from './status';
import type * as T from './types';

export function exportButton(filters: T.ListFilters, results: HTMLElement): HTMLElement {
  const out = h('div', { class: 'export-out' });
  const go = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
  go.onclick = () => {
    const { offset: _o, limit: _l, ...inForce } = filters;
    void change<T.ExportResult>(
      out,
      go,
      'handoffPanelExportRequests',
      inForce,
      (r) => `${r.rows} request${r.rows === 1 ? '' : 's'} exported${r.filtered ? ' (the filters in force)' : ''}.`,
      (r) => {
        const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }));
        const link = h('a', { href: url, download: r.filename, class: 'download' }, `Save ${r.filename}`);
        out.appendChild(link);
        link.click();
      },
    );
  };
  // The results area is redrawn on every page; the export's answer sits above it.
  results.before(out);
  clear(out);
  return go;
}
