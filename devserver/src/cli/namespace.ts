// `rewind namespace list | create | describe`.
import { req, str, type CommandSpec, type Flags } from './command';
import { serverFlags, withClient } from './connect';
import { outputFlag, outputFormat, printFields, printJson, printTable } from './output';

// Not connectionFlags: --namespace here names the namespace to create or describe.
const serverOf = (flags: Flags): Flags => ({ address: flags.address, 'auth-token': flags['auth-token'] });

export const namespaceList: CommandSpec = {
  words: ['namespace', 'list'],
  summary: 'list namespaces',
  flags: { ...serverFlags, ...outputFlag },
  async run(flags) {
    const { namespaces } = await withClient(flags, (client) => client.connection.call('namespace.list', {}));
    if (outputFormat(flags) === 'json') return printJson(namespaces);
    printTable(namespaces, [
      ['Name', (n) => n.name],
      ['Created', (n) => n.createdAt],
      ['Description', (n) => n.description ?? ''],
    ]);
  },
};

export const namespaceCreate: CommandSpec = {
  words: ['namespace', 'create'],
  summary: 'create a namespace (workflows in one never see those of another)',
  flags: {
    namespace: { type: 'string', short: 'n', description: 'Its name', required: true },
    description: { type: 'string', description: 'What it is for' },
    ...serverFlags,
    ...outputFlag,
  },
  async run(flags) {
    const description = str(flags, 'description');
    const ns = await withClient(serverOf(flags), (client) =>
      client.connection.call('namespace.register', { namespace: req(flags, 'namespace'), ...(description ? { description } : {}) }),
    );
    if (outputFormat(flags) === 'json') return printJson(ns);
    process.stdout.write(`Namespace ${ns.name} created\n`);
  },
};

export const namespaceDescribe: CommandSpec = {
  words: ['namespace', 'describe'],
  summary: 'show a namespace',
  flags: { namespace: { type: 'string', short: 'n', description: 'Its name', required: true }, ...serverFlags, ...outputFlag },
  async run(flags) {
    const ns = await withClient(serverOf(flags), (client) =>
      client.connection.call('namespace.describe', { namespace: req(flags, 'namespace') }),
    );
    if (outputFormat(flags) === 'json') return printJson(ns);
    printFields([
      ['Name', ns.name],
      ['Description', ns.description],
      ['Created', ns.createdAt],
      ['Owner email', ns.ownerEmail],
      // Set by Temporal's tools: Rewind keeps every history whatever it says.
      ['Retention', ns.retentionMs === undefined ? undefined : `${ns.retentionMs / 3600_000}h (as set; Rewind keeps every history)`],
      ['Data', ns.data ? JSON.stringify(ns.data) : undefined],
    ]);
  },
};
