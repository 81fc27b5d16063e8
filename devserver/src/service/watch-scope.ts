// Watch ids are chosen by clients, so two clients may pick the same one (two VS Code windows): the server
// keeps each watch under its connection's id as well, so that neither replaces nor ends the other's.
export type WatchScope = number;

export function watchKey(scope: WatchScope, watchId: string): string {
  return `${scope}/${watchId}`;
}
