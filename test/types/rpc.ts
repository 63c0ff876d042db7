/**
 * Type-level test of the sidebar's boundary with the server, checked by `npm run typecheck` (tsconfig.ui.json):
 * each @ts-expect-error line MUST be a compile error, or tsc fails with "Unused '@ts-expect-error' directive".
 * Nothing here runs.
 */
import { run, type ArgsOf, type ResultOf } from '../../src/ui/shared/rpc';

export function boundary(): void {
  // The real calls compile: the name, the arguments and the result come from src/main.ts.
  void run('handoffPanelGetRequest', { requestId: 'PR-000001' }).then((r) => r.timeline.map((e) => e.action));
  void run('handoffPanelWhoAmI').then((me) => me.views.includes('admin'));
  void run('handoffPanelListRequests', { overdue: true, limit: 25 });

  // @ts-expect-error a function the server does not export (a renamed one)
  void run('handoffPanelNoSuchFunction', {});
  // @ts-expect-error an argument of the wrong type: requestId is a string
  void run('handoffPanelGetRequest', { requestId: 42 });
  // @ts-expect-error a missing argument the server requires
  void run('handoffPanelGetRequest');
  // @ts-expect-error an argument the server does not take (its schema is strict)
  void run('handoffPanelGetRequest', { requestId: 'PR-000001', revision: 3 });
  // @ts-expect-error a filter the server does not have
  void run('handoffPanelListRequests', { colour: 'red' });
  // @ts-expect-error a server function that is not a panel target (triggers and the web app are not google.script.run targets)
  void run('doPost', {});

  const args: ArgsOf<'handoffPanelAct'>[0] = {
    requestId: 'PR-000001',
    expectedRevision: 1,
    action: { type: 'approve' },
  };
  void args;
  // @ts-expect-error a field the result does not have
  const missing = (r: ResultOf<'handoffPanelMyWork'>) => r.nothingHere;
  void missing;
}
