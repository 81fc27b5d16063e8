// The `rewind` debug adapter as VS Code drives it: DAP requests to the BUILT entry
// (extension/dist/debug-adapter.js, run `node scripts/build.mjs` first) in its own Node process, on the
// replay debugger's golden histories; each expectation is checked against the replay runtime itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import { STOP_KINDS } from '@rewind/sdk/internal/debug/types';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { swappedOrderWorkflow } from '../../sdk/test/debug/helpers';

const ROOT = path.join(__dirname, '../..');
const ADAPTER = path.join(ROOT, 'extension/dist/debug-adapter.js');
const HISTORIES = path.join(ROOT, 'sdk/test/debug/histories');
const ORDER_HISTORY = path.join(HISTORIES, 'order.json');
const RETRY_HISTORY = path.join(HISTORIES, 'retrying.json');
const ORDER_WORKFLOWS = path.join(ROOT, 'samples/order/workflows.ts');
const RETRY_WORKFLOWS = path.join(ROOT, 'sdk/test/debug/fixtures/retry-workflows.ts');

const readEvents = (file: string): HistoryEvent[] => (JSON.parse(fs.readFileSync(file, 'utf8')) as { events: HistoryEvent[] }).events;

function lineOf(file: string, needle: string): number {
  const line =
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1;
  assert.ok(line > 0, `${file} has a line with ${needle}`);
  return line;
}

/** The event the adapter is at, from the name of the top stack frame ("… (event 5)"). */
function eventOf(frames: DebugProtocol.StackFrame[]): number {
  const m = /\(event (\d+)\)$/.exec(frames[0]?.name ?? '');
  assert.ok(m, `the top frame names its event: ${frames[0]?.name}`);
  return Number(m[1]);
}

