// In rewind dev's worker process only: `@temporalio/activity`, wherever it is required from (the
// activities bundle maps its own imports; this catches the project's packages that import it), is
// Rewind's @rewind/sdk/activity, so Context.current(), heartbeat and log reach Rewind's worker.
import Module from 'node:module';

/** The packages an activity may require, and what the worker loads instead. */
const ALIASES: Readonly<Record<string, string>> = { '@temporalio/activity': '@rewind/sdk/activity' };

interface ModuleResolver {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}

/** From now on, a require of an aliased package loads the worker's own copy of Rewind's. */
export function aliasTemporalActivity(): void {
  const resolver = Module as unknown as ModuleResolver;
  const resolve = resolver._resolveFilename.bind(resolver);
  const targets = new Map(Object.entries(ALIASES).map(([from, to]) => [from, require.resolve(to)]));
  resolver._resolveFilename = (request, parent, ...rest) => targets.get(request) ?? resolve(request, parent, ...rest);
}
