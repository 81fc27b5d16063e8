// What a Temporal SDK or CLI asks of the server itself: its version, capabilities and cluster, and its
// namespaces (listed, described, registered, described anew).
import { requestSchemas } from '@rewind/sdk/protocol';
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
      capabilities: {
        eagerWorkflowStart: true,
        syncUpdate: true,
        asyncUpdate: true,
        workerHeartbeats: true,
        // ShutdownWorker answers the worker's waiting polls (pollers.ts): Temporal's worker lets them finish.
        workerPollCompleteOnShutdown: true,
      },
    },
    config: { workflowExecutionRetentionTtl: duration(30 * 24 * 3600 * 1000) },
    isGlobalNamespace: false,
    failoverVersion: long(0),
  };
}

export function systemMethods(service: RewindService): Record<string, GrpcMethod> {
  const { namespaces } = service;
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
        eagerWorkflowStart: true,
        buildIdBasedVersioning: false,
        countGroupByExecutionStatus: false,
      },
    })),
    GetClusterInfo: method(ws.GetClusterInfoRequest, ws.GetClusterInfoResponse, () => ({
      serverVersion: `rewind-${SERVER_VERSION}`,
      clusterId: 'rewind',
      clusterName: 'active',
      historyShardCount: 1,
      persistenceStore: 'sqlite',
      visibilityStore: 'sqlite',
      initialFailoverVersion: long(1),
      failoverVersionIncrement: long(10),
    })),
    DescribeNamespace: method(ws.DescribeNamespaceRequest, ws.DescribeNamespaceResponse, (req) =>
      describeNamespace(namespaces.describe(req.namespace || req.id || '')),
    ),
    ListNamespaces: method(ws.ListNamespacesRequest, ws.ListNamespacesResponse, () => ({
      namespaces: namespaces.list().map(describeNamespace),
      nextPageToken: new Uint8Array(),
    })),
    RegisterNamespace: method(ws.RegisterNamespaceRequest, ws.RegisterNamespaceResponse, async (req) => {
      await namespaces.register(namespaceName(req.namespace), req.description || undefined);
      return {};
    }),
    UpdateNamespace: method(ws.UpdateNamespaceRequest, ws.UpdateNamespaceResponse, async (req) => {
      const ns = await namespaces.update(req.namespace ?? '', req.updateInfo?.description ?? undefined);
      const { namespaceInfo, config } = describeNamespace(ns);
      return { namespaceInfo, config, isGlobalNamespace: false, failoverVersion: long(0) };
    }),
  };
}

/** A namespace name as Rewind's protocol takes one (what `rewind namespace create` checks). */
function namespaceName(name: string | null | undefined): string {
  return requestSchemas['namespace.register'].parse({ namespace: name ?? '' }, '').namespace;
}
