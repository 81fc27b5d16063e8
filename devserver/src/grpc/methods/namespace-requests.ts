// Temporal's RegisterNamespace and UpdateNamespace requests as the settings Rewind keeps (description,
// owner email, retention, data), or refused naming each field that asks for what Rewind does not do
// (archival, global namespaces and replication, bad binaries, state changes, security tokens).
import * as grpc from '@grpc/grpc-js';
import type { NamespaceSettings } from '../../service/namespaces';
import { RequestError } from '../grpc-errors';
import { num, temporal, type google } from '../proto';
import { CLUSTER_NAME } from './namespace-description';

type RegisterRequest = temporal.api.workflowservice.v1.IRegisterNamespaceRequest;
type UpdateRequest = temporal.api.workflowservice.v1.IUpdateNamespaceRequest;
const enums = temporal.api.enums.v1;

/** Temporal's frontend takes a local namespace's retention from 1 hour (system.namespaceMinRetentionLocal). */
const MIN_RETENTION_MS = 3600_000;
/** …and caps a longer one at 100 years, as Temporal does. */
const MAX_RETENTION_MS = 100 * 365 * 24 * 3600_000;
const MAX_DESCRIPTION = 10_000;
const MAX_OWNER_EMAIL = 1_000;
const MAX_DATA_CHARS = 100_000;

/** Every field of the messages read here (a test holds it to Temporal's protos: no field is dropped unnoticed). */
export const HANDLED_FIELDS: Record<string, readonly string[]> = {
  RegisterNamespaceRequest: [
    'namespace',
    'description',
    'ownerEmail',
    'workflowExecutionRetentionPeriod',
    'clusters',
    'activeClusterName',
    'data',
    'securityToken',
    'isGlobalNamespace',
    'historyArchivalState',
    'historyArchivalUri',
    'visibilityArchivalState',
    'visibilityArchivalUri',
  ],
  UpdateNamespaceRequest: [
    'namespace',
    'updateInfo',
    'config',
    'replicationConfig',
    'securityToken',
    'deleteBadBinary',
    'promoteNamespace',
  ],
  UpdateNamespaceInfo: ['description', 'ownerEmail', 'data', 'state'],
  NamespaceConfig: [
    'workflowExecutionRetentionTtl',
    'badBinaries',
    'historyArchivalState',
    'historyArchivalUri',
    'visibilityArchivalState',
    'visibilityArchivalUri',
    'customSearchAttributeAliases',
  ],
  NamespaceReplicationConfig: ['activeClusterName', 'clusters', 'state'],
};

const NO_REPLICATION = `Rewind is one server with one cluster (${CLUSTER_NAME}) and does not replicate namespaces`;

/** What RegisterNamespace asks for, as the settings Rewind keeps; throws naming each field it refuses. */
export function registerSettings(req: RegisterRequest): NamespaceSettings {
  const problems: string[] = [];
  if (req.isGlobalNamespace)
    problems.push(
      `isGlobalNamespace: Cannot register global namespace when not enabled: ${NO_REPLICATION}; register a local one (no --global).`,
    );
  clusterProblems(problems, 'clusters', req.clusters, 'activeClusterName', req.activeClusterName);
  archivalProblems(problems, '', req);
  securityTokenProblem(problems, req.securityToken);
  const retentionMs = retention(problems, 'workflowExecutionRetentionPeriod', req.workflowExecutionRetentionPeriod, true);
  const settings = infoSettings(problems, '', req);
  refuseIf(problems, 'Nothing was registered.');
  return { ...settings, ...(retentionMs !== undefined ? { retentionMs } : {}) };
}

/** What UpdateNamespace asks to change, as Rewind's settings; throws naming each field it refuses. */
export function updateChanges(req: UpdateRequest): NamespaceSettings {
  const problems: string[] = [];
  const info = req.updateInfo ?? {};
  const state = info.state ?? 0;
  if (state !== enums.NamespaceState.NAMESPACE_STATE_UNSPECIFIED && state !== enums.NamespaceState.NAMESPACE_STATE_REGISTERED)
    problems.push(
      `updateInfo.state: ${enumName(enums.NamespaceState, state)}: Rewind does not change a namespace's state (its namespaces stay registered, workflows keep running in them); leave the state out.`,
    );
  const config = req.config ?? {};
  const binaries = Object.keys(config.badBinaries?.binaries ?? {});
  if (binaries.length > 0)
    problems.push(
      `config.badBinaries: ${JSON.stringify(binaries)}: Rewind keeps no bad binaries (it does not fail workflow tasks by the worker's binary checksum); leave them out.`,
    );
  if (req.deleteBadBinary)
    problems.push(`deleteBadBinary: Bad binary checksum ${req.deleteBadBinary} doesn't exists: Rewind keeps no bad binaries.`);
  if (Object.keys(config.customSearchAttributeAliases ?? {}).length > 0)
    problems.push(
      'config.customSearchAttributeAliases: Rewind has no search attribute aliases: a search attribute is named as it is registered (AddSearchAttributes, rewind search-attribute create).',
    );
  archivalProblems(problems, 'config.', config);
  const replication = req.replicationConfig ?? {};
  clusterProblems(
    problems,
    'replicationConfig.clusters',
    replication.clusters,
    'replicationConfig.activeClusterName',
    replication.activeClusterName,
  );
  const replicationState = replication.state ?? 0;
  if (
    replicationState !== enums.ReplicationState.REPLICATION_STATE_UNSPECIFIED &&
    replicationState !== enums.ReplicationState.REPLICATION_STATE_NORMAL
  )
    problems.push(
      `replicationConfig.state: ${enumName(enums.ReplicationState, replicationState)}: ${NO_REPLICATION}; leave the state out.`,
    );
  if (req.promoteNamespace) problems.push(`promoteNamespace: Rewind does not make namespaces global: ${NO_REPLICATION}.`);
  securityTokenProblem(problems, req.securityToken);
  const retentionMs = retention(problems, 'config.workflowExecutionRetentionTtl', config.workflowExecutionRetentionTtl, false);
  const settings = infoSettings(problems, 'updateInfo.', info);
  refuseIf(problems, 'The namespace is unchanged.');
  return { ...settings, ...(retentionMs !== undefined ? { retentionMs } : {}) };
}

