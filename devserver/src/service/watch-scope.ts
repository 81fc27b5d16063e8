// Watch ids are chosen by clients, so two clients may pick the same one (two VS Code windows): the server
// keeps each watch under its connection's id as well, so that neither replaces nor ends the other's.
export type WatchScope = number;

export function watchKey(scope: WatchScope, watchId: string): string {
  return `${scope}/${watchId}`;
}

/** The most watches (histories and run lists together) one connection may hold: a client cannot fill the server's memory. */
export const MAX_WATCHES_PER_CONNECTION = 1000;

/** How many watches each connection holds, kept up to date as watches of `key`s start and end. */
export class ScopeCounts {
  private readonly counts = new Map<WatchScope, number>();

  added(key: string): void {
    const scope = scopeOf(key);
    this.counts.set(scope, (this.counts.get(scope) ?? 0) + 1);
  }

  removed(key: string): void {
    const scope = scopeOf(key);
    const n = (this.counts.get(scope) ?? 0) - 1;
    if (n > 0) this.counts.set(scope, n);
    else this.counts.delete(scope);
  }

  of(scope: WatchScope): number {
    return this.counts.get(scope) ?? 0;
  }
}

function scopeOf(key: string): WatchScope {
  return Number(key.slice(0, key.indexOf('/')));
}
