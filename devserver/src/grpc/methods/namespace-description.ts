// A Rewind namespace as Temporal describes one (DescribeNamespace, ListNamespaces, UpdateNamespace's
// answer): what it keeps (description, owner email, retention, data), registered, local to Rewind's one
// cluster, archival disabled.
import type { NamespaceInfo } from '@rewind/sdk/protocol';
import { duration, long, temporal } from '../proto';

/** Rewind's one cluster, named as Temporal's dev server names its own. */
export const CLUSTER_NAME = 'active';
/** The retention described for a namespace made without one (`rewind namespace create`, 'default'). */
export const DEFAULT_RETENTION_MS = 30 * 24 * 3600_000;

type Description = Pick<
  temporal.api.workflowservice.v1.IDescribeNamespaceResponse,
  'namespaceInfo' | 'config' | 'replicationConfig' | 'isGlobalNamespace' | 'failoverVersion'
>;

export function describeNamespace(ns: NamespaceInfo): Description {
  const { ArchivalState, NamespaceState, ReplicationState } = temporal.api.enums.v1;
  return {
    namespaceInfo: {
      name: ns.name,
      id: ns.name,
      state: NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: ns.description ?? '',
      ownerEmail: ns.ownerEmail ?? '',
      data: ns.data ?? {},
      capabilities: {
        eagerWorkflowStart: true,
        syncUpdate: true,
        asyncUpdate: true,
        workerHeartbeats: true,
        // ShutdownWorker answers the worker's waiting polls (pollers.ts): Temporal's worker lets them finish.
        workerPollCompleteOnShutdown: true,
      },
    },
    // Rewind keeps every history: the retention is described as it was set, and deletes nothing.
    config: {
      workflowExecutionRetentionTtl: duration(ns.retentionMs ?? DEFAULT_RETENTION_MS),
      historyArchivalState: ArchivalState.ARCHIVAL_STATE_DISABLED,
      visibilityArchivalState: ArchivalState.ARCHIVAL_STATE_DISABLED,
      badBinaries: { binaries: {} },
    },
    // Temporal's CLI reads these fields of every namespace it prints.
    replicationConfig: {
      activeClusterName: CLUSTER_NAME,
      clusters: [{ clusterName: CLUSTER_NAME }],
      state: ReplicationState.REPLICATION_STATE_NORMAL,
    },
    isGlobalNamespace: false,
    failoverVersion: long(0),
  };
}
