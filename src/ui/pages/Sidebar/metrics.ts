/** Metrics (operators): cycle times, time in each state, rates and SLA breaches per workflow. */
import { barChart } from '../../shared/charts';
import { formatDuration, h } from '../../shared/dom';
import { view } from './nav';
import { load, status } from './status';

export function metrics(): void {
  const box = h('section', { 'aria-labelledby': 'h-metrics' }, h('h2', { id: 'h-metrics' }, 'Metrics'));
  const body = h('div');
  box.appendChild(body);
  view.appendChild(box);
  void load(body, 'handoffPanelMetrics', {}, (r) => {
    if (r.workflows.length === 0) {
      body.appendChild(status('empty', 'No requests yet: metrics appear once requests come in.'));
      return;
    }
    // Archived requests are counted through the timers' summary; before its first build only the live log is.
    if (r.source !== 'summary')
      body.appendChild(
        status('empty', 'Counting the live log only: archived requests join once the timers have built the metrics summary.'),
      );
    if (r.pending > 0) body.appendChild(status('empty', `${r.pending} recent events are not counted yet: the next timer run adds them.`));
    for (const w of r.workflows) {
      const pct = (x: number) => `${Math.round(x * 100)}%`;
      body.appendChild(
        h(
          'article',
          { class: 'card' },
          h('h3', {}, w.name),
          h(
            'p',
            { class: 'meta' },
            `${w.requests} request${w.requests === 1 ? '' : 's'}, ${w.completed} finished · cycle time median ${formatDuration(w.cycleTime.median)}, p90 ${formatDuration(w.cycleTime.p90)} · ${w.slaBreaches} SLA breach${w.slaBreaches === 1 ? '' : 'es'}`,
          ),
          barChart(
            'Time in each state (median; red: p90)',
            w.perState.map((s) => ({
              label: s.label,
              value: s.median,
              value2: s.p90,
              text: `${formatDuration(s.median)} / ${formatDuration(s.p90)}`,
            })),
          ),
          barChart('Rates', [
            { label: 'Rework', value: w.reworkRate, text: pct(w.reworkRate) },
            { label: 'Exceptions', value: w.exceptionRate, text: pct(w.exceptionRate) },
            { label: 'From the form', value: w.formShare, text: pct(w.formShare) },
          ]),
          barChart('SLA breaches', [
            { label: 'Breaches', value: w.slaBreaches, text: String(w.slaBreaches) },
            { label: 'Requests', value: w.requests, text: String(w.requests) },
          ]),
        ),
      );
    }
  });
}
