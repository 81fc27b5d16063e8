// What a Temporal SDK or CLI asks of the server itself: its version, capabilities and cluster, and its
// namespaces (listed, described, registered, changed: namespace-requests.ts says what of them Rewind keeps).
import { requestSchemas } from '@rewind/sdk/protocol';
import { EngineError } from '../../engine/transition';
import type { RewindService } from '../../service/rewind-service';
import { SERVER_VERSION } from '../../version';
import { long, temporal } from '../proto';
import { method, type GrpcMethod } from './method';
import { CLUSTER_NAME, describeNamespace } from './namespace-description';
import { registerSettings, updateChanges } from './namespace-requests';

const ws = temporal.api.workflowservice.v1;

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
        supportsSchedules: true,
        eagerWorkflowStart: true,
        buildIdBasedVersioning: false,
        countGroupByExecutionStatus: false,
      },
    })),
    GetClusterInfo: method(ws.GetClusterInfoRequest, ws.GetClusterInfoResponse, () => ({
      serverVersion: `rewind-${SERVER_VERSION}`,
      clusterId: 'rewind',
      clusterName: CLUSTER_NAME,
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
      try {
        await namespaces.register(namespaceName(req.namespace), registerSettings(req));
      } catch (err) {
        // Temporal's frontend's words: its testing package's createNamespace recognises an existing namespace by them.
        if (err instanceof EngineError && err.status === 'ALREADY_EXISTS')
          throw new EngineError('ALREADY_EXISTS', 'Namespace already exists.');
        throw err;
      }
      return {};
    }),
    UpdateNamespace: method(ws.UpdateNamespaceRequest, ws.UpdateNamespaceResponse, async (req) => {
      const ns = await namespaces.update(req.namespace ?? '', updateChanges(req));
      return describeNamespace(ns);
    }),
  };
}

/** A namespace name as Rewind's protocol takes one (what `rewind namespace create` checks). */
function namespaceName(name: string | null | undefined): string {
  return requestSchemas['namespace.register'].parse({ namespace: name ?? '' }, '').namespace;
}
