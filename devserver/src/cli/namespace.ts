// `rewind namespace list | create | describe`.
import { req, str, type CommandSpec } from './command';
import { withClient } from './connect';
import { outputFlag, outputFormat, printFields, printJson, printTable } from './output';

const address = { address: { type: 'string' as const, description: 'host:port of the Rewind server (env REWIND_ADDRESS)' } };

export const namespaceList: CommandSpec = {
  words: ['namespace', 'list'],
  summary: 'list namespaces',
  flags: { ...address, ...outputFlag },
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
    ...address,
    ...outputFlag,
  },
  async run(flags) {
    const description = str(flags, 'description');
    const ns = await withClient({ address: flags.address }, (client) =>
      client.connection.call('namespace.register', { namespace: req(flags, 'namespace'), ...(description ? { description } : {}) }),
    );
    if (outputFormat(flags) === 'json') return printJson(ns);
    process.stdout.write(`Namespace ${ns.name} created\n`);
  },
};

export const namespaceDescribe: CommandSpec = {
  words: ['namespace', 'describe'],
  summary: 'show a namespace',
  flags: { namespace: { type: 'string', short: 'n', description: 'Its name', required: true }, ...address, ...outputFlag },
  async run(flags) {
    const ns = await withClient({ address: flags.address }, (client) =>
      client.connection.call('namespace.describe', { namespace: req(flags, 'namespace') }),
    );
    if (outputFormat(flags) === 'json') return printJson(ns);
    printFields([
      ['Name', ns.name],
      ['Description', ns.description],
      ['Created', ns.createdAt],
    ]);
  },
};
