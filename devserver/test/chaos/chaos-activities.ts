// The chaos run's activities: `step` returns a number from its input; `flaky` fails its first attempts.
import { ApplicationFailure, Context } from '@rewind/sdk/activity';
import { flakyValue, stepValue } from './chaos-spec';

export async function step(index: number, generation: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 5 + (index % 7) * 5));
  return stepValue(index, generation);
}

export async function flaky(index: number, failures: number): Promise<number> {
  const { attempt } = Context.current().info;
  if (attempt <= failures) throw ApplicationFailure.create({ message: `flaky ${index}: attempt ${attempt} fails`, type: 'Flaky' });
  return flakyValue(index);
}
