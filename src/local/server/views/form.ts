/** The linked Google Form as a page (from the local FormApp), with refused answers marked. */
import type { FormData, ItemData } from '../../services/forms/model';
import { esc } from './html';

function itemInput(it: ItemData, value: string | string[] | undefined): string {
  const name = `item-${it.id}`;
  const v = (x: string) => (Array.isArray(value) ? value.includes(x) : value === x);
  const req = it.required ? ' required' : '';
  const id = `q${it.id}`;
  switch (it.type) {
    case 'PARAGRAPH_TEXT':
      return `<textarea id="${id}" name="${name}" rows="4"${req}>${esc(value ?? '')}</textarea>`;
    case 'MULTIPLE_CHOICE':
      return (it.choices ?? [])
        .map(
          (c, k) =>
            `<div><label><input type="radio" name="${name}" value="${esc(c.value)}"${v(c.value) ? ' checked' : ''}${req && k === 0 ? ' required' : ''}> ${esc(c.value)}</label></div>`,
        )
        .join('');
    case 'CHECKBOX':
      return (it.choices ?? [])
        .map(
          (c) =>
            `<div><label><input type="checkbox" name="${name}" value="${esc(c.value)}"${v(c.value) ? ' checked' : ''}> ${esc(c.value)}</label></div>`,
        )
        .join('');
    case 'LIST':
      return `<select id="${id}" name="${name}"${req}><option value="">Choose</option>${(it.choices ?? []).map((c) => `<option${v(c.value) ? ' selected' : ''} value="${esc(c.value)}">${esc(c.value)}</option>`).join('')}</select>`;
    case 'DATE':
      return `<input type="date" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
    case 'DATETIME':
      return `<input type="datetime-local" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
    case 'TIME':
      return `<input type="time" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
    case 'SCALE': {
      const s = it.scale ?? { lower: 1, upper: 5, leftLabel: '', rightLabel: '' };
      const opts: string[] = [];
      for (let n = s.lower; n <= s.upper; n++)
        opts.push(`<label><input type="radio" name="${name}" value="${n}"${v(String(n)) ? ' checked' : ''}> ${n}</label> `);
      return `${esc(s.leftLabel)} ${opts.join('')} ${esc(s.rightLabel)}`;
    }
    default:
      return `<input type="text" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
  }
}

export function formBody(i: {
  form: FormData | null;
  as: string;
  values?: Record<string, string | string[]>;
  errors?: Array<{ itemId: number; title: string; message: string }>;
  message?: string;
  /** Editing a response through its edit link: the link's token, and whose response it is. */
  edit?: { token: string; respondent: string };
  done?: { confirmation: string; responseId: string; runs: Array<{ handler: string; ok: boolean; error?: string }> };
}): string {
  if (!i.form) return `<h1>Form</h1><div class="card"><p>No form is linked yet. As an admin, use Handoff &gt; Link a form.</p></div>`;
  const f = i.form;
  const errs = new Map((i.errors ?? []).map((e) => [e.itemId, e.message]));
  if (i.done) {
    return `<h1>${esc(f.title)}</h1><div class="card" id="form-done"><p class="ok">${esc(i.done.confirmation)}</p>
<p class="muted">Response ${esc(i.done.responseId)}, submitted as ${esc(i.as)}. Triggers run: ${i.done.runs.map((r) => `${esc(r.handler)} ${r.ok ? '✓' : `✗ ${esc(r.error ?? '')}`}`).join('; ') || 'none'}.</p>
<p><a href="/form">Submit another response</a> · <a href="/sheet?tab=Requests">See the Requests tab</a></p></div>`;
  }
  const items = f.items
    .map((it) => {
      if (it.type === 'SECTION_HEADER') return `<h2>${esc(it.title)}</h2>${it.helpText ? `<p class="muted">${esc(it.helpText)}</p>` : ''}`;
      if (it.type === 'PAGE_BREAK') return `<hr><h2>${esc(it.title)}</h2>`;
      const err = errs.get(it.id);
      return `<div class="q" data-item="${it.id}"><label class="q" for="q${it.id}">${esc(it.title)}${it.required ? ' <span class="req">*</span>' : ''}</label>
${it.helpText ? `<div class="muted">${esc(it.helpText)}</div>` : ''}${itemInput(it, i.values?.[String(it.id)])}${err ? `<div class="err">${esc(err)}</div>` : ''}</div>`;
    })
    .join('\n');
  const who = i.edit
    ? `<p class="muted" id="form-editing">Editing the response of <b>${esc(i.edit.respondent || 'an anonymous respondent')}</b> (its edit link). Submitting changes that response; the form-submit triggers run again, as for an edit.</p>`
    : `<p class="muted">Signed in as <b>${esc(i.as)}</b>${f.collectEmail ? ' (your email is recorded with the response)' : ''}.</p>`;
  return `<h1>${i.edit ? 'Edit your response: ' : ''}${esc(f.title)}</h1>
<div class="card">${f.description ? `<p>${esc(f.description)}</p>` : ''}
${who}
${i.message ? `<p class="err" id="form-error">${esc(i.message)}</p>` : ''}
<form method="post" action="/form" id="handoff-form" novalidate>
<input type="hidden" name="as" value="${esc(i.as)}"><input type="hidden" name="formId" value="${esc(f.id)}">${i.edit ? `<input type="hidden" name="edit" value="${esc(i.edit.token)}">` : ''}
${items}
<p><button type="submit">Submit</button></p>
</form></div>`;
}
