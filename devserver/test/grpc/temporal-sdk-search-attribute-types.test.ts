// Search attribute types with the real Temporal SDK on a Rewind server: registered through Temporal's
// OperatorService (as `temporal operator search-attribute create` does), listed by it, by
// GetSearchAttributes and by `rewind search-attribute list`; values read back with their registered type
// (Text is not Keyword, a KeywordList of one item stays a list) in describe, list, history and
// workflowInfo; an attribute first used with a typed value registered with that type; list queries
// comparing a Datetime by its time; and the refusals Temporal gives (an unknown type, a system attribute removed).
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { Connection as TemporalConnection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { runCli } from '../cli/run-cli';
import { eventually } from '../helpers/server';
import { eventsOf, EventType, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-sdk-search-attribute-types';
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const notes = workflows.notesKey;
const tags = workflows.tagsKey;
const dueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);

/** A call's gRPC refusal: its status code and message. */
async function refusal(call: Promise<unknown>): Promise<{ code: number | undefined; details: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; details?: string; message?: string };
    return { code: e.code, details: e.details ?? e.message ?? '' };
  }
  assert.fail('the call was not refused');
}

describe('the real Temporal SDK on a Rewind server: search attribute types', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });
  const operator = () => sdk.client.connection.operatorService;
  const typesOf = (pairs: { key: { name: string; type: string } }[]): Record<string, string> =>
    Object.fromEntries(pairs.map((p) => [p.key.name, p.key.type]));

  before(async function () {
    await operator().addSearchAttributes({
      namespace: 'default',
      searchAttributes: { Notes: IndexedValueType.INDEXED_VALUE_TYPE_TEXT, Tags: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST },
    });
  });

  it('lists what the operator service registered, with the system attributes, to both SDKs', async function () {
    const listed = await operator().listSearchAttributes({ namespace: 'default' });
    assert.equal(listed.customAttributes?.Notes, IndexedValueType.INDEXED_VALUE_TYPE_TEXT);
    assert.equal(listed.customAttributes?.Tags, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
    assert.equal(listed.systemAttributes?.WorkflowId, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    assert.equal(listed.systemAttributes?.StartTime, IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    assert.equal(listed.systemAttributes?.ExecutionStatus, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    assert.equal(listed.systemAttributes?.TemporalChangeVersion, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
    assert.equal(listed.customAttributes?.WorkflowId, undefined, 'a system attribute is not custom');

    const keys = (await sdk.client.workflowService.getSearchAttributes({})).keys ?? {};
    assert.equal(keys.Notes, IndexedValueType.INDEXED_VALUE_TYPE_TEXT);
    assert.equal(keys.CloseTime, IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);

    const cli = await runCli(['search-attribute', 'list', '--address', sdk.server.address, '--output', 'json']);
    assert.equal(cli.code, 0, cli.stderr);
    const seen = JSON.parse(cli.stdout) as { custom: { name: string; type: string }[]; system: { name: string; type: string }[] };
    assert.deepEqual(
      seen.custom.filter((a) => ['Notes', 'Tags'].includes(a.name)),
      [
        { name: 'Notes', type: 'Text' },
        { name: 'Tags', type: 'KeywordList' },
      ],
    );
    assert.ok(seen.system.some((a) => a.name === 'WorkflowType' && a.type === 'Keyword'));
  });

  it('gives Text, a one-item KeywordList and a Datetime back with their types, at start and in describe and list', async function () {
    const due = new Date('2026-12-24T18:00:00.000Z');
    const handle = await sdk.client.workflow.start(workflows.typedAtStart, {
      taskQueue,
      workflowId: 'typed-at-start',
      typedSearchAttributes: [
        { key: notes, value: 'a long note' },
        { key: tags, value: ['only'] },
        // Not registered: registered now, with the type the SDK gave the value.
        { key: dueAt, value: due },
      ],
    });
    // What the workflow's own workflowInfo() read from its WorkflowExecutionStarted.
    assert.deepEqual(await handle.result(), [
      `DueAt:DATETIME=${JSON.stringify(due)}`,
      'Notes:TEXT="a long note"',
      'Tags:KEYWORD_LIST=["only"]',
    ]);
    const described = await handle.describe();
    assert.deepEqual(typesOf(described.typedSearchAttributes.getAll()), { DueAt: 'DATETIME', Notes: 'TEXT', Tags: 'KEYWORD_LIST' });
    assert.deepEqual(described.typedSearchAttributes.get(tags), ['only']);
    assert.equal(described.typedSearchAttributes.get(notes), 'a long note');
    assert.equal(described.typedSearchAttributes.get(dueAt)?.toISOString(), due.toISOString());

    // A Datetime compares by its time, whatever the text of the query's time.
    const listed: string[] = [];
    for await (const info of sdk.client.workflow.list({ query: "DueAt = '2026-12-24T19:00:00+01:00'" })) {
      listed.push(info.workflowId);
      assert.deepEqual(typesOf(info.typedSearchAttributes.getAll()), { DueAt: 'DATETIME', Notes: 'TEXT', Tags: 'KEYWORD_LIST' });
    }
    assert.deepEqual(listed, ['typed-at-start']);
    const { count } = await sdk.client.workflow.count("DueAt > '2026-12-24T17:59:59Z' AND DueAt < '2026-12-24T18:00:01Z'");
    assert.equal(count, 1);

    const cli = await runCli(['search-attribute', 'list', '--address', sdk.server.address, '--output', 'json']);
    const seen = JSON.parse(cli.stdout) as { custom: { name: string; type: string }[] };
    assert.ok(
      seen.custom.some((a) => a.name === 'DueAt' && a.type === 'Datetime'),
      cli.stdout,
    );
  });

  it("writes a workflow's typed upserts into history with the registered types", async function () {
    const handle = await sdk.client.workflow.start(workflows.typedUpserts, { taskQueue, workflowId: 'typed-upserts' });
    const described = await eventually(async () => {
      const d = await handle.describe();
      return d.typedSearchAttributes.get(notes) ? d : undefined;
    });
    assert.deepEqual(typesOf(described.typedSearchAttributes.getAll()), { Notes: 'TEXT', Tags: 'KEYWORD_LIST' });
    assert.deepEqual(described.typedSearchAttributes.get(tags), ['one']);
    await handle.signal(workflows.finishUpserts);
    await handle.result();
    const [upsert] = eventsOf(await historyOf(handle), EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    const fields = upsert?.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
    const metadataType = (name: string): string => Buffer.from(fields[name]?.metadata?.type ?? []).toString();
    assert.equal(metadataType('Notes'), 'Text');
    assert.equal(metadataType('Tags'), 'KeywordList');
    assert.equal(Buffer.from(fields.Tags?.data ?? []).toString(), '["one"]');
  });

  it('registers an untyped value of an unregistered attribute with the type it suggests, as before', async function () {
    const handle = await sdk.client.workflow.start(workflows.typedAtStart, {
      taskQueue,
      workflowId: 'untyped-at-start',
      searchAttributes: { Plain: ['free-form'] },
    });
    assert.deepEqual(await handle.result(), ['Plain:KEYWORD="free-form"']);
    const listed = await operator().listSearchAttributes({ namespace: 'default' });
    assert.equal(listed.customAttributes?.Plain, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
  });

  it('refuses an unknown type, a system or reserved name, another type for a registered name, and removing a system attribute', async function () {
    const unknownType = await refusal(
      operator().addSearchAttributes({ namespace: 'default', searchAttributes: { Odd: 99 as temporal.api.enums.v1.IndexedValueType } }),
    );
    assert.equal(unknownType.code, grpc.status.INVALID_ARGUMENT);
    assert.match(unknownType.details, /"Odd"\]: 99 is not a value of temporal\.api\.enums\.v1\.IndexedValueType/);
    const unspecified = await refusal(
      operator().addSearchAttributes({ namespace: 'default', searchAttributes: { Odd: IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED } }),
    );
    assert.equal(unspecified.code, grpc.status.INVALID_ARGUMENT);
    assert.match(
      unspecified.details,
      /searchAttributes\.Odd: unknown search attribute type INDEXED_VALUE_TYPE_UNSPECIFIED; give one of Text, Keyword, Int/,
    );

    const system = await refusal(
      operator().addSearchAttributes({ namespace: 'default', searchAttributes: { WorkflowId: IndexedValueType.INDEXED_VALUE_TYPE_TEXT } }),
    );
    assert.equal(system.code, grpc.status.INVALID_ARGUMENT);
    assert.match(system.details, /WorkflowId cannot be added: WorkflowId is a system search attribute/);
    const reserved = await refusal(
      operator().addSearchAttributes({
        namespace: 'default',
        searchAttributes: { TemporalMine: IndexedValueType.INDEXED_VALUE_TYPE_TEXT },
      }),
    );
    assert.match(reserved.details, /starts with Temporal, which is reserved/);

    const retyped = await refusal(
      operator().addSearchAttributes({ namespace: 'default', searchAttributes: { Notes: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } }),
    );
    assert.equal(retyped.code, grpc.status.ALREADY_EXISTS);
    assert.match(retyped.details, /Notes already exists in namespace default with type Text, not Keyword/);
    // The same type again changes nothing.
    await operator().addSearchAttributes({ namespace: 'default', searchAttributes: { Notes: IndexedValueType.INDEXED_VALUE_TYPE_TEXT } });

    const tooLong = await refusal(
      operator().addSearchAttributes({
        namespace: 'default',
        searchAttributes: { ['N'.repeat(256)]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT },
      }),
    );
    assert.equal(tooLong.code, grpc.status.INVALID_ARGUMENT);
    assert.match(
      tooLong.details,
      /^AddSearchAttributes: searchAttributes \(entry 1\): expected a non-empty string of at most 255 characters, got a string of 256 characters\./,
    );
    const none = await refusal(operator().addSearchAttributes({ namespace: 'default', searchAttributes: {} }));
    assert.equal(none.code, grpc.status.INVALID_ARGUMENT);
    assert.match(none.details, /No search attribute to add: name at least one, with its type/);

    const removeSystem = await refusal(operator().removeSearchAttributes({ namespace: 'default', searchAttributes: ['WorkflowId'] }));
    assert.equal(removeSystem.code, grpc.status.INVALID_ARGUMENT);
    assert.match(removeSystem.details, /WorkflowId is a system search attribute: only custom ones can be removed/);

    const cli = await runCli(['search-attribute', 'create', '--name', 'Bad', '--type', 'Keywrd', '--address', sdk.server.address]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /Unknown search attribute type Keywrd\. Did you mean Keyword\?/);
  });

  it('removes a custom attribute (the CLI sees it gone), and refuses removing it again', async function () {
    const created = await runCli(['search-attribute', 'create', '--name', 'Scratch', '--type', 'int', '--address', sdk.server.address]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(
      (await operator().listSearchAttributes({ namespace: 'default' })).customAttributes?.Scratch,
      IndexedValueType.INDEXED_VALUE_TYPE_INT,
    );
    await operator().removeSearchAttributes({ namespace: 'default', searchAttributes: ['Scratch'] });
    const cli = await runCli(['search-attribute', 'list', '--address', sdk.server.address, '--output', 'json']);
    assert.ok(!(JSON.parse(cli.stdout) as { custom: { name: string }[] }).custom.some((a) => a.name === 'Scratch'));
    const again = await refusal(operator().removeSearchAttributes({ namespace: 'default', searchAttributes: ['Scratch'] }));
    assert.equal(again.code, grpc.status.NOT_FOUND);
    assert.match(again.details, /Scratch is not registered in namespace default/);
  });
});

describe("the gRPC frontend's OperatorService: the same door as WorkflowService", function () {
  this.timeout(30_000);
  const token = 'operator-service-test-token-0123456789';

  it('wants the auth token, and names each method it does not serve', async function () {
    const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger, authToken: token });
    const without = TemporalConnection.lazy({ address: server.address });
    const right = await TemporalConnection.connect({ address: server.address, apiKey: token, tls: false });
    try {
      const refused = await refusal(without.operatorService.listSearchAttributes({ namespace: 'default' }));
      assert.equal(refused.code, grpc.status.UNAUTHENTICATED);
      assert.match(refused.details, /no auth token was sent/);
      const listed = await right.operatorService.listSearchAttributes({ namespace: 'default' });
      assert.equal(listed.systemAttributes?.RunId, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      const unbuilt = await refusal(right.operatorService.deleteNamespace({ namespace: 'default' }));
      assert.equal(unbuilt.code, grpc.status.UNIMPLEMENTED);
      assert.match(unbuilt.details, /^DeleteNamespace is not served by Rewind \(deprecating or deleting a namespace\)\. Not available/);
      const unknownNamespace = await refusal(right.operatorService.listSearchAttributes({ namespace: 'nope' }));
      assert.equal(unknownNamespace.code, grpc.status.NOT_FOUND);
    } finally {
      await without.close();
      await right.close();
      await server.close();
    }
  });
});
