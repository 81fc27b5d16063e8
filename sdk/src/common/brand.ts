// Realm-safe `instanceof` for error classes: errors made inside the workflow sandbox (another V8
// realm) or by a second copy of this package are still recognised, by a symbol on the prototype.

export function markErrorClass(cls: abstract new (...args: never[]) => Error, name: string): void {
  const symbol = Symbol.for(`rewind.is${name}`);
  Object.defineProperty(cls.prototype, symbol, { value: true, enumerable: false });
  Object.defineProperty(cls.prototype, 'name', { value: name, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value: (instance: unknown): boolean =>
      typeof instance === 'object' && instance !== null && (instance as Record<symbol, unknown>)[symbol] === true,
  });
}
