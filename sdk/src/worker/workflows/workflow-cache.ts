// The worker's cache of running workflows (sticky execution): least recently used runs are evicted.
import type { WorkflowExecutor } from './workflow-executor';

export class WorkflowCache {
  private readonly runs = new Map<string, WorkflowExecutor>();

  constructor(private readonly max: number) {}

  get(runId: string): WorkflowExecutor | undefined {
    const exec = this.runs.get(runId);
    if (exec) {
      this.runs.delete(runId);
      this.runs.set(runId, exec);
    }
    return exec;
  }

  set(runId: string, exec: WorkflowExecutor): void {
    if (this.max <= 0) {
      exec.dispose();
      return;
    }
    this.runs.delete(runId);
    this.runs.set(runId, exec);
    while (this.runs.size > this.max) {
      const [oldest, old] = this.runs.entries().next().value as [string, WorkflowExecutor];
      this.runs.delete(oldest);
      old.dispose();
    }
  }

  evict(runId: string): void {
    const exec = this.runs.get(runId);
    if (!exec) return;
    this.runs.delete(runId);
    exec.dispose();
  }

  get size(): number {
    return this.runs.size;
  }

  clear(): void {
    for (const exec of this.runs.values()) exec.dispose();
    this.runs.clear();
  }
}
