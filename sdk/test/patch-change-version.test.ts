// Replay's check of commands against history where a patch was made searchable: with sdk-core's flag 2
// (UpsertSearchAttributeOnPatch) each patch marker is followed by an upsert of TemporalChangeVersion that the
// runtime issues itself, matched one to one as core matches it; a deprecated marker skipped takes its upsert
// along. The upsert's value, as core builds it.
import assert from 'node:assert/strict';
import type { Command, HistoryEvent } from '@rewind/sdk/protocol';
import { findMismatch, pairCommands } from '@rewind/sdk/internal/worker/workflows/determinism';
import { changeVersionUpsert } from '@rewind/sdk/internal/workflow/change-version';

const TASK = 4;
const noSeq = (): undefined => undefined;

function patchMarker(eventId: number, deprecated = false): HistoryEvent {
  return {
    eventId,
    eventTime: '2026-01-01T00:00:00.000Z',
    type: 'MarkerRecorded',
    markerName: 'core_patch',
    details: { patchId: 'v2', deprecated },
    workflowTaskCompletedEventId: TASK,
  };
}

function upsert(eventId: number, searchAttributes: Record<string, string[]>): HistoryEvent {
  return {
    eventId,
    eventTime: '2026-01-01T00:00:00.000Z',
    type: 'UpsertWorkflowSearchAttributes',
    searchAttributes,
    workflowTaskCompletedEventId: TASK,
  };
}

function activityScheduled(eventId: number): HistoryEvent {
  return {
    eventId,
    eventTime: '2026-01-01T00:00:00.000Z',
    type: 'ActivityTaskScheduled',
    activityId: '1',
    activityType: 'charge',
    taskQueue: 'q',
    input: [],
    retryPolicy: {
      initialIntervalMs: 1000,
      backoffCoefficient: 2,
      maximumIntervalMs: 100_000,
      maximumAttempts: 0,
      nonRetryableErrorTypes: [],
    },
    workflowTaskCompletedEventId: TASK,
  };
}

const patchCommand: Command = { type: 'RecordMarker', markerName: 'core_patch', details: { patchId: 'v2', deprecated: false } };
const activityCommand: Command = {
  type: 'ScheduleActivityTask',
  seq: 1,
  activityId: '1',
  activityType: 'charge',
  taskQueue: 'q',
  args: [],
};

const changeVersion = changeVersionUpsert(['v2'])!;

describe('replay of a patch that Temporal’s worker made searchable', function () {
  it("matches the patch marker and its TemporalChangeVersion upsert with the runtime's own two commands", function () {
    const events = [patchMarker(5), upsert(6, { TemporalChangeVersion: ['v2'] }), activityScheduled(7)];
    assert.equal(findMismatch([patchCommand, changeVersion, activityCommand], events, noSeq), undefined);
    assert.deepEqual(
      pairCommands([patchCommand, changeVersion, activityCommand], events).map((e) => e?.eventId),
      [5, 6, 7],
    );
  });

  it('refuses at the upsert code that issues none (a history recorded with flag 2, replayed without it), as core does', function () {
    const events = [patchMarker(5), upsert(6, { TemporalChangeVersion: ['v2'] }), activityScheduled(7)];
    assert.equal(findMismatch([patchCommand, activityCommand], events, noSeq)?.event?.eventId, 6);
  });

  it('refuses at the next event an upsert that history lacks', function () {
    const events = [patchMarker(5), activityScheduled(6)];
    const m = findMismatch([patchCommand, changeVersion, activityCommand], events, noSeq);
    assert.equal(m?.event?.eventId, 6);
    assert.equal(m?.command, changeVersion);
  });

  it("still compares the code's own upserts, after the patch's", function () {
    const own: Command = { type: 'UpsertWorkflowSearchAttributes', searchAttributes: { Stage: ['paid'] } };
    const events = [patchMarker(5), upsert(6, { TemporalChangeVersion: ['v2'] }), upsert(7, { Stage: ['paid'] })];
    assert.equal(findMismatch([patchCommand, changeVersion, own], events, noSeq), undefined);
    assert.equal(
      findMismatch([patchCommand, changeVersion], events, noSeq)?.event?.eventId,
      7,
      'an upsert the code no longer makes is a mismatch',
    );
  });

  it('skips a deprecated patch with its upsert when the code no longer calls deprecatePatch', function () {
    const events = [patchMarker(5, true), upsert(6, { TemporalChangeVersion: ['v2'] }), activityScheduled(7)];
    assert.equal(findMismatch([activityCommand], events, noSeq), undefined);
    assert.deepEqual(
      pairCommands([activityCommand], events).map((e) => e?.eventId),
      [7],
    );
  });

  it('compares a TemporalChangeVersion upsert that follows no patch marker like any other', function () {
    const events = [upsert(5, { TemporalChangeVersion: ['v2'] }), activityScheduled(6)];
    assert.equal(findMismatch([activityCommand], events, noSeq)?.event?.eventId, 5);
  });
});

describe('the TemporalChangeVersion upsert, as sdk-core builds it', function () {
  it('lists every patch so far, sorted by code point (a Rust BTreeSet), typed KeywordList', function () {
    assert.deepEqual(changeVersionUpsert(['v2', 'retired', 'a\u{1F600}', 'a\uFF61', 'v2']), {
      type: 'UpsertWorkflowSearchAttributes',
      searchAttributes: { TemporalChangeVersion: ['a\uFF61', 'a\u{1F600}', 'retired', 'v2'] },
      searchAttributeTypes: { TemporalChangeVersion: 'KeywordList' },
    });
  });

  it('is left out when the JSON of the list would reach 2048 bytes (core skips it)', function () {
    // ["…"]: 4 bytes around the id.
    assert.ok(changeVersionUpsert(['x'.repeat(2043)]));
    assert.equal(changeVersionUpsert(['x'.repeat(2044)]), undefined);
    assert.equal(changeVersionUpsert(['é'.repeat(1022)]), undefined, 'counted in UTF-8 bytes');
  });
});
