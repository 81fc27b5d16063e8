// The chaos run's activities, for either SDK's worker: `step` returns a number from its input; `flaky`
// fails its first attempts (the attempt number comes from the worker's SDK's activity context).
import { flakyValue, stepValue } from './chaos-spec';

/** The activities, given how to read the running attempt's number (`Context.current().info.attempt` of the worker's SDK). */
export function chaosActivities(attempt: () => number) {
  return {
    async step(index: number, generation: number): Promise<number> {
      await new Promise((r) => setTimeout(r, 5 + (index % 7) * 5));
      return stepValue(index, generation);
    },
    async flaky(index: number, failures: number): Promise<number> {
      const n = attempt();
      // A plain Error: both SDKs retry it (the workflow's retry policy).
      if (n <= failures) throw new Error(`flaky ${index}: attempt ${n} fails`);
      return flakyValue(index);
    },
  };
}

export type ChaosActivities = ReturnType<typeof chaosActivities>;
