// Temporal's RegisterNamespace / UpdateNamespace on Rewind: what `temporal operator namespace create|update`
// sends (retention, owner email, data) kept, described back and still there after a restart; what Rewind
// does not do (archival, global namespaces and replication, bad binaries, state changes, security tokens)
// and a retention under Temporal's minimum refused naming the field, the namespace unchanged.
import assert from 'node:assert/strict';
import { Connection as TemporalConnection } from '@temporalio/client';
import { HANDLED_FIELDS } from '../../src/grpc/methods/namespace-requests';
import { long, temporal } from '../../src/grpc/proto';
import { statusOf } from '../helpers/grpc-status';
import { startServer, type TestServer } from '../helpers/server';

const { ArchivalState, NamespaceState, ReplicationState } = temporal.api.enums.v1;
/** The reflection of Temporal's protos (@temporalio/proto's namespaces are protobufjs namespaces). */
const protos = temporal as unknown as { lookupType(name: string): { fields: Record<string, unknown> } };
const hours = (h: number) => ({ seconds: long(h * 3600) });

/** What `temporal operator namespace create -n <name> [--email …] [--data k=v] [--retention …]` sends (cli: commands.operator_namespace.go). */
function cliCreate(namespace: string, extra: temporal.api.workflowservice.v1.IRegisterNamespaceRequest = {}) {
  return {
    namespace,
    description: '',
    ownerEmail: '',
    workflowExecutionRetentionPeriod: hours(72),
    clusters: [],
    activeClusterName: '',
    data: {},
    isGlobalNamespace: false,
    historyArchivalState: ArchivalState.ARCHIVAL_STATE_DISABLED,
    historyArchivalUri: '',
    visibilityArchivalState: ArchivalState.ARCHIVAL_STATE_DISABLED,
    visibilityArchivalUri: '',
    ...extra,
  };
}

