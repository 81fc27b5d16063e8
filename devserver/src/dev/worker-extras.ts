// The functions a Temporal project's Worker.create gives its worker that rewind dev's worker applies too
// (sinks, activity interceptor factories), when project modules export them: the entry that re-exports
// them for one bundle (dev-build.ts), and how the worker process puts them back together (dev-worker.ts).
import path from 'node:path';
import type { DevWorkerOptions, ModuleExport } from '@rewind/sdk/internal/project/temporal-worker-options';

/** Each export the bundle holds, under the name the worker finds it by. */
function extraExports(options: DevWorkerOptions): { alias: string; from: ModuleExport }[] {
  const sinks = options.sinks;
  return [
    ...(sinks && 'whole' in sinks ? [{ alias: 'sinks', from: sinks.whole }] : []),
    ...(sinks && 'each' in sinks ? Object.values(sinks.each).map((from, i) => ({ alias: `sink${i}`, from })) : []),
    ...(options.activityInterceptors ?? []).map((from, i) => ({ alias: `activityInterceptor${i}`, from })),
  ];
}

/** The source of a module re-exporting them (imports relative to `root`), or undefined when there are none. */
export function workerExtrasEntry(options: DevWorkerOptions, root: string): string | undefined {
  const exports = extraExports(options);
  if (exports.length === 0) return undefined;
  const spec = (file: string): string => JSON.stringify(`./${path.relative(root, file).split(path.sep).join('/')}`);
  return exports
    .map(({ alias, from }) =>
      from.name === '*' ? `export * as ${alias} from ${spec(from.path)};` : `export { ${from.name} as ${alias} } from ${spec(from.path)};`,
    )
    .join('\n');
}

/**
 * The worker's sinks and activity interceptor factories, from the bundle's exports; an export that is not
 * what Worker.create takes (a type, a missing name) is an error naming it.
 */
export function workerExtras(
  options: DevWorkerOptions,
  loaded: Record<string, unknown>,
): { sinks?: object; activityInterceptors?: unknown[] } {
  for (const { alias, from } of extraExports(options)) {
    const want = alias.startsWith('activityInterceptor') ? 'function' : 'object';
    if (typeof loaded[alias] !== want) {
      const what = from.name === '*' ? `the module ${from.path}` : `${from.name} of ${from.path}`;
      throw new Error(`Worker.create's ${want === 'function' ? 'interceptors.activity' : 'sinks'}: ${what} is not a ${want} when it runs.`);
    }
  }
  const sinks = options.sinks;
  const each = sinks && 'each' in sinks ? Object.keys(sinks.each).map((name, i) => [name, loaded[`sink${i}`]] as const) : [];
  return {
    ...(sinks ? { sinks: 'whole' in sinks ? (loaded.sinks as object) : Object.fromEntries(each) } : {}),
    ...(options.activityInterceptors
      ? { activityInterceptors: options.activityInterceptors.map((_, i) => loaded[`activityInterceptor${i}`]) }
      : {}),
  };
}
