// Payloads that replay never reads do not refuse a history: a codec's value (binary/encrypted) on the
// workflow's own result or on an activity result the code ignores replays; code that reads such a value
// fails, with a message naming the value and its event.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ActivationResult } from '@rewind/sdk/protocol';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@rewind/sdk/worker';
import { decodePayloadOrRefusal } from '@rewind/sdk/internal/common/payload-decoding';
import { encodedPayload } from '@rewind/sdk/internal/protocol/payload';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { makeActivation, makeSignal, makeStartInfo, T0 } from './factories';
import { temporalEvents, temporalJsonPayload, temporalRun, temporalRunHead, type TemporalPayloadJson } from './temporal-history-factories';

const WORKFLOWS = path.join(__dirname, 'fixtures/compat-workflows.ts');
const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** What an encrypting codec writes: an encoding Rewind does not read. */
const encrypted: TemporalPayloadJson = {
  metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('key-1') },
  data: b64('\u0001\u0002 not json'),
};

/** `workflowType` runs one activity (fetchSecret) whose result is `activityResult`, then completes with `result`. */
function activityRun(workflowType: string, activityResult: TemporalPayloadJson, result: TemporalPayloadJson): { events: unknown[] } {
  return {
    events: temporalEvents(
      temporalRunHead(workflowType),
      [
        'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
        {
          activityId: '1',
          activityType: { name: 'fetchSecret' },
          taskQueue: { name: 'compat' },
          input: { payloads: [] },
          startToCloseTimeout: '60s',
          workflowTaskCompletedEventId: '4',
        },
      ],
      ['EVENT_TYPE_ACTIVITY_TASK_STARTED', { scheduledEventId: '5', identity: 'test', requestId: 'a-1', attempt: 1 }],
      ['EVENT_TYPE_ACTIVITY_TASK_COMPLETED', { result: { payloads: [activityResult] }, scheduledEventId: '5', startedEventId: '6' }],
      ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', { taskQueue: { name: 'compat' }, startToCloseTimeout: '10s', attempt: 1 }],
      ['EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: '8', identity: 'test', requestId: 'r-8' }],
      ['EVENT_TYPE_WORKFLOW_TASK_COMPLETED', { scheduledEventId: '8', startedEventId: '9', identity: 'test' }],
      ['EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', { result: { payloads: [result] }, workflowTaskCompletedEventId: '10' }],
    ),
  };
}

describe('payloads that replay never reads (Temporal histories)', function () {
  let bundle: WorkflowBundle;
  before(async function () {
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
  });

  it("replays a history whose workflow result is a codec's payload", async function () {
    const history = temporalRun('reportsParent', {
      started: { parentWorkflowNamespace: 'default', parentWorkflowExecution: { workflowId: 'p-1', runId: 'p-run-1' } },
      result: undefined,
      resultPayload: encrypted,
    });
    await Worker.runReplayHistory({ workflowBundle: bundle }, history);
  });

  it("replays a history with a codec's payload as an activity result the code ignores", async function () {
    await Worker.runReplayHistory({ workflowBundle: bundle }, activityRun('ignoresSecret', encrypted, encrypted));
  });

  it('refuses the value when the code reads it, naming the value, its encoding and its event', async function () {
    const err = await Worker.runReplayHistory(
      { workflowBundle: bundle },
      activityRun('readsSecret', encrypted, temporalJsonPayload('got 3 characters')),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error, 'the replay fails');
    assert.match(err.message, /the result of activity 1 \(event 7\)/);
    assert.match(err.message, /binary\/encrypted/);
  });
});

describe('a value Rewind cannot decode, read by a query', function () {
  it('fails the query alone: the next workflow task is not failed for it', async function () {
    const sandbox = await WorkflowSandbox.create(await bundleWorkflowCode({ workflowsPath: WORKFLOWS }));
    const run = sandbox.createRun(7, T0);
    const commands = (result: ActivationResult) => (result.status === 'ok' ? result.commands : result.failure.message);
    run.activate(makeActivation([{ type: 'InitializeWorkflow', info: makeStartInfo('keepsNote'), args: [], randomnessSeed: 7 }]));
    const refusal = decodePayloadOrRefusal(
      encodedPayload({ metadata: encrypted.metadata, data: encrypted.data ?? '' }),
      'argument 1 of signal note (event 5)',
    );
    assert.deepEqual(commands(run.activate(makeActivation([makeSignal('note', [refusal])]))), [], 'kept without reading it');
    assert.match(
      String(run.query('noteLength', []).failure?.message),
      /argument 1 of signal note \(event 5\): it is a binary\/encrypted payload/,
    );
    assert.deepEqual(commands(run.activate(makeActivation([makeSignal('finishNotes')]))), [
      { type: 'CompleteWorkflowExecution', result: 'kept' },
    ]);
  });
});
