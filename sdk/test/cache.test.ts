// A cached run fed task by task (what a sticky worker sees) and a run rebuilt from the whole history
// (a cache miss) must give the same commands, and both must be the ones history recorded.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { bundleWorkflowCode } from '@rewind/sdk/worker';
import { findMismatch } from '@rewind/sdk/internal/worker/workflows/determinism';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { WorkflowExecutor } from '@rewind/sdk/internal/worker/workflows/workflow-executor';
import { loadGolden } from './replay.test';

/** The events of the task that completed at `completedIndex`. */
function commandEventsOf(events: HistoryEvent[], startedEventId: number): HistoryEvent[] {
  const completed = events.find((e) => e.type === 'WorkflowTaskCompleted' && e.startedEventId === startedEventId);
  return completed
    ? events.filter((e) => (e as { workflowTaskCompletedEventId?: number }).workflowTaskCompletedEventId === completed.eventId)
    : [];
}

describe('workflow cache: hit and miss give the same commands', function () {
  let sandbox: WorkflowSandbox;
  before(async function () {
    sandbox = await WorkflowSandbox.create(await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'fixtures/workflows.ts') }));
  });

  for (const name of ['sequence', 'parallel', 'approval']) {
    it(`${name}: task by task on one cached run, and each task replayed from scratch`, function () {
      const { events, runId = 'r', workflowId = 'w' } = loadGolden(name);
      const identity = { namespace: 'default', workflowId, runId, workflowType: name };
      const cached = new WorkflowExecutor(sandbox, identity);
      const starts = events.filter((e) => e.type === 'WorkflowTaskStarted').map((e) => e.eventId);
      let from = 0;
      for (const startedEventId of starts) {
        const recorded = commandEventsOf(events, startedEventId);
        // Cache hit: only the new events since the last task.
        const hit = cached.process(events.slice(from, startedEventId));
        from = startedEventId;
        // Cache miss: a fresh run replays everything up to this task.
        const fresh = new WorkflowExecutor(sandbox, identity);
        const miss = fresh.process(events.slice(0, startedEventId));
        fresh.dispose();
        assert.ok(hit && miss, `task ${startedEventId} ran live`);
        assert.equal(hit.result.status, 'ok');
        assert.equal(miss.result.status, 'ok');
        const hitCommands = hit.result.status === 'ok' ? hit.result.commands : [];
        const missCommands = miss.result.status === 'ok' ? miss.result.commands : [];
        assert.deepEqual(hitCommands, missCommands, `task ${startedEventId}: cached and fresh runs differ`);
        assert.equal(
          findMismatch(hitCommands, recorded, () => undefined),
          undefined,
          `task ${startedEventId}: commands differ from history`,
        );
      }
      cached.process(events.slice(from)); // the last task's outcome confirms what was sent
      cached.dispose();
    });
  }
});
