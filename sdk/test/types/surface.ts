// Surface<T>: a type's public structural surface, to compare Temporal's and Rewind's exports where TypeScript
// matches them nominally (classes with private, protected or #private members) or by brands (unique-symbol keys).

/**
 * Where mapping stops: a type nested this many levels deep (members, parameters, results, elements) keeps
 * only the names of its members, each typed `unknown`, so that recursive types (a client whose handles give
 * the client back, TypedSearchAttributes whose copy() gives another) end and tsc stays fast. Beyond it,
 * member types are not compared. (Leaving the type as it is there would compare classes nominally again, and
 * every recursive class would fail at the limit: Temporal's TypedSearchAttributes is never Rewind's.)
 */
export type SurfaceDepthLimit = 7;

/** The symbols every program shares (Symbol.iterator, Symbol.asyncIterator, …): kept, unlike a package's own. */
type SharedSymbol = {
  [K in keyof SymbolConstructor]: SymbolConstructor[K] extends symbol ? SymbolConstructor[K] : never;
}[keyof SymbolConstructor];

/** Kept as they are: values and built-ins that are the same type on both sides. */
type Opaque = string | number | bigint | boolean | symbol | null | undefined | void | Date | RegExp | ArrayBuffer | ArrayBufferView;

type Deeper<D extends readonly unknown[]> = [...D, unknown];

/**
 * The public surface of `T`: object types keep their string and number keys and the shared symbols (`keyof`
 * already leaves out private, protected and #private members; a package's own unique-symbol keys, its brands,
 * are dropped), each member's type mapped in turn; functions and constructors keep one signature with its
 * parameters and result mapped, and their properties (a class's statics). Primitives, `any`, `unknown`, Date and
 * binary data stay as they are; Promise, arrays, tuples (readonly or not), Map and Set keep their kind with
 * their elements mapped; unions map member by member.
 *
 * Limits: of overloaded signatures only the last is kept (as `infer` takes it), and a generic signature is
 * compared with its type parameters at their constraints; a function-typed member is compared strictly
 * (parameters contravariant), where TypeScript compares a method's parameters both ways; a protected or
 * private constructor is not public surface (the class keeps its statics only); SurfaceDepthLimit levels down
 * only member names are compared. And TypeScript's own guard against deeply nested types applies: once one
 * generic declaration has been instantiated three times on a path (Box<Box<Box<…>>>, or Promise three times,
 * counted in the order the instantiations were made), it takes the rest as related. Plain checks do the same
 * for a chain of Promises, but compare Box<A> with Box<B> by A and B, which the mapping cannot; an exported
 * type met that deep is also checked from its own name.
 */
export type Surface<T, D extends readonly unknown[] = []> = 0 extends 1 & T
  ? T
  : unknown extends T
    ? T
    : D['length'] extends SurfaceDepthLimit
      ? Names<T>
      : SurfaceOf<T, D>;

type SurfaceOf<T, D extends readonly unknown[]> = T extends Opaque
  ? T
  : T extends Promise<infer U>
    ? Promise<Surface<U, Deeper<D>>>
    : T extends readonly unknown[]
      ? Elements<T, D>
      : T extends ReadonlyMap<infer K, infer V>
        ? T extends Map<K, V>
          ? Map<Surface<K, Deeper<D>>, Surface<V, Deeper<D>>>
          : ReadonlyMap<Surface<K, Deeper<D>>, Surface<V, Deeper<D>>>
        : T extends ReadonlySet<infer V>
          ? T extends Set<V>
            ? Set<Surface<V, Deeper<D>>>
            : ReadonlySet<Surface<V, Deeper<D>>>
          : T extends abstract new (...args: infer A) => infer I
            ? (T extends new (...args: never) => unknown
                ? new (...args: Elements<A, D>) => Surface<I, Deeper<D>>
                : abstract new (...args: Elements<A, D>) => Surface<I, Deeper<D>>) &
                Members<T, D>
            : T extends (...args: infer A) => infer R
              ? ((...args: Elements<A, D>) => Surface<R, Deeper<D>>) & Members<T, D>
              : Members<T, D>;

/** An array's or tuple's elements (a parameter list's too), mapped: labels, optional and rest elements kept. */
type Elements<T extends readonly unknown[], D extends readonly unknown[]> = { [K in keyof T]: Surface<T[K], Deeper<D>> };

/** At the depth limit: the names of the public members, their types not compared. */
type Names<T> = T extends Opaque ? T : { [K in keyof T as K extends string | number | SharedSymbol ? K : never]: unknown };

/** An object's public members, mapped, with their optional and readonly modifiers. */
type Members<T, D extends readonly unknown[]> = {
  [K in keyof T as K extends string | number | SharedSymbol ? K : never]: Surface<T[K], Deeper<D>>;
};
