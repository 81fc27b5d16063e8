// Where in workflow code each command was issued and each wait began. Captured only while replaying
// (the replay debugger, the `__stack_trace` query, non-determinism messages), never on the live path.
// Each site has an ordinal (1, 2, … in the order the code reached it), the same in every replay of a
// history: the replay debugger names a site by it to find the same moment again (Locals, Node debugger).

/** An Error whose stack is read only if needed, and the site's ordinal. */
export interface CodeSite extends Error {
  ordinal: number;
}

/** How many frames a site's stack keeps (V8's default of 10 can stop inside the SDK). */
const SITE_STACK_FRAMES = 50;

/** What the replay debugger may set in the sandbox: called with each site's ordinal while the code that reached it is on the stack. */
type SiteHook = (ordinal: number) => void;

export interface PendingWait {
  what: string;
  stack: string;
  site: number;
}

export class CodeSites {
  private made = 0;
  /** What the workflow awaits, with where it began to wait. */
  private readonly waits = new Map<number, { what: string; site: CodeSite }>();
  private nextWait = 1;

  /** The site of the code running now (the caller's caller is the workflow code's frame). */
  here(): CodeSite {
    // Deep enough to reach the workflow's own frame below the SDK's (interceptor chains add several).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = SITE_STACK_FRAMES;
    const site = Object.assign(new Error('command site'), { ordinal: ++this.made });
    Error.stackTraceLimit = limit;
    (globalThis as { __rewind_siteHook?: SiteHook }).__rewind_siteHook?.(site.ordinal);
    return site;
  }

  /** Notes that the workflow waits on `promise` from `site` until it settles; returns it. */
  track<T>(what: string, site: CodeSite, promise: Promise<T>): Promise<T> {
    const id = this.nextWait++;
    this.waits.set(id, { what, site });
    const done = (): void => void this.waits.delete(id);
    promise.then(done, done);
    return promise;
  }

  /** What the workflow waits on now, each with the stack and site where it began to wait. */
  pending(): PendingWait[] {
    return [...this.waits.values()].map((w) => ({ what: w.what, stack: w.site.stack ?? '', site: w.site.ordinal }));
  }
}
