// Namespaces, for both dialects: listed, described, registered (Rewind's namespace.register, Temporal's
// RegisterNamespace) and given a new description (Temporal's UpdateNamespace).
import type { NamespaceInfo } from '@rewind/sdk/protocol';
import { EngineError } from '../engine/transition';
import type { ServiceContext } from './service-context';

export class Namespaces {
  constructor(private readonly ctx: ServiceContext) {}

  list(): NamespaceInfo[] {
    return this.ctx.store.listNamespaces();
  }

  describe(name: string): NamespaceInfo {
    const ns = name ? this.ctx.store.getNamespace(name) : undefined;
    if (!ns) {
      throw new EngineError(
        'NOT_FOUND',
        `Namespace ${name} not found. Create it with: rewind namespace create -n ${name || '<name>'}`,
        'NamespaceNotFoundError',
      );
    }
    return ns;
  }

  register(name: string, description: string | undefined): Promise<NamespaceInfo> {
    return this.ctx.committer.run(() => {
      if (this.ctx.store.getNamespace(name)) throw new EngineError('ALREADY_EXISTS', `Namespace ${name} already exists.`);
      const info = { name, createdAt: new Date(this.ctx.clock.now()).toISOString(), ...(description ? { description } : {}) };
      this.ctx.store.insertNamespace(info);
      return info;
    });
  }

  /** Gives the namespace a new description; undefined keeps the one it has. */
  update(name: string, description: string | undefined): Promise<NamespaceInfo> {
    return this.ctx.committer.run(() => {
      this.describe(name);
      if (description !== undefined) this.ctx.store.setNamespaceDescription(name, description);
      return this.describe(name);
    });
  }
}
