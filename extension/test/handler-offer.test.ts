// What Signal, Query and Update offer: the run's worker's handlers (from `__temporal_workflow_metadata`)
// merged with the source's, the worker's first, the source's templates where names match, each marked
// with where it came from; a closed run, a silent worker or an odd answer leave the source's alone.
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, startWorker, type TestServer } from '../../devserver/test/helpers/server';
import type { ServerConnection } from '../src/connection/server-connection';
import { connectedServerConnection } from './helpers/connected';
import {
  isBuiltInName,
  mergeHandlerOffers,
  offerDescription,
  offerDetail,
  parseWorkflowMetadata,
  reportedHandlers,
  settleWithin,
  typedNameRow,
} from '../src/model/handler-offer';
import type { HandlerDefinition } from '../src/model/handler-scan';

function definition(name: string, args = '', template = '[]'): HandlerDefinition {
  return { kind: 'signal', name, variable: name, file: '/w/workflows.ts', line: 3, args, returns: '', template, workflows: ['order'] };
}

/** What Temporal's SDK 1.24 answers for a workflow with two signals, one built at run time. */
const METADATA = {
  definition: {
    type: 'order',
    queryDefinitions: [
      { name: '__stack_trace', description: 'Returns a sensible stack trace.' },
      { name: '__enhanced_stack_trace', description: 'Returns a stack trace annotated with source information.' },
      { name: '__temporal_workflow_metadata', description: 'Returns metadata associated with this workflow.' },
      { name: 'stage', description: 'Where the run is.' },
    ],
    signalDefinitions: [{ name: 'approve', description: 'Lets it ship.' }, { name: 'relabel-x' }],
    updateDefinitions: [],
  },
  currentDetails: 'waiting',
};

describe('handler offers (worker and source)', function () {
  it("reads Temporal's WorkflowMetadata answer, and refuses what is not one", function () {
    assert.deepEqual(parseWorkflowMetadata(METADATA), {
      signal: [{ name: 'approve', description: 'Lets it ship.' }, { name: 'relabel-x' }],
      query: METADATA.definition.queryDefinitions,
      update: [],
      currentDetails: 'waiting',
    });
    // protobuf's JSON leaves empty lists and strings out.
    assert.deepEqual(parseWorkflowMetadata({ definition: { type: 'order' } }), { signal: [], query: [], update: [], currentDetails: '' });
    for (const odd of [undefined, null, 'text', [], {}, { definition: 'x' }, { definition: { signalDefinitions: 'approve' } }]) {
      assert.equal(parseWorkflowMetadata(odd), undefined, JSON.stringify(odd));
    }
    // Rows without a name are skipped; a description that is not text is dropped.
    assert.deepEqual(
      parseWorkflowMetadata({ definition: { signalDefinitions: [{}, { name: '' }, { name: 'go', description: 3 }] } })?.signal,
      [{ name: 'go' }],
    );
  });

  it("puts the worker's names first, with the source's template where the name matches, then the source's others", function () {
    const scanned = [
      { definition: definition('approve', '[{ by: string }]', '[{"by":""}]'), setByWorkflow: true },
      { definition: definition('cancel'), setByWorkflow: false },
    ];
    const reported = parseWorkflowMetadata(METADATA)!;
    const offers = mergeHandlerOffers(scanned, reported.signal);
    assert.deepEqual(
      offers.map((o) => [o.name, o.from, o.definition?.template, o.description]),
      [
        ['approve', 'worker and source', '[{"by":""}]', 'Lets it ship.'],
        ['relabel-x', 'worker', undefined, undefined],
        ['cancel', 'source', '[]', undefined],
      ],
    );
    assert.deepEqual(
      offers.map((o) => offerDescription(o, 'order', true, 'workflows.ts:4')),
      [
        "from the run's worker and the source · workflows.ts:4",
        "from the run's worker (not in the source)",
        "from the source (the run's worker does not list it now) · workflows.ts:4",
      ],
    );
    assert.deepEqual(offers.map(offerDetail), ['({ by: string }) — Lets it ship.', '', '()']);
  });

  it("offers Temporal's built-in queries after the workflow's own", function () {
    const offers = mergeHandlerOffers(
      [{ definition: { ...definition('status'), kind: 'query' }, setByWorkflow: false }],
      parseWorkflowMetadata(METADATA)!.query,
    );
    assert.deepEqual(
      offers.map((o) => [o.name, o.from, o.builtIn]),
      [
        ['stage', 'worker', false],
        ['status', 'source', false],
        ['__stack_trace', 'worker', true],
        ['__enhanced_stack_trace', 'worker', true],
        ['__temporal_workflow_metadata', 'worker', true],
      ],
    );
    assert.equal(offerDescription(offers[2]!, 'order', true), "built in (the run's worker answers it)");
    assert.ok(isBuiltInName('__temporal_anything') && !isBuiltInName('_stack_trace'));
  });

  it('without a report (closed run, no worker) offers the source alone, as the scan says', function () {
    const scanned = [
      { definition: definition('approve'), setByWorkflow: true },
      { definition: definition('approve'), setByWorkflow: false },
      { definition: definition('poke'), setByWorkflow: false },
    ];
    const offers = mergeHandlerOffers(scanned, undefined);
    assert.deepEqual(
      offers.map((o) => offerDescription(o, 'order', false, 'workflows.ts:4')),
      ['from the source: set by order · workflows.ts:4', 'from the source: not set by order in its source · workflows.ts:4'],
    );
  });

  it('waits for a worker at most the time given, and takes a failure as no answer', async function () {
    assert.equal(await settleWithin(Promise.resolve(7), 1000), 7);
    assert.equal(await settleWithin(Promise.reject(new Error('no worker')), 1000), undefined);
    let late: (v: number) => void = () => undefined;
    const never = new Promise<number>((resolve) => (late = resolve));
    assert.equal(await settleWithin(never, 20), undefined);
    late(1);
  });
});

