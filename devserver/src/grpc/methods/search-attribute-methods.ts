// Search attribute types over gRPC: Temporal's OperatorService AddSearchAttributes, RemoveSearchAttributes
// and ListSearchAttributes (what `temporal operator search-attribute …` and the client's operatorService
// call), and WorkflowService GetSearchAttributes, on the namespace registry Rewind's protocol uses too.
import * as grpc from '@grpc/grpc-js';
import {
  requestSchemas,
  SchemaError,
  SEARCH_ATTRIBUTE_TYPE_NAMES,
  type SearchAttributeDefinition,
  type SearchAttributeTypeName,
} from '@rewind/sdk/protocol';
import type { RewindService } from '../../service/rewind-service';
import { RequestError } from '../grpc-errors';
import { temporal } from '../proto';
import { method, type GrpcMethod } from './method';

const os = temporal.api.operatorservice.v1;
const ws = temporal.api.workflowservice.v1;
type IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

const TYPE_OUT: Record<SearchAttributeTypeName, IndexedValueType> = {
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

const TYPE_IN = new Map<number, SearchAttributeTypeName>(
  Object.entries(TYPE_OUT).map(([name, value]) => [value, name as SearchAttributeTypeName]),
);

/** A type of AddSearchAttributes, or what is wrong with it (unspecified, or a number that is no type). */
function typeIn(name: string, value: IndexedValueType): SearchAttributeTypeName {
  const type = TYPE_IN.get(value);
  if (type) return type;
  const given = value === IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED ? 'INDEXED_VALUE_TYPE_UNSPECIFIED' : `${value}`;
  throw new RequestError(
    grpc.status.INVALID_ARGUMENT,
    `searchAttributes.${name}: unknown search attribute type ${given}; give one of ${SEARCH_ATTRIBUTE_TYPE_NAMES.join(', ')} ` +
      '(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, …).',
  );
}

/**
 * Rewind's checks of a request (names of 1 to 255 characters, at most 100 at once), its refusal in Temporal's
 * terms: `attributes[2].name` / `names[2]` of Rewind's request is an entry of Temporal's `searchAttributes`.
 */
function checked<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof SchemaError)) throw err;
    const entry = /^(?:attributes|names)\[(\d+)\]/.exec(err.path);
    const where = entry ? `searchAttributes (entry ${Number(entry[1]) + 1})` : 'searchAttributes';
    throw new RequestError(grpc.status.INVALID_ARGUMENT, `${where}: expected ${err.expected}, got ${err.got}.`);
  }
}

const typesOut = (attributes: readonly SearchAttributeDefinition[]): Record<string, IndexedValueType> =>
  Object.fromEntries(attributes.map((a) => [a.name, TYPE_OUT[a.type]]));

export function searchAttributeMethods(service: RewindService): Record<string, GrpcMethod> {
  const types = service.searchAttributes;
  return {
    AddSearchAttributes: method(os.AddSearchAttributesRequest, os.AddSearchAttributesResponse, async (req) => {
      const attributes = Object.entries(req.searchAttributes ?? {}).map(([name, value]) => ({ name, type: typeIn(name, value) }));
      await types.add(checked(() => requestSchemas['searchAttribute.add'].parse({ namespace: req.namespace ?? '', attributes }, '')));
      return {};
    }),
    RemoveSearchAttributes: method(os.RemoveSearchAttributesRequest, os.RemoveSearchAttributesResponse, async (req) => {
      await types.remove(
        checked(() =>
          requestSchemas['searchAttribute.remove'].parse({ namespace: req.namespace ?? '', names: req.searchAttributes ?? [] }, ''),
        ),
      );
      return {};
    }),
    ListSearchAttributes: method(os.ListSearchAttributesRequest, os.ListSearchAttributesResponse, (req) => {
      const { system, custom } = types.list({ namespace: req.namespace ?? '' });
      return { systemAttributes: typesOut(system), customAttributes: typesOut(custom), storageSchema: {} };
    }),
    // Temporal's asks no namespace: the system attributes and the custom ones of every namespace.
    GetSearchAttributes: method(ws.GetSearchAttributesRequest, ws.GetSearchAttributesResponse, () => ({ keys: typesOut(types.all()) })),
  };
}
