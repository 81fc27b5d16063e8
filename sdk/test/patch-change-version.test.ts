// Replay's check of commands against history where Temporal's worker made a patch searchable: its SDK
// follows each patch marker with an upsert of TemporalChangeVersion that workflow code never asked for,
// and replay reads the two as one (as Temporal's core does). Any other upsert is still compared.
import assert from 'node:assert/strict';
import type { Command, HistoryEvent } from '@rewind/sdk/protocol';
import { findMismatch, pairCommands } from '@rewind/sdk/internal/worker/workflows/determinism';

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

describe('replay of a patch that Temporal’s worker made searchable', function () {
  it('reads the patch marker and its TemporalChangeVersion upsert as one', function () {
    const events = [patchMarker(5), upsert(6, { TemporalChangeVersion: ['v2'] }), activityScheduled(7)];
    assert.equal(findMismatch([patchCommand, activityCommand], events, noSeq), undefined);
    assert.deepEqual(
      pairCommands([patchCommand, activityCommand], events).map((e) => e?.eventId),
      [5, 7],
    );
  });

  it("still compares the code's own upserts, after the patch's", function () {
    const own: Command = { type: 'UpsertWorkflowSearchAttributes', searchAttributes: { Stage: ['paid'] } };
    const events = [patchMarker(5), upsert(6, { TemporalChangeVersion: ['v2'] }), upsert(7, { Stage: ['paid'] })];
    assert.equal(findMismatch([patchCommand, own], events, noSeq), undefined);
    assert.deepEqual(
      pairCommands([patchCommand, own], events).map((e) => e?.eventId),
      [5, 7],
    );
    assert.equal(findMismatch([patchCommand], events, noSeq)?.event?.eventId, 7, 'an upsert the code no longer makes is a mismatch');
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
