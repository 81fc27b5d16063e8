// Values Temporal's SDK wrote in another encoding, as the history view, its details pane and the tree's
// hovers show them: json/plain decoded, as today; any other as what it is (encoding, size, and what it
// holds, or that the codec that wrote it decodes it), never as the raw `$rewind:encoded` object.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { History, HistoryEvent, JsonValue } from '@rewind/sdk/protocol';
import { encodedPayload } from '@rewind/sdk/protocol';
import { briefArgs, briefFailure, briefValue, prettyFailure, prettyValue } from '../src/model/payload-text';
import { buildHistoryViewModel, eventDetails, lastEventTime, modelSteps, stepDetails, stepRow } from '../src/model/history-view-model';
import { eventSummary } from '../src/model/history-event-text';

const encoded = (encoding: string, data: Buffer | string): JsonValue =>
  encodedPayload({ metadata: { encoding: Buffer.from(encoding).toString('base64') }, data: Buffer.from(data).toString('base64') });

const PROTOBUF = encoded('binary/protobuf', Buffer.alloc(123, 7));
const SHOWN = '‹binary/protobuf, 123 bytes: a protobuf message›';
const SECRET = encoded('binary/xor', Buffer.from([1, 2, 3]));
const SPACED_JSON = encoded('json/plain', '{ "id" : "o-1" }');

describe('the extension shows encoded payloads as what they are', function () {
  it('one line, pretty-printed, as arguments and in a failure', function () {
    assert.equal(briefValue(PROTOBUF), SHOWN);
    assert.equal(briefValue(SPACED_JSON), '{"id":"o-1"}');
    assert.equal(briefValue(encoded('binary/null', '')), 'undefined');
    assert.equal(briefArgs([PROTOBUF, 'ada', SPACED_JSON], 200), `(${SHOWN}, "ada", {"id":"o-1"})`);
    assert.equal(prettyValue([SECRET]), '[\n  ‹binary/xor, 3 bytes: decode with your codec›\n]');
    const failure = {
      message: 'declined',
      info: { type: 'application' as const, errorType: 'Declined', nonRetryable: true, details: [PROTOBUF] },
    };
    assert.match(prettyFailure(failure), /details: \[‹binary\/protobuf, 123 bytes: a protobuf message›\]/);
    assert.equal(briefFailure(failure), 'Declined: declined');
  });

  it('in the history view: the full view’s rows, the compact view’s steps and the details pane', function () {
    const history = require(path.join(__dirname, '../../sdk/test/histories/sequence.json')) as History;
    const events = history.events.map((e): HistoryEvent => {
      if (e.type === 'WorkflowExecutionStarted') return { ...e, input: [PROTOBUF] };
      if (e.type === 'ActivityTaskScheduled' && e.activityType === 'greet') return { ...e, input: [SECRET] };
      if (e.type === 'ActivityTaskCompleted' && e.result === 'hello Ada') return { ...e, result: SPACED_JSON };
      return e;
    });
    const model = buildHistoryViewModel(events);
    assert.equal(eventSummary(events[0]!), `sequence(${SHOWN}) on golden`);
    assert.match(model.rows[4]!.summary, /greet\(‹binary\/xor, 3 bytes: decode with your codec›\)/);
    const greet = modelSteps(model).find((s) => s.label.includes('greet'))!;
    assert.match(stepRow(greet, lastEventTime(model)).summary, /^\(‹binary\/xor, 3 bytes: decode with your codec›\) → \{"id":"o-1"\}$/);
    assert.equal(stepDetails(greet).find((s) => s.title === 'Result')?.text, '{\n  "id": "o-1"\n}');
    assert.equal(eventDetails(events[0]!).find((s) => s.title === 'Input')?.text, `[\n  ${SHOWN}\n]`);
  });
});
