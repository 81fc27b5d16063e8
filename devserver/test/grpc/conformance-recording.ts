// Records the conformance corpus: each workflow of fixtures/temporal-conformance (and the traced ones of
// fixtures/interceptors and fixtures/opentelemetry) run by Temporal's own worker on a Rewind server, each
// run's history exported as Temporal's tools write it (`temporal workflow show -o json`: proto3 JSON,
// historyToJSON).
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Workflow } from '@temporalio/workflow';
import * as wf from '../fixtures/temporal-conformance/workflows';
import { traced, tracedRandomChild } from '../fixtures/interceptors/workflows';
import { eventually } from '../helpers/server';
import * as otel from '../fixtures/opentelemetry/workflows';

/** The features of the corpus, one recorded history each. */
export const FEATURES = [
  'hello world',
  'activity retries',
  'signals and condition',
  'queries',
  'updates',
  'children without ids',
  'random branches',
  'cancellation scopes with timeouts',
  'local activities',
  'patches',
  'continue-as-new, first run',
  'continue-as-new, last run',
  'timers',
  'external signal, sender',
  'external signal, receiver',
  'interceptors',
  'interceptors, a child id from uuid4',
  'opentelemetry interceptors',
] as const;
export type Feature = (typeof FEATURES)[number];

/** One recorded run: its history as Temporal's JSON, the workflow code it ran, and what it returned. */
export interface CorpusEntry {
  readonly workflowId: string;
  /**
   * `plain`: fixtures/temporal-conformance/workflows.ts; `traced`: fixtures/interceptors with the tracing module;
   * `otel`: fixtures/opentelemetry with @temporalio/interceptors-opentelemetry's.
   */
  readonly code: Code;
  readonly json: string;
  /** The run's result (continue-as-new's first run: the last run's). */
  readonly result: unknown;
}

export type Corpus = ReadonlyMap<Feature, CorpusEntry>;

type Code = 'plain' | 'traced' | 'otel';

/** The task queues of the workers: the plain code's, the traced code's and the OpenTelemetry-traced code's. */
export interface CorpusQueues {
  readonly plain: string;
  readonly traced: string;
  readonly otel: string;
}

async function exported(handle: WorkflowHandle): Promise<string> {
  return historyToJSON(await handle.fetchHistory());
}

/** Runs every workflow of the corpus (at once) and exports its history. */
export async function recordCorpus(client: Client, queues: CorpusQueues): Promise<Corpus> {
  const corpus = new Map<Feature, CorpusEntry>();
  const start = <W extends Workflow>(workflow: W | string, workflowId: string, args: unknown[] = [], code: Code = 'plain') =>
    client.workflow.start(workflow as string, { taskQueue: queues[code], workflowId, args });
  /** Records a run once it completed. */
  const record = async (feature: Feature, handle: WorkflowHandle, code: Code = 'plain'): Promise<void> => {
    const result: unknown = await handle.result();
    corpus.set(feature, { workflowId: handle.workflowId, code, json: await exported(handle), result });
  };
  const run = (feature: Feature, workflow: Workflow | string, workflowId: string, args: unknown[] = [], code: Code = 'plain') =>
    start(workflow, workflowId, args, code).then((handle) => record(feature, handle, code));

  await Promise.all([
    run('hello world', wf.hello, 'conf-hello', ['ada']),
    run('activity retries', wf.retries, 'conf-retries'),
    (async () => {
      const handle = await start(wf.signals, 'conf-signals');
      await handle.signal(wf.add, 1);
      await handle.signal(wf.add, 2);
      await record('signals and condition', handle);
    })(),
    (async () => {
      const handle = await client.workflow.start(wf.queries, { taskQueue: queues.plain, workflowId: 'conf-queries' });
      assert.equal(await handle.query(wf.status), 'waiting');
      await handle.signal(wf.finish);
      await record('queries', handle);
    })(),
    (async () => {
      const handle = await start(wf.updates, 'conf-updates');
      // Once the first workflow task completed, an update travels in a speculative task (as on Temporal's server):
      // the validator rejects the first, and its task leaves no event; the second is accepted and awaits an activity.
      await eventually(async () => (await handle.describe()).historyLength >= 4, 10_000, 'the first workflow task');
      await assert.rejects(handle.executeUpdate(wf.approve, { args: [''] }), (err: Error) => {
        assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
        assert.match(String(err.cause), /approve needs a name/);
        return true;
      });
      assert.equal(await handle.executeUpdate(wf.approve, { args: ['ada'] }), 'hello ada');
      await record('updates', handle);
    })(),
    run('children without ids', wf.children, 'conf-children'),
    run('random branches', wf.randomBranches, 'conf-random'),
    run('cancellation scopes with timeouts', wf.scopes, 'conf-scopes'),
    run('local activities', wf.localActivities, 'conf-local'),
    run('patches', wf.patches, 'conf-patches'),
    (async () => {
      const handle = await start(wf.countdown, 'conf-countdown', [2]);
      const result: unknown = await handle.result();
      const first = client.workflow.getHandle('conf-countdown', handle.firstExecutionRunId);
      corpus.set('continue-as-new, first run', { workflowId: 'conf-countdown', code: 'plain', json: await exported(first), result });
      const last = client.workflow.getHandle('conf-countdown');
      corpus.set('continue-as-new, last run', { workflowId: 'conf-countdown', code: 'plain', json: await exported(last), result });
    })(),
    run('timers', wf.timers, 'conf-timers'),
    (async () => {
      const receiver = await start(wf.pokable, 'conf-pokable');
      await run('external signal, sender', wf.signalsExternal, 'conf-signaller', ['conf-pokable']);
      await record('external signal, receiver', receiver);
    })(),
    run('interceptors', traced, 'conf-traced', ['ada'], 'traced'),
    run('interceptors, a child id from uuid4', tracedRandomChild, 'conf-traced-random', ['bob'], 'traced'),
    (async () => {
      const handle = await start(otel.tracedOrder, 'conf-otel', ['ada'], 'otel');
      await handle.signal(otel.approve, 'bo');
      await assert.rejects(handle.executeUpdate(otel.add, { args: [-1] }), (err: Error) => /only positive amounts/.test(String(err.cause)));
      assert.equal(await handle.executeUpdate(otel.add, { args: [2] }), 2);
      assert.equal(await handle.query(otel.state), 'approved by bo, total 2');
      await record('opentelemetry interceptors', handle, 'otel');
    })(),
  ]);
  return corpus;
}
