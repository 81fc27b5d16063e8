// The worker process `rewind dev` runs for one build of the project's workflow code:
// `node dev-worker.js <address> <namespace> <taskQueue> <buildId> <workflows.json> [activities.js]`.
// The server's auth token, if any, comes in REWIND_AUTH_TOKEN (NativeConnection reads it), the options of a
// Temporal project's Worker.create it applies in REWIND_DEV_WORKER_OPTIONS. rewind dev
// stops it with a message on the IPC channel (a code switch, and when it stops itself). Ctrl-C in the
// terminal reaches this process too: it is left to rewind dev, which stops its workers in order.
import fs from 'node:fs';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type ActivityInterceptorsFactory,
  type InjectedSinks,
  type WorkflowBundle,
} from '@rewind/sdk/worker';
import type { Sinks } from '@rewind/sdk/workflow';
import { aliasTemporalActivity } from './temporal-activity-alias';
import { workerExtras } from './worker-extras';
import { DEV_WORKER_OPTIONS_ENV, type DevWorkerEnvOptions, type DevWorkerMessage } from './worker-process';

async function main(): Promise<void> {
  const [address, namespace, taskQueue, buildId, bundleFile, activitiesFile] = process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('INFO'), shutdownSignals: ['SIGTERM'] });
  process.on('SIGINT', () => undefined);
  const workflowBundle = JSON.parse(fs.readFileSync(bundleFile!, 'utf8')) as WorkflowBundle;
  aliasTemporalActivity();
  const activities = activitiesFile ? (require(activitiesFile) as object) : {};
  const env = JSON.parse(process.env[DEV_WORKER_OPTIONS_ENV] ?? '{}') as DevWorkerEnvOptions;
  // Its workflow interceptors are in the bundle already; its sinks and activity interceptors in the extras bundle.
  const { workflowInterceptorModules: _bundled, activityInterceptors: _factories, sinks: _sinks, extrasFile, ...options } = env;
  const extras = workerExtras(env, extrasFile ? (require(extrasFile) as Record<string, unknown>) : {});
  const connection = await NativeConnection.connect({ address: address! });
  const worker = await Worker.create({
    ...options,
    ...(extras.sinks ? { sinks: extras.sinks as InjectedSinks<Sinks> } : {}),
    ...(extras.activityInterceptors ? { interceptors: { activity: extras.activityInterceptors as ActivityInterceptorsFactory[] } } : {}),
    connection,
    namespace: namespace!,
    taskQueue: taskQueue!,
    workflowBundle,
    activities,
    buildId: buildId!,
  });
  const running = worker.run();
  // rewind dev went away (even killed): finish what runs, then exit, rather than serve old code to the next one.
  process.on('disconnect', () => {
    worker.shutdown();
    setTimeout(() => process.exit(0), 5000).unref();
  });
  // A code switch: stop quietly (the session says what replaced this build).
  process.on('message', (message: DevWorkerMessage) => {
    if (message.type === 'stop') worker.shutdown();
  });
  process.channel?.unref(); // The channel alone does not keep the process alive once the worker stopped.
  process.stdout.write(`rewind-dev-worker ready ${buildId}\n`);
  await running;
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
