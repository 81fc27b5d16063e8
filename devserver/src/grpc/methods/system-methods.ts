// What a Temporal SDK asks first: the server's version and capabilities, and its namespaces.
import { EngineError } from '../../engine/transition';
import type { RewindService } from '../../service/rewind-service';
import { SERVER_VERSION } from '../../version';
import { duration, long, temporal } from '../proto';
import { method, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;
type NamespaceInfo = { name: string; description?: string; createdAt: string };

/** A namespace as Temporal describes one (registered, local, a retention of 30 days: Rewind keeps everything). */
function describeNamespace(ns: NamespaceInfo): temporal.api.workflowservice.v1.DescribeNamespaceResponse.$Properties {
  return {
    namespaceInfo: {
      name: ns.name,
      id: ns.name,
      state: temporal.api.enums.v1.NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: ns.description ?? '',
      capabilities: { eagerWorkflowStart: false, syncUpdate: false, asyncUpdate: false },
    },
    config: { workflowExecutionRetentionTtl: duration(30 * 24 * 3600 * 1000) },
    isGlobalNamespace: false,
    failoverVersion: long(0),
  };
}

export function systemMethods(service: RewindService): Record<string, GrpcMethod> {
  const store = service.ctx.store;
  const find = (name: string | null | undefined): NamespaceInfo => {
    const ns = name ? store.getNamespace(name) : undefined;
    if (!ns)
      throw new EngineError('NOT_FOUND', `Namespace ${name ?? ''} not found. Create it with: rewind namespace create -n ${name ?? ''}`);
    return ns;
  };
  return {
    GetSystemInfo: method(ws.GetSystemInfoRequest, ws.GetSystemInfoResponse, () => ({
      serverVersion: `rewind-${SERVER_VERSION}`,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        encodedFailureAttributes: true,
        upsertMemo: true,
        sdkMetadata: true,
        supportsSchedules: false,
        eagerWorkflowStart: false,
        buildIdBasedVersioning: false,
        countGroupByExecutionStatus: false,
      },
    })),
    DescribeNamespace: method(ws.DescribeNamespaceRequest, ws.DescribeNamespaceResponse, (req) => describeNamespace(find(req.namespace))),
    ListNamespaces: method(ws.ListNamespacesRequest, ws.ListNamespacesResponse, () => ({
      namespaces: store.listNamespaces().map(describeNamespace),
      nextPageToken: new Uint8Array(),
    })),
  };
}
