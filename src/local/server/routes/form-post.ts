/** POST /form: the playground's Google Form page submits here; refused answers come back marked on the form. */
import { FormRefused } from '../errors';
import { responseByToken } from '../forms';
import { formBody } from '../views/form';
import { parseForm, readBody } from '../io';
import type { RouteGroup } from './context';

export const formPostRoute: RouteGroup = {
  name: 'form submit',
  claims: (path, method) => method === 'POST' && path === '/form',
  async handle(c) {
    const { p } = c;
    c.checkOrigin();
    const fields = parseForm(await readBody(c.req, c.limit));
    const as = p.person(fields.get('as')?.[0]).email;
    const formId = fields.get('formId')?.[0];
    const form = p.form(formId);
    // An edit (the response's edit link) sends every question, so an answer cleared on the page is cleared.
    const token = fields.get('edit')?.[0];
    const edit = token ? { token, respondent: responseByToken(p, token).response.respondentEmail } : undefined;
    const answers: Record<string, string | string[]> = {};
    const values: Record<string, string | string[]> = {};
    for (const it of form.items) {
      const v = fields.get(`item-${it.id}`) ?? (edit && it.type === 'CHECKBOX' ? [] : undefined);
      if (!v) continue;
      const val = it.type === 'CHECKBOX' ? v : (v[0] ?? '');
      values[String(it.id)] = val;
      if (edit || (val !== '' && !(Array.isArray(val) && val.length === 0))) answers[String(it.id)] = val;
    }
    try {
      const done = edit ? await p.editResponse(edit.token, answers) : await p.submitForm(form.id, as, answers);
      return c.page('form', form.title, (who) => formBody({ form, as: who, done }));
    } catch (e) {
      if (!(e instanceof FormRefused)) throw e;
      return c.page(
        'form',
        form.title,
        (who) =>
          formBody({
            form,
            as: who,
            values,
            ...(edit ? { edit } : {}),
            errors: e.errors,
            message: e.errors.length ? 'Please fix the answers marked below.' : e.message,
          }),
        undefined,
        422,
      );
    }
  },
};
