// Rewind's enums and typed search attributes against Temporal's own (1.24) at run time: the same members
// and values, and typed search attribute sets that answer as Temporal's do.
import assert from 'node:assert/strict';
import * as temporalCommon from '@temporalio/common';
import * as temporalClient from '@temporalio/client';
import * as temporalWorkflowInterfaces from '@temporalio/workflow/lib/interfaces';
import {
  HandlerUnfinishedPolicy,
  RetryState,
  SearchAttributeType,
  TimeoutType,
  TypedSearchAttributes,
  defineSearchAttributeKey,
  errorToFailure,
  failureToError,
  ActivityFailure,
  TimeoutFailure,
  type SearchAttributePair,
} from '@rewind/sdk/common';
import { ParentClosePolicy } from '@rewind/sdk/workflow';
import { ScheduleOverlapPolicy, WorkflowUpdateStage } from '@rewind/sdk/client';
import { searchAttributesToWire } from '../src/common/search-attributes';

describe("Temporal's enums and typed search attributes", function () {
  it('has the members and values of Temporal’s enums, UNSPECIFIED and the prefixed aliases included', function () {
    assert.deepEqual({ ...TimeoutType }, { ...temporalCommon.TimeoutType });
    assert.deepEqual({ ...RetryState }, { ...temporalCommon.RetryState });
    assert.deepEqual({ ...HandlerUnfinishedPolicy }, { ...temporalCommon.HandlerUnfinishedPolicy });
    assert.deepEqual({ ...SearchAttributeType }, { ...temporalCommon.SearchAttributeType });
    assert.deepEqual({ ...ParentClosePolicy }, { ...temporalWorkflowInterfaces.ParentClosePolicy });
    assert.deepEqual({ ...ScheduleOverlapPolicy }, { ...temporalClient.ScheduleOverlapPolicy });
    assert.deepEqual({ ...WorkflowUpdateStage }, { ...temporalClient.WorkflowUpdateStage });
  });

  it('sends a failure with an unspecified retry state or timeout type as Rewind reads Temporal’s unspecified', function () {
    const activity = failureToError(
      errorToFailure(new ActivityFailure('lost', 'charge', '1', RetryState.RETRY_STATE_UNSPECIFIED, 'w', undefined)),
    );
    assert.ok(activity instanceof ActivityFailure);
    assert.equal(activity.retryState, RetryState.RETRY_POLICY_NOT_SET);
    const timeout = failureToError(errorToFailure(new TimeoutFailure('late', undefined, TimeoutType.TIMEOUT_TYPE_UNSPECIFIED)));
    assert.ok(timeout instanceof TimeoutFailure);
    assert.equal(timeout.timeoutType, TimeoutType.START_TO_CLOSE);
    assert.equal(
      (failureToError(errorToFailure(new TimeoutFailure('late', undefined, TimeoutType.TIMEOUT_TYPE_HEARTBEAT))) as TimeoutFailure)
        .timeoutType,
      'HEARTBEAT',
    );
  });

  const when = new Date('2026-03-01T10:00:00.000Z');
  const pairs = (d: typeof defineSearchAttributeKey): SearchAttributePair[] => [
    { key: d('Customer', 'KEYWORD'), value: 'ada' },
    { key: d('Note', 'TEXT'), value: 'first order' },
    { key: d('Priority', 'INT'), value: 2 },
    { key: d('Score', 'DOUBLE'), value: 1.5 },
    { key: d('Vip', 'BOOL'), value: true },
    { key: d('Due', 'DATETIME'), value: when },
    { key: d('Tags', 'KEYWORD_LIST'), value: ['a', 'b'] },
  ];

  it('answers get, getAll, copy and updateCopy as Temporal’s TypedSearchAttributes', function () {
    const ours = new TypedSearchAttributes(pairs(defineSearchAttributeKey));
    const theirs = new temporalCommon.TypedSearchAttributes(
      pairs(temporalCommon.defineSearchAttributeKey) as temporalCommon.SearchAttributePair[],
    );
    assert.deepEqual(ours.getAll(), theirs.getAll());
    assert.deepEqual(JSON.parse(JSON.stringify(ours)), JSON.parse(JSON.stringify(theirs)));
    for (const key of [
      defineSearchAttributeKey('Customer', 'KEYWORD'),
      defineSearchAttributeKey('Customer', 'INT'),
      defineSearchAttributeKey('Due', 'DATETIME'),
      defineSearchAttributeKey('Tags', 'KEYWORD_LIST'),
      defineSearchAttributeKey('Missing', 'BOOL'),
    ]) {
      assert.deepEqual(ours.get(key), theirs.get(key), key.name);
    }
    const updates = [
      { key: defineSearchAttributeKey('Tags', 'KEYWORD_LIST'), value: null },
      { key: defineSearchAttributeKey('Vip', 'KEYWORD'), value: null }, // another type: kept, as Temporal's
      { key: defineSearchAttributeKey('Priority', 'INT'), value: 3 },
    ];
    assert.deepEqual(ours.updateCopy(updates).getAll(), theirs.updateCopy(updates).getAll());
    assert.equal(ours.get(defineSearchAttributeKey('Priority', 'INT')), 2, 'updateCopy leaves the original as it was');
    assert.deepEqual(ours.copy().getAll(), ours.getAll());
    assert.throws(
      () => new TypedSearchAttributes([pairs(defineSearchAttributeKey)[0]!, pairs(defineSearchAttributeKey)[0]!]),
      /Duplicate search attribute key: Customer/,
    );
    assert.deepEqual(
      TypedSearchAttributes.getKeyFromUntyped('Due', [when.toISOString()]),
      temporalCommon.TypedSearchAttributes.getKeyFromUntyped('Due', [when.toISOString()]),
    );
    assert.equal(TypedSearchAttributes.toMetadataType('KEYWORD_LIST'), 'KeywordList');
    assert.equal(TypedSearchAttributes.toSearchAttributeType('INDEXED_VALUE_TYPE_DATETIME'), 'DATETIME');
  });

  it('reads the JSON values the server keeps by each key’s own type', function () {
    const read = TypedSearchAttributes.fromJson({ Customer: ['ada'], Due: [when.toISOString()], Tags: ['a'], Priority: [2], Odd: [{}] });
    assert.deepEqual(read.get(defineSearchAttributeKey('Due', 'DATETIME')), when);
    assert.equal(read.get(defineSearchAttributeKey('Due', 'KEYWORD')), when.toISOString(), 'a Keyword that looks like a time');
    assert.deepEqual(read.get(defineSearchAttributeKey('Tags', 'KEYWORD_LIST')), ['a'], 'a list of one');
    assert.equal(read.get(defineSearchAttributeKey('Tags', 'KEYWORD')), 'a');
    assert.equal(read.get(defineSearchAttributeKey('Priority', 'DOUBLE')), 2);
    assert.equal(read.get(defineSearchAttributeKey('Customer', 'INT')), undefined);
    assert.deepEqual(
      read.getAll().map((p) => [p.key.name, p.key.type]),
      [
        ['Customer', 'KEYWORD'],
        ['Due', 'DATETIME'],
        ['Tags', 'KEYWORD'],
        ['Priority', 'INT'],
      ],
    );
  });

  it('sends untyped and typed attributes (Rewind’s or Temporal’s set) as JSON lists, typed ones winning', function () {
    const theirs = new temporalCommon.TypedSearchAttributes([
      { key: temporalCommon.defineSearchAttributeKey('Region', 'KEYWORD'), value: 'us' },
    ]);
    const untyped = { Region: ['eu'] as const, Since: [when] as const, Gone: undefined, Empty: [] };
    assert.deepEqual(searchAttributesToWire(untyped, theirs), { Region: ['us'], Since: [when.toISOString()] }, 'at start, no removals');
    assert.deepEqual(searchAttributesToWire(untyped, pairs(defineSearchAttributeKey).slice(5), true), {
      Region: ['eu'],
      Since: [when.toISOString()],
      Gone: [],
      Empty: [],
      Due: [when.toISOString()],
      Tags: ['a', 'b'],
    });
    assert.deepEqual(searchAttributesToWire(undefined, [{ key: defineSearchAttributeKey('Tags', 'KEYWORD_LIST'), value: null }], true), {
      Tags: [],
    });
    assert.throws(
      () =>
        searchAttributesToWire(undefined, [{ key: defineSearchAttributeKey('Due', 'DATETIME'), value: '2026-03-01' as unknown as Date }]),
      /Search attribute Due is of type DATETIME, and "2026-03-01" is not a value of it/,
    );
  });
});
