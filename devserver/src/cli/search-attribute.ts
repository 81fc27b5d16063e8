// `rewind search-attribute create | list | remove`: the custom search attributes of a namespace and their
// types, as `temporal operator search-attribute …` manages them (--name and --type given in pairs).
import { SEARCH_ATTRIBUTE_TYPE_NAMES, type SearchAttributeTypeName } from '@rewind/sdk/protocol';
import { list, UsageError, type CommandSpec } from './command';
import { connectionFlags, withClient } from './connect';
import { closestMatches } from './did-you-mean';
import { outputFlag, outputFormat, printJson, printTable } from './output';

/** A type as typed (any case, as Temporal's CLI takes it), or a UsageError that lists the types. */
function typeOf(typed: string): SearchAttributeTypeName {
  const type = SEARCH_ATTRIBUTE_TYPE_NAMES.find((t) => t.toLowerCase() === typed.toLowerCase());
  if (type) return type;
  const guesses = closestMatches(typed, SEARCH_ATTRIBUTE_TYPE_NAMES);
  throw new UsageError(
    `Unknown search attribute type ${typed}.${guesses.length > 0 ? ` Did you mean ${guesses.join(' or ')}?` : ''} ` +
      `The types are ${SEARCH_ATTRIBUTE_TYPE_NAMES.join(', ')}.`,
  );
}

export const searchAttributeCreate: CommandSpec = {
  words: ['search-attribute', 'create'],
  summary: 'register custom search attributes with their types (Text, Keyword, Int, Double, Bool, Datetime, KeywordList)',
  details:
    'Example: rewind search-attribute create --name Customer --type Keyword --name Tags --type KeywordList\n' +
    'An attribute used before it is registered is registered then, with the type its first value has.',
  flags: {
    name: { type: 'string', description: 'Its name', required: true, multiple: true },
    type: { type: 'string', description: `Its type: ${SEARCH_ATTRIBUTE_TYPE_NAMES.join(', ')}`, required: true, multiple: true },
    ...connectionFlags,
    ...outputFlag,
  },
  async run(flags) {
    const names = list(flags, 'name');
    const types = list(flags, 'type');
    if (names.length !== types.length) {
      throw new UsageError(`Give one --type for each --name (${names.length} names, ${types.length} types), in the same order.`);
    }
    const attributes = names.map((name, i) => ({ name, type: typeOf(types[i]!) }));
    await withClient(flags, (client) => client.connection.call('searchAttribute.add', { namespace: client.options.namespace, attributes }));
    if (outputFormat(flags) === 'json') return printJson({ added: attributes });
    process.stdout.write(`Search attributes added: ${attributes.map((a) => `${a.name} (${a.type})`).join(', ')}\n`);
  },
};

export const searchAttributeList: CommandSpec = {
  words: ['search-attribute', 'list'],
  summary: "the namespace's search attributes (system and custom) with their types",
  flags: { ...connectionFlags, ...outputFlag },
  async run(flags) {
    const result = await withClient(flags, (client) =>
      client.connection.call('searchAttribute.list', { namespace: client.options.namespace }),
    );
    if (outputFormat(flags) === 'json') return printJson(result);
    const rows = [...result.custom.map((a) => ({ ...a, kind: 'custom' })), ...result.system.map((a) => ({ ...a, kind: 'system' }))];
    printTable(rows, [
      ['Name', (a) => a.name],
      ['Type', (a) => a.type],
      ['Kind', (a) => a.kind],
    ]);
  },
};

export const searchAttributeRemove: CommandSpec = {
  words: ['search-attribute', 'remove'],
  summary: 'remove custom search attributes (runs keep their values)',
  flags: { name: { type: 'string', description: 'Its name', required: true, multiple: true }, ...connectionFlags, ...outputFlag },
  async run(flags) {
    const names = list(flags, 'name');
    await withClient(flags, (client) => client.connection.call('searchAttribute.remove', { namespace: client.options.namespace, names }));
    if (outputFormat(flags) === 'json') return printJson({ removed: names });
    process.stdout.write(`Search attributes removed: ${names.join(', ')}\n`);
  },
};
