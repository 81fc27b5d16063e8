// `rewind schedule create | list | describe | toggle | trigger | delete`.
import type { ScheduleDescription, ScheduleOverlapPolicy, ScheduleSummary } from '@rewind/sdk/client';
import { list, req, str, UsageError, type CommandSpec, type Flags } from './command';
import { connectionFlags, withClient } from './connect';
import { parseInputs } from './json-args';
import { outputFlag, outputFormat, printFields, printJson, printTable } from './output';
import { inputFlags } from './workflow-flags';

const idFlag = { 'schedule-id': { type: 'string' as const, short: 's', description: 'Schedule id', required: true } };
const common = { ...connectionFlags, ...outputFlag };
const OVERLAP = ['SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'TERMINATE_OTHER', 'ALLOW_ALL'];

function overlapOf(flags: Flags): ScheduleOverlapPolicy | undefined {
  const v = str(flags, 'overlap-policy');
  if (v === undefined) return undefined;
  if (!OVERLAP.includes(v)) throw new UsageError(`--overlap-policy must be one of ${OVERLAP.join(', ')}, got ${v}.`);
  return v as ScheduleOverlapPolicy;
}

/** `--interval 1h` or `--interval 1h/15m` (every hour, at a quarter past). */
function intervalOf(text: string): { every: string; offset?: string } {
  const [every, offset] = text.split('/');
  if (!every) throw new UsageError(`--interval takes EVERY or EVERY/OFFSET ('1h', '1d/3h'), got ${text}.`);
  return { every, ...(offset ? { offset } : {}) };
}

export const scheduleCreate: CommandSpec = {
  words: ['schedule', 'create'],
  summary: 'create a schedule that starts a workflow at cron times or intervals (UTC)',
  details: `Example: rewind schedule create -s nightly --cron '0 3 * * *' --type nightlyBackupCheck --task-queue backups --overlap-policy SKIP`,
  flags: {
    ...idFlag,
    cron: { type: 'string', multiple: true, description: "A cron expression, UTC ('0 3 * * *', '@hourly')" },
    interval: { type: 'string', multiple: true, description: "Every so long, with an optional offset ('1h', '1d/3h')" },
    type: { type: 'string', description: 'Workflow type to start', required: true },
    'task-queue': { type: 'string', short: 't', description: 'Task queue of its workers', required: true },
    'workflow-id': { type: 'string', short: 'w', description: 'Workflow id prefix of the runs (default <schedule-id>-workflow)' },
    ...inputFlags,
    'overlap-policy': { type: 'string', description: `What to do when the last run still runs: ${OVERLAP.join(', ')}`, default: 'SKIP' },
    'catchup-window': { type: 'string', description: "After downtime, take missed actions up to this old ('1 day')" },
    'pause-on-failure': { type: 'boolean', description: 'Pause when a run fails' },
    paused: { type: 'boolean', description: 'Create it paused' },
    note: { type: 'string', description: 'A note (shown by describe)' },
    'remaining-actions': { type: 'string', description: 'Take only this many actions' },
    ...common,
  },
  async run(flags) {
    const cronExpressions = list(flags, 'cron');
    const intervals = list(flags, 'interval').map(intervalOf);
    if (cronExpressions.length === 0 && intervals.length === 0) throw new UsageError('Give at least one --cron or --interval.');
    const remaining = str(flags, 'remaining-actions');
    const workflowId = str(flags, 'workflow-id');
    const catchup = str(flags, 'catchup-window');
    const note = str(flags, 'note');
    const handle = await withClient(flags, (client) =>
      client.schedule.create({
        scheduleId: req(flags, 'schedule-id'),
        spec: { ...(cronExpressions.length ? { cronExpressions } : {}), ...(intervals.length ? { intervals } : {}) },
        action: {
          type: 'startWorkflow',
          workflowType: req(flags, 'type'),
          taskQueue: req(flags, 'task-queue'),
          args: parseInputs(list(flags, 'input'), str(flags, 'input-file')),
          ...(workflowId ? { workflowId } : {}),
        },
        policies: {
          overlap: overlapOf(flags)!,
          ...(catchup ? { catchupWindow: catchup } : {}),
          ...(flags['pause-on-failure'] ? { pauseOnFailure: true } : {}),
        },
        state: {
          ...(flags.paused ? { paused: true } : {}),
          ...(note ? { note } : {}),
          ...(remaining !== undefined ? { remainingActions: Number(remaining) } : {}),
        },
      }),
    );
    if (outputFormat(flags) === 'json') return printJson({ scheduleId: handle.scheduleId });
    process.stdout.write(`Schedule ${handle.scheduleId} created\n`);
  },
};

export const scheduleList: CommandSpec = {
  words: ['schedule', 'list'],
  summary: 'list schedules',
  flags: common,
  async run(flags) {
    const rows = await withClient(flags, async (client) => {
      const out: ScheduleSummary[] = [];
      for await (const s of client.schedule.list()) out.push(s);
      return out;
    });
    if (outputFormat(flags) === 'json') return printJson(rows.map((r) => r.raw));
    printTable(rows, [
      ['Schedule Id', (s) => s.scheduleId],
      ['Spec', (s) => specText(s)],
      ['Workflow Type', (s) => s.action?.workflowType ?? ''],
      ['Paused', (s) => (s.state.paused ? 'yes' : 'no')],
      ['Next Action', (s) => s.info.nextActionTimes[0]?.toISOString() ?? ''],
    ]);
  },
};

export const scheduleDescribe: CommandSpec = {
  words: ['schedule', 'describe'],
  summary: 'a schedule: its spec, state, recent and next actions',
  flags: { ...idFlag, ...common },
  async run(flags) {
    const s = await withClient(flags, (client) => client.schedule.getHandle(req(flags, 'schedule-id')).describe());
    if (outputFormat(flags) === 'json') return printJson(s.raw);
    printFields([
      ['Schedule Id', s.scheduleId],
      ['Spec', specText(s)],
      ['Workflow Type', s.action.workflowType],
      ['Task Queue', s.action.taskQueue],
      ['Overlap Policy', s.policies.overlap],
      ['Paused', s.state.paused ? `yes${s.state.note ? ` (${s.state.note})` : ''}` : 'no'],
      ['Remaining Actions', s.state.remainingActions !== undefined ? String(s.state.remainingActions) : undefined],
      ['Actions Taken', String(s.info.numActionsTaken)],
      ['Skipped (overlap)', String(s.info.numActionsSkippedOverlap)],
      ['Running', s.info.runningActions.map((a) => a.workflow.workflowId).join(', ') || undefined],
      [
        'Recent Actions',
        s.info.recentActions.map((a) => `${a.scheduledAt.toISOString()} ${a.action.workflow.workflowId}`).join('\n' + ' '.repeat(19)) ||
          undefined,
      ],
      [
        'Next Actions',
        s.info.nextActionTimes
          .slice(0, 5)
          .map((d) => d.toISOString())
          .join(', ') || undefined,
      ],
    ]);
  },
};

export const scheduleToggle: CommandSpec = {
  words: ['schedule', 'toggle'],
  summary: 'pause or unpause a schedule',
  flags: {
    ...idFlag,
    pause: { type: 'boolean', description: 'Pause it' },
    unpause: { type: 'boolean', description: 'Unpause it' },
    reason: { type: 'string', description: 'Why (kept as the schedule note)' },
    ...common,
  },
  async run(flags) {
    if (Boolean(flags.pause) === Boolean(flags.unpause)) throw new UsageError('Give exactly one of --pause or --unpause.');
    const reason = str(flags, 'reason');
    await withClient(flags, (client) => {
      const handle = client.schedule.getHandle(req(flags, 'schedule-id'));
      return flags.pause ? handle.pause(reason) : handle.unpause(reason);
    });
    const state = flags.pause ? 'paused' : 'unpaused';
    if (outputFormat(flags) === 'json') return printJson({ scheduleId: req(flags, 'schedule-id'), state });
    process.stdout.write(`Schedule ${req(flags, 'schedule-id')} ${state}\n`);
  },
};

export const scheduleTrigger: CommandSpec = {
  words: ['schedule', 'trigger'],
  summary: "take a schedule's action now",
  flags: {
    ...idFlag,
    'overlap-policy': { type: 'string', description: "Overlap policy for this action (default: the schedule's)" },
    ...common,
  },
  async run(flags) {
    await withClient(flags, (client) => client.schedule.getHandle(req(flags, 'schedule-id')).trigger(overlapOf(flags)));
    if (outputFormat(flags) === 'json') return printJson({ triggered: true });
    process.stdout.write(`Schedule ${req(flags, 'schedule-id')} triggered\n`);
  },
};

export const scheduleDelete: CommandSpec = {
  words: ['schedule', 'delete'],
  summary: 'delete a schedule (the runs it started go on)',
  flags: { ...idFlag, ...common },
  async run(flags) {
    await withClient(flags, (client) => client.schedule.getHandle(req(flags, 'schedule-id')).delete());
    if (outputFormat(flags) === 'json') return printJson({ deleted: true });
    process.stdout.write(`Schedule ${req(flags, 'schedule-id')} deleted\n`);
  },
};

function specText(s: ScheduleDescription | ScheduleSummary): string {
  return [
    ...(s.spec?.cronExpressions ?? []).map((c) => `cron ${c}`),
    ...(s.spec?.intervals ?? []).map((i) => `every ${i.every / 1000}s${i.offset ? ` +${i.offset / 1000}s` : ''}`),
  ].join('; ');
}
