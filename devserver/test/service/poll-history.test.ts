// Who polled a task queue lately (fake clock): each identity's last poll by kind, listed 5 minutes after
// it and then forgotten, as Temporal's server lists a queue's pollers.
import assert from 'node:assert/strict';
import { PollHistory, POLLER_HISTORY_MS } from '../../src/service/matching/poll-history';
import { FakeClock } from '../helpers/fake-clock';

describe('service: poll history of a task queue', function () {
  it('lists each identity with its last poll of each kind for 5 minutes, then forgets it', async function () {
    const clock = new FakeClock();
    const history = new PollHistory(clock);
    const t0 = clock.now();
    history.polled('default', 'q', 'workflow', 'b@host');
    history.polled('default', 'q', 'activity', 'b@host');
    history.polled('default', 'other', 'workflow', 'c@host');
    await clock.advance(60_000);
    history.polled('default', 'q', 'workflow', 'a@host');
    history.polled('default', 'q', 'workflow', 'b@host');
    assert.deepEqual(history.recent('default', 'q'), [
      { identity: 'a@host', lastPollAt: { workflow: t0 + 60_000 } },
      { identity: 'b@host', lastPollAt: { workflow: t0 + 60_000, activity: t0 } },
    ]);
    assert.deepEqual(history.recent('billing', 'q'), [], 'by namespace');

    await clock.advance(POLLER_HISTORY_MS - 60_000 + 1);
    assert.deepEqual(
      history.recent('default', 'q'),
      [
        { identity: 'a@host', lastPollAt: { workflow: t0 + 60_000 } },
        { identity: 'b@host', lastPollAt: { workflow: t0 + 60_000 } },
      ],
      'a kind not polled for 5 minutes is dropped',
    );
    await clock.advance(60_000);
    assert.deepEqual(history.recent('default', 'q'), []);
    assert.deepEqual(history.recent('default', 'other'), []);
    history.polled('default', 'q', 'activity', 'a@host');
    assert.deepEqual(history.recent('default', 'q'), [{ identity: 'a@host', lastPollAt: { activity: clock.now() } }], 'a worker back');
  });
});
