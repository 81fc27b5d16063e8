// The workflow code's local variables at chosen code sites, read with Node's inspector from inside
// this process: while a replay runs, the sandbox's site hook stops at a wanted site with a `debugger`
// statement; an in-process inspector session is told of the pause synchronously, reads the scopes
// of the user's frames (local and block scopes, values rendered and expanded a few levels), resumes.
import inspector from 'node:inspector';
import type { BundleSourceMap } from '../worker/sandbox/source-map';
import type { FrameLocals, LocalValue } from './types';

type Remote = inspector.Runtime.RemoteObject;
type Property = inspector.Runtime.PropertyDescriptor;

/** How deep objects are expanded, and how many properties each shows. */
const DEPTH = 3;
const MAX_PROPERTIES = 100;
const SCOPES = new Set(['local', 'block', 'catch']);

export class LocalsCapture {
  private readonly session = new inspector.Session();
  private armed = false;
  private captured: FrameLocals[] | undefined;
  /** The scripts of workflow bundles (the inspector names a frame's script by id). */
  private readonly bundleScripts = new Set<string>();

  constructor(private readonly sourceMap: BundleSourceMap) {
    this.session.connect();
    this.session.on('Debugger.paused', (message) => this.onPaused(message.params));
    this.session.on('Debugger.scriptParsed', ({ params }) => {
      if (params.url === sourceMap.bundleFilename) this.bundleScripts.add(params.scriptId);
    });
    this.post('Debugger.enable');
  }

  /** The user's frames now on the stack, innermost first (call from the sandbox's site hook). */
  captureHere(): FrameLocals[] {
    this.armed = true;
    this.captured = undefined;
    try {
      // eslint-disable-next-line no-debugger -- the in-process session is told of this pause (onPaused).
      debugger;
    } finally {
      this.armed = false;
    }
    return this.captured ?? [];
  }

  dispose(): void {
    this.post('Debugger.disable');
    this.session.disconnect();
  }

  private onPaused(params: inspector.Debugger.PausedEventDataType): void {
    try {
      // Pauses not ours (a `debugger` statement in the workflow code) just go on.
      if (this.armed) this.captured = this.readFrames(params.callFrames);
    } finally {
      this.post('Debugger.resume');
    }
  }

  private readFrames(callFrames: inspector.Debugger.CallFrame[]): FrameLocals[] {
    const frames: FrameLocals[] = [];
    for (const frame of callFrames) {
      if (!this.bundleScripts.has(frame.location.scriptId)) continue;
      const location = this.sourceMap.locate(frame.location.lineNumber + 1, (frame.location.columnNumber ?? 0) + 1);
      if (!location || /[\\/]node_modules[\\/]/.test(location.file)) continue;
      const variables = frame.scopeChain
        .filter((scope) => SCOPES.has(scope.type) && scope.object.objectId)
        .flatMap((scope) => this.properties(scope.object.objectId!, DEPTH));
      frames.push({ functionName: frame.functionName || '(anonymous)', location, variables });
    }
    return frames;
  }

  private properties(objectId: string, depth: number): LocalValue[] {
    const result = this.post<inspector.Runtime.GetPropertiesReturnType>('Runtime.getProperties', {
      objectId,
      ownProperties: true,
      generatePreview: true,
    });
    return result.result
      .filter((p: Property) => p.value !== undefined && p.enumerable !== false)
      .slice(0, MAX_PROPERTIES)
      .map((p) => this.value(p.name, p.value!, depth));
  }

  private value(name: string, remote: Remote, depth: number): LocalValue {
    const value: LocalValue = { name, value: render(remote), type: remote.subtype ?? remote.type };
    const expandable = remote.objectId !== undefined && remote.type === 'object' && remote.subtype !== 'null';
    if (expandable && depth > 1) value.children = this.properties(remote.objectId!, depth - 1);
    return value;
  }

  /** A synchronous inspector call (a session in this thread answers before post returns). */
  private post<T = unknown>(method: string, params?: object): T {
    let answer: { err: Error | null; result: unknown } | undefined;
    this.session.post(method, params, (err: Error | null, result?: object) => (answer = { err, result }));
    if (!answer) throw new Error(`The inspector did not answer ${method} at once.`);
    if (answer.err) throw answer.err;
    return answer.result as T;
  }
}

/** One line for a value, as a JavaScript console shows it (strings quoted, objects previewed). */
function render(remote: Remote): string {
  if (remote.type === 'undefined') return 'undefined';
  if (remote.type === 'string') return JSON.stringify(remote.value);
  if (remote.subtype === 'null') return 'null';
  if (remote.type !== 'object' && remote.type !== 'function') return String(remote.unserializableValue ?? remote.value);
  const preview = remote.preview;
  if (!preview || remote.type === 'function') return remote.description ?? remote.type;
  const items = preview.properties.map((p) => {
    const text = p.type === 'string' ? JSON.stringify(p.value) : (p.value ?? p.type);
    return preview.subtype === 'array' ? text : `${p.name}: ${text}`;
  });
  const more = preview.overflow ? ', …' : '';
  return preview.subtype === 'array' ? `[${items.join(', ')}${more}]` : `{${items.join(', ')}${more}}`;
}
