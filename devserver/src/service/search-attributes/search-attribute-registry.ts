// The search attribute types of each namespace: the system ones, the custom ones registered (by
// `rewind search-attribute create`, Temporal's AddSearchAttributes) or registered on first use, with the
// type their first values carried (Temporal's typed payloads) or suggested (untyped JSON). Every frontend
// reads the types here; none decides them.
import type {
  RequestParams,
  RequestResult,
  SearchAttributeDefinition,
  SearchAttributes,
  SearchAttributeTypeName,
  SearchAttributeTypes,
} from '@rewind/sdk/protocol';
import { inferSearchAttributeType } from '../../engine/search-attribute-values';
import { EngineError } from '../../engine/transition';
import type { ServiceContext } from '../service-context';
import { reservedReason, SYSTEM_SEARCH_ATTRIBUTES } from './system-attributes';

type Types = Map<string, SearchAttributeTypeName>;

const byName = (a: SearchAttributeDefinition, b: SearchAttributeDefinition): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class SearchAttributeRegistry {
  /** The custom attributes of each namespace read so far (the store is the truth; reset with the server's state). */
  private readonly custom = new Map<string, Types>();

  constructor(private readonly ctx: ServiceContext) {}

  /** The type of an attribute of a namespace: a system one's, a registered one's, or undefined. */
  typeOf(namespace: string, name: string): SearchAttributeTypeName | undefined {
    return SYSTEM_SEARCH_ATTRIBUTES.get(name) ?? this.customOf(namespace).get(name);
  }

  /** A namespace's types as a lookup (for mapping many values out). */
  typesOf(namespace: string): (name: string) => SearchAttributeTypeName | undefined {
    return (name) => this.typeOf(namespace, name);
  }

  /** The registered types of the named attributes of a namespace (those with one); undefined when none has one. */
  typesFor(namespace: string, names: readonly string[]): SearchAttributeTypes | undefined {
    const types: SearchAttributeTypes = {};
    for (const name of names) {
      const type = this.typeOf(namespace, name);
      if (type) types[name] = type;
    }
    return Object.keys(types).length > 0 ? types : undefined;
  }

  list(p: RequestParams<'searchAttribute.list'>): RequestResult<'searchAttribute.list'> {
    this.namespaceMustExist(p.namespace);
    const system = [...SYSTEM_SEARCH_ATTRIBUTES].map(([name, type]) => ({ name, type })).sort(byName);
    const custom = [...this.customOf(p.namespace)].map(([name, type]) => ({ name, type })).sort(byName);
    return { system, custom };
  }

  /** The system attributes and the custom ones of every namespace (the first namespace's type where two differ). */
  all(): SearchAttributeDefinition[] {
    const all = new Map(SYSTEM_SEARCH_ATTRIBUTES);
    for (const ns of this.ctx.store.listNamespaces()) {
      for (const [name, type] of this.customOf(ns.name)) if (!all.has(name)) all.set(name, type);
    }
    return [...all].map(([name, type]) => ({ name, type })).sort(byName);
  }

  /**
   * Registers custom attributes (Temporal's AddSearchAttributes): refused for a system or reserved name and
   * for a name registered with another type; one registered with the same type is left as it is.
   */
  async add(p: RequestParams<'searchAttribute.add'>): Promise<RequestResult<'searchAttribute.add'>> {
    if (p.attributes.length === 0) {
      throw new EngineError('INVALID_ARGUMENT', 'No search attribute to add: name at least one, with its type (e.g. Customer as Keyword).');
    }
    return this.ctx.committer.run(() => {
      this.namespaceMustExist(p.namespace);
      const custom = this.customOf(p.namespace);
      const seen = new Map<string, SearchAttributeTypeName>();
      for (const { name, type } of p.attributes) {
        const reserved = reservedReason(name);
        if (reserved)
          throw new EngineError('INVALID_ARGUMENT', `Search attribute ${name} cannot be added: ${reserved}. Choose another name.`);
        const existing = custom.get(name) ?? seen.get(name);
        if (existing !== undefined && existing !== type) {
          throw new EngineError(
            'ALREADY_EXISTS',
            `Search attribute ${name} already exists in namespace ${p.namespace} with type ${existing}, not ${type}. ` +
              `Remove it first (rewind search-attribute remove --name ${name}) to register it as ${type}.`,
          );
        }
        seen.set(name, type);
      }
      for (const [name, type] of seen) if (custom.get(name) !== type) this.put(p.namespace, name, type);
      return {};
    });
  }

  /** Removes custom attributes (Temporal's RemoveSearchAttributes): runs keep their values, untyped from now on. */
  async remove(p: RequestParams<'searchAttribute.remove'>): Promise<RequestResult<'searchAttribute.remove'>> {
    if (p.names.length === 0) throw new EngineError('INVALID_ARGUMENT', 'No search attribute to remove: name at least one.');
    return this.ctx.committer.run(() => {
      this.namespaceMustExist(p.namespace);
      const custom = this.customOf(p.namespace);
      for (const name of p.names) {
        if (SYSTEM_SEARCH_ATTRIBUTES.has(name)) {
          throw new EngineError(
            'INVALID_ARGUMENT',
            `Search attribute ${name} is a system search attribute: only custom ones can be removed.`,
          );
        }
        if (!custom.has(name)) {
          throw new EngineError(
            'NOT_FOUND',
            `Search attribute ${name} is not registered in namespace ${p.namespace}; rewind search-attribute list shows those that are.`,
          );
        }
      }
      for (const name of new Set(p.names)) {
        this.ctx.store.deleteSearchAttribute(p.namespace, name);
        custom.delete(name);
      }
      return {};
    });
  }

  /**
   * Inside a commit that gives a run search attributes: registers each unregistered one with the type it
   * came with (`types`: a typed start or upsert, of either SDK), else the type its values suggest (a
   * free-form attribute gets its type on first use); values that suggest none leave it unregistered.
   * A registered type stays.
   */
  recordUsed(namespace: string, attributes: Readonly<SearchAttributes>, types: Readonly<SearchAttributeTypes>): void {
    for (const [name, values] of Object.entries(attributes)) {
      if (this.typeOf(namespace, name) !== undefined || reservedReason(name)) continue;
      const type = Object.hasOwn(types, name) ? types[name] : inferSearchAttributeType(values);
      if (type) this.put(namespace, name, type);
    }
  }

  /** Forgets what was read (the server reloads its state from the database). */
  reload(): void {
    this.custom.clear();
  }

  private put(namespace: string, name: string, type: SearchAttributeTypeName): void {
    this.ctx.store.putSearchAttribute(namespace, { name, type });
    this.customOf(namespace).set(name, type);
  }

  private customOf(namespace: string): Types {
    let types = this.custom.get(namespace);
    if (!types) {
      types = new Map(this.ctx.store.listSearchAttributes(namespace).map((a) => [a.name, a.type]));
      this.custom.set(namespace, types);
    }
    return types;
  }

  private namespaceMustExist(namespace: string): void {
    if (!this.ctx.store.getNamespace(namespace)) {
      throw new EngineError('NOT_FOUND', `Namespace ${namespace} not found.`, 'NamespaceNotFoundError');
    }
  }
}