describe('a name typed into the pick', function () {
  it('is offered as a row of its own, so that any name can be sent; not when blank or offered already', function () {
    assert.deepEqual(typedNameRow('  nudge ', ['approve', 'status']), {
      label: 'nudge',
      description: "send 'nudge' (neither the run's worker nor the source names it)",
    });
    assert.equal(typedNameRow('approve', ['approve', 'status']), undefined);
    assert.equal(typedNameRow('   ', ['approve']), undefined);
  });
});

describe("handler offers: asking a run's worker on a real server", function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stopWorker: () => Promise<void>;
  let connection: ServerConnection;

  before(async function () {
    srv = await startServer();
    const workflowsPath = path.join(__dirname, '../../devserver/test/fixtures/temporal-metadata/workflows.ts');
    ({ stop: stopWorker } = await startWorker(srv.address, { taskQueue: 'offers', workflowsPath }));
    connection = await connectedServerConnection(srv.address);
  });
  after(async function () {
    connection?.dispose();
    await stopWorker?.();
    await srv?.close();
  });

  const queryOf =
    (workflowId: string, asked: string[] = []) =>
    (queryType: string) => {
      asked.push(queryType);
      return connection.call('workflow.query', { namespace: 'default', workflowId, queryType, args: [] });
    };

  it('gets the handlers a running workflow set, a name built at run time too', async function () {
    await srv.client.workflow.start('described', { taskQueue: 'offers', workflowId: 'offer-live', args: ['z'] });
    const reported = await reportedHandlers(queryOf('offer-live'), 'RUNNING');
    assert.deepEqual(reported?.signal, [{ name: 'finish', description: 'Lets the run end.' }, { name: 'relabel-z' }]);
    assert.deepEqual(reported?.update, [{ name: 'rename', description: 'Renames the stage.' }]);
    assert.equal(reported?.currentDetails, '**waiting** for `finish` (no details before)');
  });

  it('does not ask a closed run, and gives up on a run no worker serves', async function () {
    const asked: string[] = [];
    assert.equal(await reportedHandlers(queryOf('offer-live', asked), 'COMPLETED'), undefined);
    assert.deepEqual(asked, []);
    await srv.client.workflow.start('described', { taskQueue: 'no-worker-here', workflowId: 'offer-unserved', args: ['z'] });
    assert.equal(await reportedHandlers(queryOf('offer-unserved', asked), 'RUNNING'), undefined);
    assert.deepEqual(asked, ['__temporal_workflow_metadata']);
  });
});
