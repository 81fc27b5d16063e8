// Applies what a change to one run asks of other runs (engine RunEffect), in the same transaction:
// starting a child, reporting a child's end to its parent, signals and cancel requests between
// workflows, and the parent close policy.
import { randomUUID } from 'node:crypto';
import { assertNever } from '@rewind/sdk/internal/common/type-helpers';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { childClosed, childStarted, childStartFailed, externalDelivered } from '../../engine/children';
import { requestCancelRun, signalRun, startRun, terminateRun } from '../../engine/execution';
import type { RunState } from '../../engine/run-state';
import type { RunEffect } from '../../engine/transition';
import type { Runs } from './runs';
import type { ServiceContext } from '../service-context';
import type { UnitOfWork } from './unit-of-work';

export function applyEffect(ctx: Pick<ServiceContext, 'store' | 'clock'>, runs: Runs, uow: UnitOfWork, effect: RunEffect): void {
  const current = (namespace: string, workflowId: string, runId?: string): RunState | undefined => {
    const id = runId ?? ctx.store.getCurrentRunId(namespace, workflowId);
    const state = id ? runs.get(id) : undefined;
    return state && state.namespace === namespace && state.workflowId === workflowId ? state : undefined;
  };
  switch (effect.type) {
    case 'startChild': {
      const { start } = effect;
      const existing = current(start.namespace, start.workflowId);
      const refused =
        existing?.status === 'RUNNING' ||
        (existing && effect.reusePolicy === 'REJECT_DUPLICATE') ||
        (existing && effect.reusePolicy === 'ALLOW_DUPLICATE_FAILED_ONLY' && existing.status === 'COMPLETED');
      if (refused) {
        runs.mutate(uow, effect.parentRunId, (tx) => childStartFailed(tx, effect.initiatedEventId));
        return;
      }
      const child = startRun({ ...start, runId: randomUUID() }, ctx.clock.now());
      runs.create(uow, child);
      runs.mutate(uow, effect.parentRunId, (tx) => childStarted(tx, effect.initiatedEventId, child.state.runId));
      return;
    }
    case 'notifyParent': {
      const parent = runs.get(effect.parent.runId);
      if (parent?.status === 'RUNNING') {
        runs.mutate(uow, parent.runId, (tx) => childClosed(tx, effect.parent.initiatedEventId, effect.childRunId, effect.outcome));
      }
      return;
    }
    case 'signalExternal':
    case 'cancelExternal': {
      const target = current(effect.namespace, effect.workflowId, effect.runId);
      const reachable = target?.status === 'RUNNING' && (!effect.childWorkflowOnly || target.parent?.runId === effect.senderRunId);
      if (reachable) {
        const identity = `workflow ${runs.get(effect.senderRunId)?.workflowId ?? effect.senderRunId}`;
        runs.mutate(uow, target.runId, (tx) =>
          effect.type === 'signalExternal'
            ? signalRun(tx, {
                signalName: effect.signalName,
                args: effect.args,
                identity,
                requestId: `${effect.senderRunId}/${effect.initiatedEventId}`,
                ...definedFields({ header: effect.header }),
              })
            : requestCancelRun(tx, { identity }),
        );
      }
      runs.mutate(uow, effect.senderRunId, (tx) =>
        externalDelivered(
          tx,
          effect.type === 'signalExternal' ? 'signal' : 'cancel',
          effect.initiatedEventId,
          effect.workflowId,
          reachable ? target.runId : undefined,
        ),
      );
      return;
    }
    case 'closeChild': {
      const child = runs.get(effect.runId);
      if (child?.status !== 'RUNNING') return;
      runs.mutate(uow, child.runId, (tx) =>
        effect.policy === 'TERMINATE'
          ? terminateRun(tx, { reason: `its parent ${effect.parentWorkflowId} closed (parent close policy TERMINATE)` })
          : requestCancelRun(tx, { reason: `its parent ${effect.parentWorkflowId} closed (parent close policy REQUEST_CANCEL)` }),
      );
      return;
    }
    default:
      assertNever(effect);
  }
}
