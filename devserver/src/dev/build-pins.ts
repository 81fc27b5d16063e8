// Which build of the workflow code each open run of `rewind dev` runs on: before a switch, every open
// run is replayed against the new build; those that replay move to it, those that do not stay pinned to
// their old build, whose worker is kept (retired) until no open run needs it.
import type { Client } from '@rewind/sdk/client';
import type { ProjectConfig } from '@rewind/sdk/internal/project/project-config';
import { WAITS_FOR_MATCHING_CODE } from '@rewind/sdk/internal/worker/workflows/determinism';
import { Worker } from '@rewind/sdk/worker';
import type { DevBuild } from './dev-build';
import type { WorkerProcess } from './worker-process';

interface Pinned {
  workflowId: string;
  buildId: string;
}

export class BuildPins {
  /** Workers of older builds, kept for the runs pinned to them. */
  private readonly retired = new Map<string, WorkerProcess>();
  /** Open runs pinned to an older build, by run id. */
  private readonly pinned = new Map<string, Pinned>();

  constructor(
    private readonly client: Client,
    private readonly config: ProjectConfig,
    private readonly print: (line: string) => void,
  ) {}

  /**
   * Replays every open run of the task queue with `build`. Those that replay move to it (unpinned);
   * those that do not stay on `oldBuildId` (pinned), and are listed with what differs.
   */
  async checkOpenRuns(build: DevBuild, oldBuildId: string | undefined): Promise<void> {
    const { print, config } = this;
    const started = performance.now();
    const open: { workflowId: string; runId: string }[] = [];
    for await (const e of this.client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${config.taskQueue}'` })) {
      open.push({ workflowId: e.workflowId, runId: e.runId });
    }
    if (open.length === 0) return;
    const client = this.client;
    async function* histories() {
      for (const run of open)
        yield { workflowId: run.workflowId, history: await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory() };
    }
    const incompatible: { workflowId: string; runId: string; error: Error }[] = [];
    let moved = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: build.workflowBundle }, histories())) {
      const run = open.find((r) => r.workflowId === result.workflowId)!;
      if (result.error) {
        incompatible.push({ ...run, error: result.error });
        const pinnedTo = this.pinned.get(run.runId)?.buildId ?? oldBuildId;
        if (pinnedTo) await this.pin(run, pinnedTo);
      } else {
        moved++;
        // At start-up, a pin from an earlier session is not known here: clear it too.
        if (this.pinned.has(run.runId) || oldBuildId === undefined) await this.unpin(run);
      }
    }
    const ms = Math.round(performance.now() - started);
    print(
      `Replayed ${open.length} open workflow(s) in ${ms} ms: ${moved} move to the new code, ${incompatible.length} do not replay on it.`,
    );
    for (const { workflowId, runId, error } of incompatible) {
      const stays = this.pinned.get(runId);
      // What happens to the run is said below: rewind dev keeps it on its old code, unlike a plain worker.
      const mismatch = error.message.replace(` ${WAITS_FOR_MATCHING_CODE}`, '');
      print(
        `  ${workflowId} (run ${runId}): ${mismatch}\n` +
          (stays
            ? `  It keeps running on build ${stays.buildId} (the code it started with) until it closes, or until the code replays it.`
            : '  No worker of the code it ran before is running: it waits (describe shows why) until the code replays it.'),
      );
    }
  }

  private async pin(run: { workflowId: string; runId: string }, buildId: string): Promise<void> {
    await this.client.connection.call('workflow.pinBuild', {
      namespace: this.config.namespace,
      workflowId: run.workflowId,
      runId: run.runId,
      buildId,
    });
    const fresh = !this.pinned.has(run.runId);
    this.pinned.set(run.runId, { workflowId: run.workflowId, buildId });
    if (fresh) {
      // When the run closes, its build may have nothing left to run.
      void this.client.workflow
        .getHandle(run.workflowId, run.runId)
        .result({ followRuns: false })
        .catch(() => undefined)
        .then(() => {
          this.pinned.delete(run.runId);
          return this.stopUnused();
        });
    }
  }

  private async unpin(run: { workflowId: string; runId: string }): Promise<void> {
    await this.client.connection.call('workflow.pinBuild', {
      namespace: this.config.namespace,
      workflowId: run.workflowId,
      runId: run.runId,
    });
    this.pinned.delete(run.runId);
    await this.stopUnused();
  }

  /** The previous build's worker (retired): kept while runs are pinned to it, else stopped. */
  async retire(buildId: string, worker: WorkerProcess): Promise<void> {
    if ([...this.pinned.values()].some((p) => p.buildId === buildId)) {
      this.retired.set(buildId, worker);
      return;
    }
    await worker.stop();
    await this.setRetired(buildId, false);
  }

  async setRetired(buildId: string, retired: boolean): Promise<void> {
    const { config } = this;
    await this.client.connection.call('taskQueue.setBuildRetired', {
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      buildId,
      retired,
    });
  }

  /** Stops retired workers that no open run is pinned to any more. */
  private async stopUnused(): Promise<void> {
    for (const [buildId, worker] of this.retired) {
      if ([...this.pinned.values()].some((p) => p.buildId === buildId)) continue;
      this.retired.delete(buildId);
      await worker.stop();
      await this.setRetired(buildId, false);
      this.print(`Stopped the worker of build ${buildId}: no open workflow run needs it any more.`);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.retired.values()].map((w) => w.stop()));
  }
}
