// Workers on rewind dev's task queue that rewind dev did not start (the project's own worker.ts, left
// running): each takes the queue's tasks with its own code, beside rewind dev's, so each is told once.
import type { Connection } from '@rewind/sdk/client';

/** How often the queue's pollers are looked at. */
const CHECK_MS = 3_000;

export class OtherWorkers {
  /** The builds of rewind dev's own workers: their pollers are not others. */
  readonly ownBuilds = new Set<string>();
  private readonly told = new Set<string>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly connection: Connection,
    private readonly queue: { namespace: string; taskQueue: string },
    private readonly print: (line: string) => void,
  ) {
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const described = await this.connection.call('taskQueue.describe', this.queue).catch(() => undefined);
    for (const poller of described?.pollers ?? []) {
      if (poller.buildId && this.ownBuilds.has(poller.buildId)) continue;
      const who = poller.identity ?? poller.workerId;
      if (this.told.has(who)) continue;
      this.told.add(who);
      this.print(
        `Another worker polls task queue '${this.queue.taskQueue}' too (${who}): it takes the queue's tasks with its own code, beside rewind dev's. ` +
          'Stop it while rewind dev runs: rewind dev runs your workflows and activities itself.',
      );
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
