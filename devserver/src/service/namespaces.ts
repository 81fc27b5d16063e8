// Namespaces, for both dialects: listed, described, registered (Rewind's namespace.register, Temporal's
// RegisterNamespace) and changed (Temporal's UpdateNamespace: description, owner email, retention, data).
import type { NamespaceInfo } from '@rewind/sdk/protocol';
import { EngineError } from '../engine/transition';
import type { ServiceContext } from './service-context';

/** What a namespace keeps besides its name: none of it changes what Rewind does. */
export type NamespaceSettings = Pick<NamespaceInfo, 'description' | 'ownerEmail' | 'retentionMs' | 'data'>;

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

  register(name: string, settings: NamespaceSettings = {}): Promise<NamespaceInfo> {
    return this.ctx.committer.run(() => {
      if (this.ctx.store.getNamespace(name)) throw new EngineError('ALREADY_EXISTS', `Namespace ${name} already exists.`);
      const info: NamespaceInfo = { name, createdAt: new Date(this.ctx.clock.now()).toISOString(), ...kept(settings) };
      this.ctx.store.insertNamespace(info);
      return info;
    });
  }

  /**
   * Changes what is given, as Temporal's UpdateNamespace does: an empty description or owner email keeps
   * the one it has, data is merged into its data (keys are added or replaced, never removed).
   */
  update(name: string, changes: NamespaceSettings): Promise<NamespaceInfo> {
    return this.ctx.committer.run(() => {
      const ns = this.describe(name);
      const next: NamespaceInfo = {
        ...ns,
        ...kept({ description: changes.description, ownerEmail: changes.ownerEmail, retentionMs: changes.retentionMs }),
        ...(changes.data && Object.keys(changes.data).length > 0 ? { data: { ...ns.data, ...changes.data } } : {}),
      };
      this.ctx.store.updateNamespace(next);
      return this.describe(name);
    });
  }
}

/** The settings that are set (an empty string or map is none). */
function kept(settings: NamespaceSettings): NamespaceSettings {
  return {
    ...(settings.description ? { description: settings.description } : {}),
    ...(settings.ownerEmail ? { ownerEmail: settings.ownerEmail } : {}),
    ...(settings.retentionMs !== undefined ? { retentionMs: settings.retentionMs } : {}),
    ...(settings.data && Object.keys(settings.data).length > 0 ? { data: { ...settings.data } } : {}),
  };
}
