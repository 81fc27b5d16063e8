// The path of the document a query's or update's answer opens in: it names the run and the question.
import assert from 'node:assert/strict';
import { answerPath } from '../src/model/answer-document';

describe('answer document', function () {
  it('is named for the workflow and the query, under the run id (one document per run and name)', function () {
    assert.equal(answerPath({ workflowId: 'approval-1', runId: 'r-9' }, 'query', 'status'), '/r-9/approval-1 · query status.json');
    assert.equal(answerPath({ workflowId: 'approval-1', runId: 'r-9' }, 'update', 'delegate'), '/r-9/approval-1 · update delegate.json');
  });

  it('keeps characters that would split or end a path out of it', function () {
    assert.equal(answerPath({ workflowId: 'team/a?b', runId: undefined }, 'query', 'x#y'), '/latest run/team_a_b · query x_y.json');
  });
});