function infoSettings(
  problems: string[],
  prefix: string,
  info: { description?: string | null; ownerEmail?: string | null; data?: Record<string, string> | null },
): NamespaceSettings {
  const { description, ownerEmail } = info;
  const data = info.data ?? {};
  if (description && description.length > MAX_DESCRIPTION)
    problems.push(`${prefix}description: ${description.length} characters; at most ${MAX_DESCRIPTION}.`);
  if (ownerEmail && ownerEmail.length > MAX_OWNER_EMAIL)
    problems.push(`${prefix}ownerEmail: ${ownerEmail.length} characters; at most ${MAX_OWNER_EMAIL}.`);
  const dataChars = JSON.stringify(data).length;
  if (dataChars > MAX_DATA_CHARS) problems.push(`${prefix}data: ${dataChars} characters as JSON; at most ${MAX_DATA_CHARS}.`);
  return {
    ...(description ? { description } : {}),
    ...(ownerEmail ? { ownerEmail } : {}),
    ...(Object.keys(data).length > 0 ? { data: { ...data } } : {}),
  };
}

/** The retention in ms (capped as Temporal caps it); unset is refused at registration, kept as it is on update. */
function retention(
  problems: string[],
  field: string,
  d: google.protobuf.IDuration | null | undefined,
  required: boolean,
): number | undefined {
  if (!d) {
    if (required) problems.push(`${field}: ${retentionRule('not set')}`);
    return undefined;
  }
  const ms = num(d.seconds) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
  if (ms < MIN_RETENTION_MS) {
    problems.push(`${field}: ${retentionRule(`${ms / 1000}s`)}`);
    return undefined;
  }
  return Math.min(ms, MAX_RETENTION_MS);
}

function retentionRule(given: string): string {
  return (
    `A valid retention period is not set on request (${given}): Temporal's frontend takes 1h or more ` +
    `(temporal operator namespace create sends 72h unless --retention says). Rewind keeps every history whatever the retention.`
  );
}

function clusterProblems(
  problems: string[],
  clustersField: string,
  clusters: temporal.api.replication.v1.IClusterReplicationConfig[] | null | undefined,
  activeField: string,
  active: string | null | undefined,
): void {
  (clusters ?? []).forEach((c, i) => {
    if (c.clusterName !== CLUSTER_NAME)
      problems.push(
        `${clustersField}[${i}].clusterName: ${JSON.stringify(c.clusterName ?? '')} is not a cluster of this server: ${NO_REPLICATION}; leave --cluster out.`,
      );
  });
  if (active && active !== CLUSTER_NAME)
    problems.push(
      `${activeField}: ${JSON.stringify(active)} is not a cluster of this server: ${NO_REPLICATION}; leave --active-cluster out.`,
    );
}

function archivalProblems(
  problems: string[],
  prefix: string,
  config: {
    historyArchivalState?: temporal.api.enums.v1.ArchivalState | null;
    historyArchivalUri?: string | null;
    visibilityArchivalState?: temporal.api.enums.v1.ArchivalState | null;
    visibilityArchivalUri?: string | null;
  },
): void {
  for (const [kind, what] of [
    ['history', 'histories'],
    ['visibility', 'visibility records'],
  ] as const) {
    const state = config[`${kind}ArchivalState`];
    const uri = config[`${kind}ArchivalUri`];
    const why = `Rewind does not archive ${what} (it keeps every history in its database)`;
    if (state === enums.ArchivalState.ARCHIVAL_STATE_ENABLED)
      problems.push(`${prefix}${kind}ArchivalState: ARCHIVAL_STATE_ENABLED: ${why}; leave archival disabled.`);
    if (uri) problems.push(`${prefix}${kind}ArchivalUri: ${JSON.stringify(uri)}: ${why}; leave the URI out.`);
  }
}

function securityTokenProblem(problems: string[], token: string | null | undefined): void {
  if (token) problems.push('securityToken: Rewind does not check namespace security tokens; leave it out.');
}

function refuseIf(problems: string[], outcome: string): void {
  if (problems.length > 0) throw new RequestError(grpc.status.INVALID_ARGUMENT, `${problems.join(' ')} ${outcome}`);
}

function enumName(values: object, value: number): string {
  return Object.entries(values).find(([, v]) => v === value)?.[0] ?? String(value);
}
