// "Did you mean …?": the closest registered name to a mistyped one, and none when nothing is close.
import assert from 'node:assert/strict';
import { closestName, editDistance } from '../../src/service/matching/closest-name';

describe('closestName', function () {
  it('counts inserts, deletes, replacements and swaps of neighbours as one edit each', function () {
    assert.equal(editDistance('orderWorkflw', 'orderWorkflow'), 1);
    assert.equal(editDistance('ordre', 'order'), 1);
    assert.equal(editDistance('order', 'odrer'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('finds the name that was meant, ignoring case', function () {
    const registered = ['approvalWorkflow', 'orderWorkflow', 'sagaWorkflow'];
    assert.equal(closestName('orderWorkflw', registered), 'orderWorkflow');
    assert.equal(closestName('OrderWorkflow', registered), 'orderWorkflow');
    assert.equal(closestName('aprovalWorkflow', registered), 'approvalWorkflow');
    assert.equal(closestName('orders', ['order', 'orders-eu']), 'order');
  });

  it('suggests nothing far from every name, nor the name itself', function () {
    assert.equal(closestName('payment', ['orderWorkflow', 'sagaWorkflow']), undefined);
    assert.equal(closestName('order', ['order']), undefined);
    assert.equal(closestName('ab', ['xy']), undefined);
  });
});
