// Watch ids are chosen by clients, so two clients may pick the same one (two VS Code windows): the server
// keeps each watch under its connection's id as well, so that neither replaces nor ends the other's.
export type WatchScope = number;

export function watchKey(scope: WatchScope, watchId: string): string {
  return `${scope}/${watchId}`;
}

/** The most watches (histories and run lists together) one connection may hold: a client cannot fill the server's memory. */
export const MAX_WATCHES_PER_CONNECTION = 1000;

/** The keys of the watches each connection holds, kept up to date as watches start and end. */
export class ScopeKeys {
  private readonly keys = new Map<WatchScope, Set<string>>();

  added(key: string): void {
    const scope = scopeOf(key);
    let set = this.keys.get(scope);
    if (!set) this.keys.set(scope, (set = new Set()));
    set.add(key);
  }

  removed(key: string): void {
    const scope = scopeOf(key);
    const set = this.keys.get(scope);
    set?.delete(key);
    if (set?.size === 0) this.keys.delete(scope);
  }

  count(scope: WatchScope): number {
    return this.keys.get(scope)?.size ?? 0;
  }

  of(scope: WatchScope): string[] {
    return [...(this.keys.get(scope) ?? [])];
  }
}

function scopeOf(key: string): WatchScope {
  return Number(key.slice(0, key.indexOf('/')));
}
