// Raw peers past the handshake: a plain one (for requests), and one registered as a worker that takes
// tasks by hand, so that a test can complete them, twice, late, or with someone else's token.
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '@rewind/sdk/protocol';
import { RawPeer, type RpcReply } from './raw-peer';

let nextId = 1_000_000;

/** A request on a raw peer, with an id of its own. */
export function call(peer: RawPeer, method: string, params?: unknown): Promise<RpcReply> {
  return peer.call(nextId++, method, params);
}

/** A request that must succeed: its result. */
export async function ok<T = unknown>(peer: RawPeer, method: string, params?: unknown): Promise<T> {
  const reply = await call(peer, method, params);
  assert.equal(reply.error, undefined, `${method} ${(JSON.stringify(params) ?? '').slice(0, 300)}: ${JSON.stringify(reply.error)}`);
  return reply.result as T;
}

export async function handshaken(address: string): Promise<RawPeer> {
  const peer = await RawPeer.open(address);
  await ok(peer, 'handshake', { protocolVersion: PROTOCOL_VERSION, client: 'fuzz' });
  return peer;
}

export interface RawWorkerOptions {
  namespace?: string;
  taskQueue: string;
  workerId: string;
  workflowTypes: string[];
  activityTypes: string[];
  /** Tasks it may hold at once, of each kind (0: it is on the queue but never gets one). */
  capacity: number;
}

export async function rawWorker(address: string, o: RawWorkerOptions): Promise<RawPeer> {
  const peer = await handshaken(address);
  await ok(peer, 'worker.register', {
    namespace: o.namespace ?? 'default',
    taskQueue: o.taskQueue,
    workerId: o.workerId,
    workflowTypes: o.workflowTypes,
    activityTypes: o.activityTypes,
    maxConcurrentWorkflowTasks: o.capacity,
    maxConcurrentActivities: o.capacity,
    runningTasks: [],
  });
  return peer;
}
