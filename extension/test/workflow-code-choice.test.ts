// Which code replays a run: the file that exports its type, a module inside the workspace a live worker
// registered it from, the configured module (not one the scan saw without it), a registered module outside
// the workspace (said so), a pick list only when two files export it, and a message that names the folders
// searched when none does.
import assert from 'node:assert/strict';
import {
  chooseWorkflowCode,
  historyTaskQueue,
  historyWorkflowType,
  isInside,
  registeredCode,
  type CodeSources,
} from '../src/model/workflow-code-choice';

const sources = (over: Partial<CodeSources>): CodeSources => ({
  configured: [],
  definitions: [],
  registered: [],
  folders: ['/repo'],
  ...over,
});

describe('the workflow code of a run', function () {
  it('is the one file that exports its type, whatever the configuration names', function () {
    const choice = chooseWorkflowCode(
      'approvalWorkflow',
      sources({
        configured: [{ folder: '/repo/samples/order', workflowsPath: '/repo/samples/order/workflows.ts' }],
        definitions: [
          { name: 'orderWorkflow', file: '/repo/samples/order/workflows.ts' },
          { name: 'approvalWorkflow', file: '/repo/samples/approval/workflows.ts' },
        ],
      }),
    );
    assert.deepEqual(choice, { kind: 'found', workflowsPath: '/repo/samples/approval/workflows.ts', how: 'defines it' });
  });

  it('is the configured module when it is one of several files that export the type', function () {
    const choice = chooseWorkflowCode(
      'orderWorkflow',
      sources({
        configured: [{ folder: '/repo/b', workflowsPath: '/repo/b/workflows.ts' }],
        definitions: [
          { name: 'orderWorkflow', file: '/repo/a/workflows.ts' },
          { name: 'orderWorkflow', file: '/repo/b/workflows.ts' },
        ],
      }),
    );
    assert.deepEqual(choice, { kind: 'found', workflowsPath: '/repo/b/workflows.ts', how: 'configured' });
  });

  it('is asked for, sorted, when two files export the type and no configuration decides', function () {
    const choice = chooseWorkflowCode(
      'orderWorkflow',
      sources({
        definitions: [
          { name: 'orderWorkflow', file: '/repo/b/workflows.ts' },
          { name: 'orderWorkflow', file: '/repo/a/workflows.ts' },
          { name: 'orderWorkflow', file: '/repo/a/workflows.ts' },
        ],
      }),
    );
    assert.deepEqual(choice, { kind: 'ask', candidates: ['/repo/a/workflows.ts', '/repo/b/workflows.ts'] });
  });

  it('falls back to the configured module when the scan finds no file that exports the type', function () {
    const choice = chooseWorkflowCode(
      'wrapped',
      sources({
        configured: [{ folder: '/repo', workflowsPath: '/repo/src/index.ts' }],
        definitions: [{ name: 'other', file: '/repo/src/other.ts' }],
      }),
    );
    assert.deepEqual(choice, { kind: 'found', workflowsPath: '/repo/src/index.ts', how: 'configured' });
  });

  it('is not a configured module whose exported workflows the scan read, without the type: no dead end', function () {
    // samples/order opened, an approval run, no worker running: the order module would not replay it.
    const choice = chooseWorkflowCode(
      'approvalWorkflow',
      sources({
        configured: [{ folder: '/repo', workflowsPath: '/repo/workflows.ts' }],
        definitions: [{ name: 'orderWorkflow', file: '/repo/workflows.ts' }],
      }),
    );
    assert.equal(choice.kind, 'none');
    assert.match(
      choice.kind === 'none' ? choice.message : '',
      /'approvalWorkflow' \(searched \/repo\).*the configured workflows module \(\/repo\/workflows\.ts\) exports other types\. Pick the file/,
    );
  });

  it("is the module a live worker registered the type from, when the workspace's scan finds none", function () {
    const choice = chooseWorkflowCode(
      'approvalWorkflow',
      sources({
        configured: [{ folder: '/repo', workflowsPath: '/repo/src/orders.ts' }],
        definitions: [{ name: 'orderWorkflow', file: '/repo/src/orders.ts' }],
        registered: [
          { workflowsPath: '/repo/src/orders.ts', workflowTypes: ['orderWorkflow'], taskQueue: 'orders' },
          { workflowsPath: '/repo/src/approvals/index.ts', workflowTypes: ['approvalWorkflow'], taskQueue: 'approvals' },
        ],
      }),
    );
    assert.deepEqual(choice, { kind: 'found', workflowsPath: '/repo/src/approvals/index.ts', how: 'registered' });
  });

  it('takes a registered module inside the workspace before one outside', function () {
    const choice = chooseWorkflowCode(
      'trip',
      sources({
        registered: [
          { workflowsPath: '/elsewhere/trip.ts', workflowTypes: ['trip'], taskQueue: 'a' },
          { workflowsPath: '/repo/trip.ts', workflowTypes: ['trip'], taskQueue: 'b' },
        ],
      }),
    );
    assert.deepEqual(choice, { kind: 'found', workflowsPath: '/repo/trip.ts', how: 'registered' });
  });

  it('takes a configured module the scan could not read before a registered module outside the workspace', function () {
    const choice = chooseWorkflowCode(
      'trip',
      sources({
        configured: [{ folder: '/repo', workflowsPath: '/shared/workflows/index.ts' }],
        registered: [{ workflowsPath: '/elsewhere/trip.ts', workflowTypes: ['trip'], taskQueue: 'trips' }],
      }),
    );
    assert.deepEqual(choice, { kind: 'found', workflowsPath: '/shared/workflows/index.ts', how: 'configured' });
  });

  it('uses a registered module outside the workspace, saying where it is and which worker runs it', function () {
    // The configuration names the orders module, which the scan saw export other types only.
    const choice = chooseWorkflowCode(
      'trip',
      sources({
        configured: [{ folder: '/repo', workflowsPath: '/repo/src/orders.ts' }],
        definitions: [{ name: 'orderWorkflow', file: '/repo/src/orders.ts' }],
        registered: [{ workflowsPath: '/elsewhere/trip.ts', workflowTypes: ['trip', 'other'], taskQueue: 'trips' }],
      }),
    );
    assert.equal(choice.kind === 'found' && choice.workflowsPath, '/elsewhere/trip.ts', JSON.stringify(choice));
    assert.match(
      choice.kind === 'found' ? (choice.note ?? '') : '',
      /trip with \/elsewhere\/trip\.ts, outside the workspace: .*task queue 'trips'/,
    );
  });

  it('lets the module a live worker runs decide between files that export the type', function () {
    const choice = chooseWorkflowCode(
      'orderWorkflow',
      sources({
        configured: [{ folder: '/repo/a', workflowsPath: '/repo/a/workflows.ts' }],
        definitions: [
          { name: 'orderWorkflow', file: '/repo/a/workflows.ts' },
          { name: 'orderWorkflow', file: '/repo/b/workflows.ts' },
        ],
        registered: [{ workflowsPath: '/repo/b/workflows.ts', workflowTypes: ['orderWorkflow'], taskQueue: 'orders' }],
      }),
    );
    assert.deepEqual(choice, { kind: 'found', workflowsPath: '/repo/b/workflows.ts', how: 'registered' });
  });

  it('asks when live workers run the type from two modules and the workspace has neither', function () {
    const choice = chooseWorkflowCode(
      'trip',
      sources({
        registered: [
          { workflowsPath: '/y/trip.ts', workflowTypes: ['trip'], taskQueue: 'a' },
          { workflowsPath: '/x/trip.ts', workflowTypes: ['trip'], taskQueue: 'b' },
          { workflowsPath: '/z/other.ts', workflowTypes: ['other'], taskQueue: 'c' },
        ],
      }),
    );
    assert.deepEqual(choice, { kind: 'ask', candidates: ['/x/trip.ts', '/y/trip.ts'] });
  });

  it("reads the live workers' modules from the task queues' description, and nothing from an older server's", function () {
    assert.deepEqual(
      registeredCode([
        {
          name: 'orders',
          workflowTypes: ['o'],
          activityTypes: [],
          pollers: 1,
          workflowCode: [{ workflowsPath: '/r/o.ts', workflowTypes: ['o'] }],
        },
        { name: 'old', workflowTypes: ['p'], activityTypes: [], pollers: 1 },
      ]),
      [{ workflowsPath: '/r/o.ts', workflowTypes: ['o'], taskQueue: 'orders' }],
    );
    assert.deepEqual(registeredCode(undefined), []);
  });

  it('tells a file inside a workspace folder from one beside it', function () {
    assert.equal(isInside('/repo/a/w.ts', ['/other', '/repo']), true);
    assert.equal(isInside('/repo-b/w.ts', ['/repo']), false);
    assert.equal(isInside('/w.ts', ['/repo']), false);
    assert.equal(isInside('/repo/..w/w.ts', ['/repo']), true);
  });

  it('says which folders were searched when nothing exports the type', function () {
    const choice = chooseWorkflowCode('ghost', sources({ folders: ['/repo', '/other'] }));
    assert.equal(choice.kind, 'none');
    assert.match(choice.kind === 'none' ? choice.message : '', /'ghost' \(searched \/repo, \/other\).*Pick the file that exports it/);
  });
});

describe('the workflow type of a history', function () {
  it("is read from Rewind's first event and from Temporal's export", function () {
    assert.equal(historyWorkflowType({ events: [{ eventId: 1, type: 'WorkflowExecutionStarted', workflowType: 'order' }] }), 'order');
    assert.equal(
      historyWorkflowType({ events: [{ eventId: '1', workflowExecutionStartedEventAttributes: { workflowType: { name: 'trip' } } }] }),
      'trip',
    );
    assert.equal(historyWorkflowType({ events: [] }), undefined);
    // The task queue it started on, which picks a project's worker (and its interceptors) for a replay.
    assert.equal(historyTaskQueue({ events: [{ eventId: 1, type: 'WorkflowExecutionStarted', taskQueue: 'orders' }] }), 'orders');
    assert.equal(
      historyTaskQueue({ events: [{ eventId: '1', workflowExecutionStartedEventAttributes: { taskQueue: { name: 'trips' } } }] }),
      'trips',
    );
    assert.equal(historyTaskQueue({ events: [] }), undefined);
    assert.equal(historyWorkflowType('not a history'), undefined);
  });
});
