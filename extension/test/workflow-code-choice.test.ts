// Which code replays a run: the file that exports its type, the configured module, a pick list only when
// two files export it, and a message that names the folders searched when none does.
import assert from 'node:assert/strict';
import { chooseWorkflowCode, historyWorkflowType, type CodeSources } from '../src/model/workflow-code-choice';

const sources = (over: Partial<CodeSources>): CodeSources => ({ configured: [], definitions: [], folders: ['/repo'], ...over });

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
    assert.equal(historyWorkflowType('not a history'), undefined);
  });
});