describe('debug adapter (DAP, built entry)', function () {
  this.timeout(30_000);
  let dc: DebugClient;

  before(function () {
    assert.ok(fs.existsSync(ADAPTER), `${ADAPTER} is missing: run node scripts/build.mjs first`);
  });
  beforeEach(async function () {
    dc = new DebugClient('node', ADAPTER, 'rewind', { cwd: ROOT });
    await dc.start();
  });
  afterEach(async function () {
    await dc.stop();
  });

  /** Sends a request and waits for the stop it causes; returns the stop and the stack there. */
  async function act(request: () => Promise<unknown>): Promise<{ stop: DebugProtocol.StoppedEvent; frames: DebugProtocol.StackFrame[] }> {
    const stopped = dc.waitForEvent('stopped');
    await request();
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    const frames = (await dc.stackTraceRequest({ threadId: stop.body.threadId ?? 1 })).body.stackFrames;
    return { stop, frames };
  }

  /** Launches with the configuration requests VS Code sends on `initialized`, then waits for the first stop. */
  function launch(args: Record<string, unknown>, configure: () => Promise<unknown> = async () => undefined) {
    return act(() =>
      Promise.all([
        dc.waitForEvent('initialized').then(async () => {
          await configure();
          await dc.configurationDoneRequest();
        }),
        dc.launch(args),
      ]),
    );
  }

  async function variables(ref: number): Promise<Map<string, DebugProtocol.Variable>> {
    const vars = (await dc.variablesRequest({ variablesReference: ref })).body.variables;
    return new Map(vars.map((v) => [v.name, v]));
  }

  it('announces step back, stepping granularity, exception info and one event breakpoint per stop kind of the runtime', async function () {
    const caps = (await dc.initializeRequest()).body!;
    assert.equal(caps.supportsStepBack, true);
    assert.equal(caps.supportsSteppingGranularity, true);
    assert.equal(caps.supportsConfigurationDoneRequest, true);
    assert.equal(caps.supportsExceptionInfoRequest, true);
    assert.deepEqual(
      caps.exceptionBreakpointFilters?.map((f) => f.filter),
      [...STOP_KINDS],
    );
    const labels = Object.fromEntries(caps.exceptionBreakpointFilters!.map((f) => [f.filter, [f.label, f.default ?? false]]));
    assert.deepEqual(labels.activityFailed, ['Activity failed', false]);
    assert.deepEqual(labels.nonDeterminism, ['Non-determinism', true]);
  });

  describe('the order sample', function () {
    const events = readEvents(ORDER_HISTORY);
    let runtime: ReplaySession;
    before(async function () {
      runtime = await ReplaySession.load({ history: fs.readFileSync(ORDER_HISTORY, 'utf8'), workflowsPath: ORDER_WORKFLOWS });
    });
    after(() => runtime.dispose());

    it('stops on entry at event 1, steps into every event at its source line, and back into each to the start', async function () {
      const entry = await launch({ historyFile: ORDER_HISTORY, workflowsPath: ORDER_WORKFLOWS });
      assert.equal(entry.stop.body.reason, 'entry');
      assert.equal(eventOf(entry.frames), 1);
      const threads = (await dc.threadsRequest()).body.threads;
      assert.deepEqual(
        threads.map((t) => t.name),
        [`Workflow ${(JSON.parse(fs.readFileSync(ORDER_HISTORY, 'utf8')) as { workflowId: string }).workflowId}`],
      );

      for (let id = 2; id <= events.length; id++) {
        const { stop, frames } = await act(() => dc.stepInRequest({ threadId: 1 }));
        assert.equal(stop.body.reason, 'step');
        assert.equal(eventOf(frames), id);
        assert.match(frames[0]!.name, new RegExp(`^${events[id - 1]!.type}`));
        const location = runtime.info[id - 1]!.location;
        assert.equal(frames[0]!.line, location?.line ?? 0, `line of event ${id} ${events[id - 1]!.type}`);
        if (location) assert.equal(frames[0]!.source?.path, ORDER_WORKFLOWS);
        runtime.goTo(id);
        assert.deepEqual(
          frames.slice(1).map((f) => f.line),
          runtime.pending().map((p) => p.location?.line ?? 0),
          `one frame per pending coroutine at event ${id}`,
        );
      }
      // Past the end, Step Into stays at the last event.
      assert.equal(eventOf((await act(() => dc.stepInRequest({ threadId: 1 }))).frames), events.length);

      // Step Back Into (the adapter's stepBackInto request; DAP's stepBack at instruction granularity is the same).
      for (let id = events.length - 1; id >= 1; id--) {
        const back =
          id % 2 ? () => dc.customRequest('stepBackInto') : () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' });
        const { frames } = await act(back);
        assert.equal(eventOf(frames), id);
        assert.equal(frames[0]!.line, runtime.info[id - 1]!.location?.line ?? 0);
      }
      assert.equal(eventOf((await act(() => dc.customRequest('stepBackInto'))).frames), 1, 'no event before the first');
    });

    it('steps over from one line of code to the next with one press, past the workflow task events, and back the same way', async function () {
      const type = (id: number): string => events[id - 1]!.type;
      // The events a line issued or that resolve its await: an activity's start resolves nothing.
      const codeEvents = runtime.info.filter((i) => i.location && type(i.eventId) !== 'ActivityTaskStarted').map((i) => i.eventId);
      assert.deepEqual(
        codeEvents.map(type),
        [
          'ActivityTaskScheduled',
          'ActivityTaskCompleted',
          'TimerStarted',
          'TimerFired',
          'ActivityTaskScheduled',
          'ActivityTaskCompleted',
          'ActivityTaskScheduled',
          'ActivityTaskCompleted',
        ],
        'the golden history has the code events this test expects',
      );
      const payment = codeEvents[1]!;
      const timer = codeEvents[2]!;
      assert.ok(
        [payment + 1, timer - 1].every((id) => type(id).startsWith('WorkflowTask')),
        'workflow task events lie between the payment and the timer',
      );
      await launch({ historyFile: ORDER_HISTORY, workflowsPath: ORDER_WORKFLOWS });

      // One press from the entry to the first activity, from its result to the timer: no stop without a line.
      const stops: number[] = [];
      for (const id of codeEvents) {
        const { stop, frames } = await act(() => dc.nextRequest({ threadId: 1 }));
        assert.equal(stop.body.reason, 'step');
        assert.equal(eventOf(frames), id, `Step Over goes to event ${id} ${type(id)}`);
        assert.equal(frames[0]!.line, runtime.info[id - 1]!.location!.line);
        assert.equal(frames[0]!.source?.path, ORDER_WORKFLOWS);
        stops.push(id);
      }
      assert.deepEqual(stops.slice(1, 3), [payment, timer]);
      // After the last line's event: the workflow's end (its last event), and no further.
      assert.equal(eventOf((await act(() => dc.nextRequest({ threadId: 1 }))).frames), events.length);
      assert.equal(eventOf((await act(() => dc.nextRequest({ threadId: 1 }))).frames), events.length);

      // Step Back mirrors it, to the first event.
      for (const id of [...codeEvents].reverse()) {
        const { stop, frames } = await act(() => dc.stepBackRequest({ threadId: 1 }));
        assert.equal(stop.body.reason, 'step');
        assert.equal(eventOf(frames), id, `Step Back goes to event ${id} ${type(id)}`);
      }
      assert.equal(eventOf((await act(() => dc.stepBackRequest({ threadId: 1 }))).frames), 1);
    });

    it('steps over to a line breakpoint and an enabled event breakpoint on the way, reported as such', async function () {
      const fired = events.find((e) => e.type === 'TimerFired')!.eventId;
      let bp: DebugProtocol.Breakpoint | undefined;
      const timerStarted = events.find((e) => e.type === 'TimerStarted')!.eventId;
      await launch({ historyFile: ORDER_HISTORY, workflowsPath: ORDER_WORKFLOWS }, async () => {
        await dc.setExceptionBreakpointsRequest({ filters: ['timerFired'] });
        [bp] = (
          await dc.setBreakpointsRequest({
            source: { path: ORDER_WORKFLOWS },
            breakpoints: [{ line: lineOf(ORDER_WORKFLOWS, 'await sleep(') }],
          })
        ).body.breakpoints;
      });
      await act(() => dc.customRequest('goToEvent', { eventId: timerStarted - 1 }));
      const atLine = await act(() => dc.nextRequest({ threadId: 1 }));
      assert.equal(eventOf(atLine.frames), timerStarted);
      assert.equal(atLine.stop.body.reason, 'breakpoint');
      assert.deepEqual(atLine.stop.body.hitBreakpointIds, [bp!.id]);
      const atFired = await act(() => dc.nextRequest({ threadId: 1 }));
      assert.equal(eventOf(atFired.frames), fired);
      assert.equal(atFired.stop.body.reason, 'exception');
    });

    it('steps out to the next workflow task and back out to the previous one; Step Into and Continue still work between', async function () {
      const tasks = events.filter((e) => e.type === 'WorkflowTaskStarted').map((e) => e.eventId);
      await launch({ history: JSON.parse(fs.readFileSync(ORDER_HISTORY, 'utf8')), workflowsPath: ORDER_WORKFLOWS });
      for (const id of tasks) {
        const { stop, frames } = await act(() => dc.stepOutRequest({ threadId: 1 }));
        assert.equal(stop.body.reason, 'step');
        assert.equal(eventOf(frames), id, 'Step Out goes to the next WorkflowTaskStarted');
        // The code has run that task: the Call Stack shows what it awaits now.
        runtime.goTo(id);
        assert.deepEqual(
          frames.slice(1).map((f) => f.line),
          runtime.pending().map((p) => p.location?.line ?? 0),
        );
      }
      assert.equal(eventOf((await act(() => dc.stepOutRequest({ threadId: 1 }))).frames), events.length, 'then the end');
      for (const id of [...tasks].reverse()) {
        assert.equal(eventOf((await act(() => dc.customRequest('stepBackOut'))).frames), id, 'Step Back Out: the previous task');
      }
      assert.equal(eventOf((await act(() => dc.customRequest('stepBackOut'))).frames), 1);

      const into = await act(() => dc.stepInRequest({ threadId: 1 }));
      assert.equal(eventOf(into.frames), 2, 'Step Into: the next event, a workflow task event too');
      const end = await act(() => dc.continueRequest({ threadId: 1 }));
      assert.equal(end.stop.body.reason, 'step');
      assert.equal(eventOf(end.frames), events.length);
      const start = await act(() => dc.reverseContinueRequest({ threadId: 1 }));
      assert.equal(eventOf(start.frames), 1);
    });

    it('jumps to an event on a goToEvent request, and tells where it is after each stop', async function () {
      await launch({ historyFile: ORDER_HISTORY, workflowsPath: ORDER_WORKFLOWS });
      const timer = events.find((e) => e.type === 'TimerStarted')!.eventId;
      const position = dc.waitForEvent('rewindPosition');
      const jump = await act(() => dc.customRequest('goToEvent', { eventId: timer }));
      assert.equal(jump.stop.body.reason, 'goto');
      assert.equal(eventOf(jump.frames), timer);
      assert.deepEqual((await position).body, { eventId: timer, length: events.length, lastReachable: events.length });
      await assert.rejects(dc.customRequest('goToEvent', { eventId: 'five' }), /goToEvent needs an integer eventId/);
    });

    it('stops at the TimerStarted event on a breakpoint on the sleep line, and runs back to it', async function () {
      const sleepLine = lineOf(ORDER_WORKFLOWS, 'await sleep(');
      const timer = events.find((e) => e.type === 'TimerStarted')!.eventId;
      let bps: DebugProtocol.Breakpoint[] = [];
      const first = await launch({ historyFile: ORDER_HISTORY, workflowsPath: ORDER_WORKFLOWS, stopOnEntry: false }, async () => {
        bps = (await dc.setBreakpointsRequest({ source: { path: ORDER_WORKFLOWS }, breakpoints: [{ line: sleepLine }, { line: 2 }] })).body
          .breakpoints;
      });
      assert.deepEqual(
        bps.map((b) => b.verified),
        [true, false],
        'verified only where an event comes from the line',
      );
      assert.equal(first.stop.body.reason, 'breakpoint');
      assert.deepEqual(first.stop.body.hitBreakpointIds, [bps[0]!.id]);
      assert.equal(eventOf(first.frames), timer);
      assert.match(first.frames[0]!.name, /^TimerStarted/);
      assert.equal(first.frames[0]!.line, sleepLine);
      // The TimerFired event awaited at the same line is the next hit; then the end; Reverse Continue comes back.
      const fired = await act(() => dc.continueRequest({ threadId: 1 }));
      assert.equal(eventOf(fired.frames), events.find((e) => e.type === 'TimerFired')!.eventId);
      await act(() => dc.continueRequest({ threadId: 1 }));
      const back = await act(() => dc.reverseContinueRequest({ threadId: 1 }));
      assert.equal(back.stop.body.reason, 'breakpoint');
      assert.equal(eventOf(back.frames), events.find((e) => e.type === 'TimerFired')!.eventId);
    });

    it('shows the locals of the workflow code, the event and the workflow (with the payment result) after the timer started', async function () {
      const timer = events.find((e) => e.type === 'TimerStarted')!;
      await launch({ historyFile: ORDER_HISTORY, workflowsPath: ORDER_WORKFLOWS });
      let at = 1;
      while (at < timer.eventId) at = eventOf((await act(() => dc.nextRequest({ threadId: 1 }))).frames);
      const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
      assert.deepEqual(
        scopes.map((s) => s.name),
        ['Locals', 'Event', 'Workflow'],
      );
      const locals = await variables(scopes[0]!.variablesReference);
      assert.equal(locals.get('orderId')?.value, '"A-1"');
      assert.equal(locals.get('pause')?.value, '"200 milliseconds"');
      assert.equal(locals.get('payment')?.value, '"payment-A-1"');
      // The pending timer's frame: the same line, the same locals.
      assert.equal(frames.length, 2);
      const pendingScopes = (await dc.scopesRequest({ frameId: frames[1]!.id })).body.scopes;
      const pendingLocals = await variables(pendingScopes[0]!.variablesReference);
      assert.equal(pendingLocals.get('payment')?.value, '"payment-A-1"');

      const event = await variables(scopes[1]!.variablesReference);
      assert.equal(event.get('type')?.value, '"TimerStarted"');
      assert.equal(event.get('eventId')?.value, String(timer.eventId));
      assert.equal(event.get('time')?.value, JSON.stringify(timer.eventTime));
      assert.equal(event.get('startToFireTimeoutMs')?.value, '200');

      const workflow = await variables(scopes[2]!.variablesReference);
      assert.equal(workflow.get('status')?.value, '"RUNNING"');
      assert.equal(workflow.get('input')?.value, '["A-1", "200 milliseconds"]');
      const activities = await variables(workflow.get('activities')!.variablesReference);
      const payment = activities.get('processPayment (event 5)');
      assert.ok(payment, `the payment activity is listed: ${[...activities.keys()].join(', ')}`);
      const fields = await variables(payment.variablesReference);
      assert.equal(fields.get('status')?.value, '"completed"');
      assert.equal(fields.get('result')?.value, '"payment-A-1"');
      const timers = await variables(workflow.get('timers')!.variablesReference);
      assert.deepEqual([...timers.keys()], [`timer 1 (event ${timer.eventId})`]);
    });
  });

  it('stops at the activity failure with the "Activity failed" event breakpoint, and says what failed', async function () {
    const events = readEvents(RETRY_HISTORY);
    const failed = events.find((e) => e.type === 'ActivityTaskFailed')!;
    const stop = await launch({ historyFile: RETRY_HISTORY, workflowsPath: RETRY_WORKFLOWS, stopOnEntry: false }, () =>
      dc.setExceptionBreakpointsRequest({ filters: ['activityFailed'] }),
    );
    assert.equal(stop.stop.body.reason, 'exception');
    assert.equal(eventOf(stop.frames), failed.eventId);
    assert.match(stop.frames[0]!.name, /^ActivityTaskFailed broken/);
    assert.equal(stop.frames[0]!.line, lineOf(RETRY_WORKFLOWS, 'await broken()'));
    const info = (await dc.exceptionInfoRequest({ threadId: 1 })).body;
    assert.equal(info.exceptionId, 'activityFailed');
    const message = failed.type === 'ActivityTaskFailed' ? failed.failure.message : '';
    assert.ok(message, 'the golden history has the failure message');
    assert.ok(info.description?.includes(message), `the description has the failure message: ${info.description}`);
    // No other activity failed: Continue runs to the end.
    const end = await act(() => dc.continueRequest({ threadId: 1 }));
    assert.equal(eventOf(end.frames), events.length);
  });

  describe('non-determinism', function () {
    let dir: string;
    let changed: string;
    before(function () {
      ({ dir, file: changed } = swappedOrderWorkflow('rewind-dap-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('stops with an exception that shows both sides, the changed line and what to do', async function () {
      const timer = readEvents(ORDER_HISTORY).find((e) => e.type === 'TimerStarted')!;
      const stop = await launch({ historyFile: ORDER_HISTORY, workflowsPath: changed, stopOnEntry: false });
      assert.equal(stop.stop.body.reason, 'exception');
      assert.equal(eventOf(stop.frames), timer.eventId);
      const info = (await dc.exceptionInfoRequest({ threadId: 1 })).body;
      assert.equal(info.exceptionId, 'nonDeterminism');
      assert.match(info.description ?? '', /History holds: TimerStarted\(200ms\)/);
      assert.match(info.description ?? '', /The code issued: ScheduleActivityTask\(updateInventory\)/);
      assert.ok(info.description?.includes(`${changed}:${lineOf(changed, 'await updateInventory(')}`), info.description);
      assert.match(info.description ?? '', /patched\('your-change-id'\)/);
      assert.equal((info.description ?? '').split("patched('your-change-id')").length - 1, 1, 'the advice is said once');
      // A debugger's advice, not a worker's.
      assert.match(info.description ?? '', /Replay cannot go past this event with this code/);
      assert.doesNotMatch(info.description ?? '', /The workflow waits/);
      // Replay cannot go past it: Step Over stays there, and stops there again.
      const again = await act(() => dc.nextRequest({ threadId: 1 }));
      assert.equal(again.stop.body.reason, 'exception');
      assert.equal(eventOf(again.frames), timer.eventId);
    });

    it('names the run of an inline history by the workflowId of the launch configuration (as Debug Replay gives it)', async function () {
      const stop = await launch({
        history: { events: readEvents(ORDER_HISTORY) },
        workflowsPath: changed,
        workflowId: 'order-from-the-tree',
        stopOnEntry: false,
      });
      assert.equal(stop.stop.body.reason, 'exception');
      const info = (await dc.exceptionInfoRequest({ threadId: 1 })).body;
      assert.match(info.description ?? '', /^Workflow order-from-the-tree \(orderWorkflow\) is not deterministic/);
    });
  });

  describe('a history recorded with workflow interceptors', function () {
    const history = path.join(HISTORIES, 'intercepted.json');
    const workflowsPath = path.join(ROOT, 'sdk/test/debug/fixtures/intercepted-workflows.ts');
    const scheduled = readEvents(history).find((e) => e.type === 'ActivityTaskScheduled')!;

    it('replays to its end with the interceptor modules of the launch configuration', async function () {
      const entry = await launch({
        historyFile: history,
        workflowsPath,
        workflowInterceptorModules: ['sdk/test/debug/fixtures/intercepted-interceptors.ts'],
      });
      assert.equal(entry.stop.body.reason, 'entry');
      const { stop, frames } = await act(() => dc.customRequest('goToEvent', { eventId: scheduled.eventId }));
      assert.notEqual(stop.body.reason, 'exception');
      assert.equal(eventOf(frames), scheduled.eventId);
      assert.equal(frames[0]!.line, lineOf(workflowsPath, 'return greet(name)'));
      const last = readEvents(history).length;
      const end = await act(() => dc.customRequest('goToEvent', { eventId: last }));
      assert.notEqual(end.stop.body.reason, 'exception');
      assert.equal(eventOf(end.frames), last);
    });

    it('stops at the activity the interceptor renamed when the configuration leaves them out', async function () {
      const stop = await launch({ historyFile: history, workflowsPath, stopOnEntry: false });
      assert.equal(stop.stop.body.reason, 'exception');
      assert.equal(eventOf(stop.frames), scheduled.eventId);
      const info = (await dc.exceptionInfoRequest({ threadId: 1 })).body;
      assert.match(info.description ?? '', /ActivityTaskScheduled\(tracedGreet\)/);
    });

    it('fails the launch when an interceptor module does not exist', async function () {
      await assert.rejects(
        dc.launch({ historyFile: history, workflowsPath, workflowInterceptorModules: ['no-such-interceptors.ts'] }),
        /The workflow interceptor module .*no-such-interceptors\.ts does not exist/,
      );
    });
  });

  describe('bad launches', function () {
    it('fails the launch with what is wrong when the history file is not a history', async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-dap-'));
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ hello: 'world' }));
      try {
        await assert.rejects(
          dc.launch({ historyFile: bad, workflowsPath: ORDER_WORKFLOWS }),
          /Not a history: expected an object with a non-empty "events" array/,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails the launch when the history file does not exist', async function () {
      await assert.rejects(
        dc.launch({ historyFile: path.join(os.tmpdir(), 'no-such-history.json'), workflowsPath: ORDER_WORKFLOWS }),
        /Cannot read the history file .*no-such-history\.json/,
      );
    });

    it('fails the launch with what to install when the workspace has no @rewind/sdk', async function () {
      // An adapter started outside the repository, on workflow code in a folder without node_modules.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-dap-'));
      const outside = new DebugClient('node', ADAPTER, 'rewind', { cwd: dir });
      await outside.start();
      try {
        fs.copyFileSync(ORDER_WORKFLOWS, path.join(dir, 'workflows.ts'));
        await assert.rejects(
          outside.launch({ historyFile: ORDER_HISTORY, workflowsPath: path.join(dir, 'workflows.ts') }),
          /has no @rewind\/sdk .*install it with npm install @rewind\/sdk/,
        );
      } finally {
        await outside.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails the launch when the code does not export the history workflow type, and ends the session (no dead session)', async function () {
      const terminated = dc.waitForEvent('terminated', 10_000);
      await assert.rejects(dc.launch({ historyFile: RETRY_HISTORY, workflowsPath: ORDER_WORKFLOWS }), /workflow type 'retrying'/);
      await terminated;
    });
  });
});
