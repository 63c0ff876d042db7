/**
 * dist/Code.js with the timers wired (test/integration/harness.ts loadBundle, plus the local ScriptApp and MailApp):
 * the local Workspace's clock fires the installed triggers in the script's vm, as Apps Script runs them.
 */
import { createMailServices } from '../../src/local/services/mail';
import { createScriptServices } from '../../src/local/services/script';
import { loadBundle } from './harness';

export function timersBundle(owner: string, start: number) {
  const h = loadBundle(owner);
  const c = h.context as unknown as Record<string, unknown>;
  const script = createScriptServices(h.ws.kernel);
  const mail = createMailServices(h.ws.kernel);
  c.ScriptApp = script.ScriptApp;
  c.MailApp = mail.MailApp;
  c.GmailApp = mail.GmailApp;
  (h.ws.globals as Record<string, unknown>).ScriptApp = script.ScriptApp;
  script.invoker.set({
    has: (fn) => typeof c[fn] === 'function',
    invoke: (fn, event, opts) =>
      h.ws.kernel.executions.run(
        { activeUser: opts.activeUser, effectiveUser: opts.effectiveUser ?? opts.activeUser, kind: opts.kind },
        () => (c[fn] as (e: unknown) => unknown)(event),
      ),
  });
  h.ws.kernel.clock.set(start);
  return { h, c, script, mail };
}