describe("Temporal's namespace settings on Rewind", function () {
  this.timeout(30_000);
  let srv: TestServer;
  let temporalConn: TemporalConnection;
  const ws = () => temporalConn.workflowService;
  const describeNs = async (namespace: string) => ws().describeNamespace({ namespace });
  before(async () => {
    srv = await startServer();
    temporalConn = await TemporalConnection.connect({ address: srv.address });
  });
  after(async () => {
    await temporalConn?.close();
    await srv?.close();
  });

  it("keeps what the CLI's create and update send and describes it back", async function () {
    await ws().registerNamespace(cliCreate('plain'));
    const plain = await describeNs('plain');
    assert.equal(Number(plain.config?.workflowExecutionRetentionTtl?.seconds), 72 * 3600, 'the CLI default retention, described back');

    await ws().registerNamespace(
      cliCreate('billing', {
        description: 'invoices',
        ownerEmail: 'ops@example.com',
        data: { team: 'payments', tier: '1' },
        workflowExecutionRetentionPeriod: hours(24 * 5),
      }),
    );
    const described = await describeNs('billing');
    assert.equal(described.namespaceInfo?.ownerEmail, 'ops@example.com');
    assert.deepEqual({ ...described.namespaceInfo?.data }, { team: 'payments', tier: '1' });
    assert.equal(Number(described.config?.workflowExecutionRetentionTtl?.seconds), 5 * 24 * 3600);
    assert.equal(described.config?.historyArchivalState, ArchivalState.ARCHIVAL_STATE_DISABLED);
    assert.equal(described.replicationConfig?.activeClusterName, 'active', "the CLI prints replicationConfig's fields");
    const listed = (await ws().listNamespaces({})).namespaces?.find((n) => n.namespaceInfo?.name === 'billing');
    assert.equal(listed?.namespaceInfo?.ownerEmail, 'ops@example.com');
    assert.equal(Number(listed?.config?.workflowExecutionRetentionTtl?.seconds), 5 * 24 * 3600);
    const own = await srv.connection.call('namespace.describe', { namespace: 'billing' });
    assert.deepEqual([own.ownerEmail, own.retentionMs, own.data], ['ops@example.com', 5 * 24 * 3600_000, { team: 'payments', tier: '1' }]);

    // `temporal operator namespace update -n billing --retention 240h --data region=eu`: the described
    // description, owner email and retention sent back, the new data merged into the old.
    const updated = await ws().updateNamespace({
      namespace: 'billing',
      updateInfo: { description: 'invoices', ownerEmail: 'ops@example.com', data: { region: 'eu', tier: '2' } },
      config: { workflowExecutionRetentionTtl: hours(240), historyArchivalState: 0, visibilityArchivalState: 0 },
      replicationConfig: { clusters: [], state: ReplicationState.REPLICATION_STATE_UNSPECIFIED },
    });
    assert.equal(Number(updated.config?.workflowExecutionRetentionTtl?.seconds), 240 * 3600);
    const after = await describeNs('billing');
    assert.deepEqual({ ...after.namespaceInfo?.data }, { team: 'payments', tier: '2', region: 'eu' });
    assert.equal(after.namespaceInfo?.ownerEmail, 'ops@example.com');
    assert.equal(Number(after.config?.workflowExecutionRetentionTtl?.seconds), 240 * 3600);
    // An empty owner email keeps the one it has, as on Temporal.
    await ws().updateNamespace({ namespace: 'billing', updateInfo: { ownerEmail: '', description: 'invoices and refunds' } });
    const last = await describeNs('billing');
    assert.equal(last.namespaceInfo?.ownerEmail, 'ops@example.com');
    assert.equal(last.namespaceInfo?.description, 'invoices and refunds');
  });

  it('refuses what Rewind does not do, naming the field; nothing registered, the namespace unchanged', async function () {
    const refusedRegister: [string, temporal.api.workflowservice.v1.IRegisterNamespaceRequest, RegExp][] = [
      [
        'archival',
        { historyArchivalState: ArchivalState.ARCHIVAL_STATE_ENABLED },
        /historyArchivalState: ARCHIVAL_STATE_ENABLED: Rewind does not archive/,
      ],
      ['archival-uri', { visibilityArchivalUri: 's3://bucket' }, /visibilityArchivalUri: "s3:\/\/bucket": Rewind does not archive/],
      ['global', { isGlobalNamespace: true }, /isGlobalNamespace: Cannot register global namespace when not enabled: Rewind is one server/],
      ['clusters', { clusters: [{ clusterName: 'east' }] }, /clusters\[0\]\.clusterName: "east" is not a cluster of this server/],
      ['token', { securityToken: 'secret' }, /securityToken: Rewind does not check namespace security tokens/],
      [
        'short',
        { workflowExecutionRetentionPeriod: { seconds: long(1800) } },
        /workflowExecutionRetentionPeriod: A valid retention period is not set on request \(1800s\)/,
      ],
      [
        'unset',
        { workflowExecutionRetentionPeriod: null },
        /workflowExecutionRetentionPeriod: A valid retention period is not set on request \(not set\)/,
      ],
    ];
    for (const [name, extra, message] of refusedRegister) {
      const refusal = await statusOf(ws().registerNamespace(cliCreate(`refused-${name}`, extra)));
      assert.equal(refusal.code, 3, `${name}: INVALID_ARGUMENT: ${refusal.details}`);
      assert.match(refusal.details, message, name);
      assert.match(refusal.details, /Nothing was registered\.$/, name);
      assert.equal((await statusOf(describeNs(`refused-${name}`))).code, 5, `${name}: not registered`);
    }

    await ws().registerNamespace(cliCreate('kept', { description: 'before', ownerEmail: 'a@example.com', data: { k: 'v' } }));
    const before = await describeNs('kept');
    const refusedUpdate: [string, temporal.api.workflowservice.v1.IUpdateNamespaceRequest, RegExp][] = [
      [
        'archival',
        { config: { historyArchivalState: ArchivalState.ARCHIVAL_STATE_ENABLED } },
        /config\.historyArchivalState: ARCHIVAL_STATE_ENABLED/,
      ],
      ['promote', { promoteNamespace: true }, /promoteNamespace: Rewind does not make namespaces global/],
      [
        'active cluster',
        { replicationConfig: { activeClusterName: 'east' } },
        /replicationConfig\.activeClusterName: "east" is not a cluster/,
      ],
      [
        'handover',
        { replicationConfig: { state: ReplicationState.REPLICATION_STATE_HANDOVER } },
        /replicationConfig\.state: REPLICATION_STATE_HANDOVER/,
      ],
      [
        'bad binaries',
        { config: { badBinaries: { binaries: { abc: { reason: 'bug' } } } } },
        /config\.badBinaries: \["abc"\]: Rewind keeps no bad binaries/,
      ],
      ['delete bad binary', { deleteBadBinary: 'abc' }, /deleteBadBinary: Bad binary checksum abc doesn't exists/],
      [
        'deprecate',
        { updateInfo: { state: NamespaceState.NAMESPACE_STATE_DEPRECATED } },
        /updateInfo\.state: NAMESPACE_STATE_DEPRECATED: Rewind does not change a namespace's state/,
      ],
      [
        'aliases',
        { config: { customSearchAttributeAliases: { Keyword01: 'Color' } } },
        /config\.customSearchAttributeAliases: Rewind has no search attribute aliases/,
      ],
      ['token', { securityToken: 'secret' }, /securityToken: Rewind does not check/],
      [
        'short retention',
        { config: { workflowExecutionRetentionTtl: { seconds: long(60) } } },
        /config\.workflowExecutionRetentionTtl: A valid retention period is not set on request \(60s\)/,
      ],
    ];
    for (const [name, request, message] of refusedUpdate) {
      // Each refused with a change Rewind could make: neither is applied.
      const refusal = await statusOf(
        ws().updateNamespace({
          namespace: 'kept',
          ...request,
          updateInfo: { description: 'after', data: { k: 'changed' }, ...request.updateInfo },
        }),
      );
      assert.equal(refusal.code, 3, `${name}: INVALID_ARGUMENT: ${refusal.details}`);
      assert.match(refusal.details, message, name);
      assert.match(refusal.details, /The namespace is unchanged\.$/, name);
      assert.deepEqual(await describeNs('kept'), before, `${name}: unchanged`);
    }
  });

  it('keeps the settings across a restart of the server', async function () {
    const first = await startServer();
    const conn = await TemporalConnection.connect({ address: first.address });
    try {
      await conn.workflowService.registerNamespace(
        cliCreate('durable', { ownerEmail: 'ops@example.com', data: { team: 'core' }, workflowExecutionRetentionPeriod: hours(48) }),
      );
      await conn.workflowService.updateNamespace({ namespace: 'durable', updateInfo: { data: { region: 'eu' } } });
    } finally {
      await conn.close();
      await first.close();
    }
    const second = await startServer({ db: first.dbPath });
    const again = await TemporalConnection.connect({ address: second.address });
    try {
      const described = await again.workflowService.describeNamespace({ namespace: 'durable' });
      assert.equal(described.namespaceInfo?.ownerEmail, 'ops@example.com');
      assert.deepEqual({ ...described.namespaceInfo?.data }, { team: 'core', region: 'eu' });
      assert.equal(Number(described.config?.workflowExecutionRetentionTtl?.seconds), 48 * 3600);
    } finally {
      await again.close();
      await second.close();
    }
  });

  it("reads every field of Temporal's namespace requests (none dropped unnoticed)", function () {
    const messages: Record<string, string> = {
      RegisterNamespaceRequest: 'temporal.api.workflowservice.v1.RegisterNamespaceRequest',
      UpdateNamespaceRequest: 'temporal.api.workflowservice.v1.UpdateNamespaceRequest',
      UpdateNamespaceInfo: 'temporal.api.namespace.v1.UpdateNamespaceInfo',
      NamespaceConfig: 'temporal.api.namespace.v1.NamespaceConfig',
      NamespaceReplicationConfig: 'temporal.api.replication.v1.NamespaceReplicationConfig',
    };
    for (const [name, fullName] of Object.entries(messages)) {
      const fields = Object.keys(protos.lookupType(fullName).fields).sort();
      assert.deepEqual([...(HANDLED_FIELDS[name] ?? [])].sort(), fields, name);
    }
  });
});
