// Search attributes and memo: set at start or by the workflow, shown by describe, used by list filters.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from '@rewind/sdk/worker';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import { wrapUp } from '../fixtures/search-attributes';
import { eventually, useServerAndWorker } from '../helpers/server';

describe('search attributes and list filters', function () {
  const taskQueue = 'search-attributes';
  const env = useServerAndWorker({ taskQueue, activities });

  const ids = async (query: string): Promise<string[]> => {
    const out: WorkflowExecutionInfo[] = [];
    for await (const wf of env.srv.client.workflow.list({ query, pageSize: 2 })) out.push(wf);
    return out.map((w) => w.workflowId).sort();
  };

  it('finds runs by what the workflow upserted and by the built-in fields; describe shows them', async function () {
    const started = new Date().toISOString();
    const ada = await env.srv.client.workflow.start('tagged', {
      taskQueue,
      workflowId: 'sa-ada',
      args: ['ada', 1],
      memo: { note: 'vip' },
      searchAttributes: { Region: ['eu'] },
    });
    await env.srv.client.workflow.start('tagged', { taskQueue, workflowId: 'sa-bo', args: ['bo', 3] });
    await env.srv.client.workflow.start('tagged', { taskQueue, workflowId: 'sa-cy', args: ['cy', 5] });
    await eventually(async () => ((await ids("Customer = 'cy'")).length === 1 ? true : undefined), 5000, 'the upserts');

    const d = await ada.describe();
    assert.deepEqual(d.searchAttributes, { Region: ['eu'], Customer: ['ada'], Priority: [1], Tags: ['urgent', 'billing'] });
    assert.deepEqual(d.memo, { note: 'vip' });

    assert.deepEqual(await ids("Customer = 'ada'"), ['sa-ada']);
    assert.deepEqual(await ids('Priority >= 3'), ['sa-bo', 'sa-cy']);
    assert.deepEqual(await ids("Priority BETWEEN 2 AND 4 OR Region = 'eu'"), ['sa-ada', 'sa-bo']);
    assert.deepEqual(await ids("Tags = 'billing' AND Customer IN ('bo', 'cy')"), ['sa-bo', 'sa-cy'], 'a list matches on any of its values');
    assert.deepEqual(await ids("WorkflowType = 'tagged' AND ExecutionStatus = 'Running' AND Region IS NULL"), ['sa-bo', 'sa-cy']);
    assert.deepEqual(await ids(`WorkflowId STARTS_WITH 'sa-' AND StartTime >= '${started}' AND NOT Customer = 'bo'`), ['sa-ada', 'sa-cy']);
    assert.equal((await env.srv.client.workflow.count("ExecutionStatus = 'Running' AND WorkflowType = 'tagged'")).count, 3);

    await ada.signal(wrapUp);
    assert.deepEqual(await ada.result(), { Region: ['eu'], Customer: ['ada'], Priority: [1] }, 'an empty list removed Tags');
    assert.deepEqual(await ids("Tags = 'urgent'"), ['sa-bo', 'sa-cy']);
    assert.deepEqual(await ids("ExecutionStatus = 'Completed' AND WorkflowType = 'tagged'"), ['sa-ada']);
    const listed = [];
    for await (const wf of env.srv.client.workflow.list({ query: "WorkflowId = 'sa-ada'" })) listed.push(wf);
    assert.deepEqual(listed[0]?.memo, { note: 'vip' });

    const { events } = await ada.fetchHistory();
    assert.equal(events.filter((e) => e.type === 'UpsertWorkflowSearchAttributes').length, 2);
    await Worker.runReplayHistory({ workflowsPath: path.join(__dirname, '../fixtures/workflows.ts') }, { events });
    for (const id of ['sa-bo', 'sa-cy']) await env.srv.client.workflow.getHandle(id).terminate();
  });

  it('says what is wrong with a filter that does not parse', async function () {
    await assert.rejects(ids('WorkflowType = '), /Invalid query: expected a value .* at position 16, found the end of the query/);
    await assert.rejects(ids("ExecutionStatus = 'Sleeping'"), /"Sleeping" is not an ExecutionStatus \(Running, Completed/);
    await assert.rejects(ids("StartTime > 'yesterday'"), /StartTime takes a time such as/);
    await assert.rejects(ids("WorkflowType = 'a' ORDER BY StartTime"), /ORDER BY is not supported/);
    await assert.rejects(ids("Customer = 'ada"), /has no closing '/);
  });
});
