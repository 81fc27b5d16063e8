// Generates hostile requests for Temporal's gRPC services from a seed: for a method's request type
// (@temporalio/proto's reflection), a message whose fields get random and hostile values (unknown enum
// numbers, negative durations, prototype names, SQL, odd unicode, forged task tokens, namespaces that do
// not exist), encoded; or bytes that are not that message at all (random, truncated, empty).
import { temporal } from '@temporalio/proto';
import { PROTO_KEYS, SQL_SNIPPETS, UNICODE } from './hostile-values';
import type { SeededRandom } from './seeded-random';

/** The reflection of a protobuf type, as much as the generator reads. */
export interface ReflectedType {
  fullName: string;
  fieldsArray: ReflectedField[];
  encode(message: object): { finish(): Uint8Array };
  fromObject(object: object): object;
}
interface ReflectedField {
  name: string;
  type: string;
  repeated: boolean;
  map: boolean;
  resolve(): { resolvedType: ReflectedType | { values: Record<string, number> } | null };
}
export interface ReflectedMethod {
  name: string;
  resolve(): { resolvedRequestType: ReflectedType | null };
}

/** Temporal's services the gRPC frontend serves, by their full names. */
export const TEMPORAL_SERVICES = [
  'temporal.api.workflowservice.v1.WorkflowService',
  'temporal.api.operatorservice.v1.OperatorService',
  'temporal.api.testservice.v1.TestService',
] as const;

/** Every method of one of Temporal's services (its full name), with its request type. */
export function serviceMethods(service: string): ReflectedMethod[] {
  const root = temporal as unknown as { lookupService(name: string): { methodsArray: ReflectedMethod[] } };
  return root.lookupService(service).methodsArray;
}

export interface GrpcTargets {
  namespaces: readonly string[];
  workflowIds: readonly string[];
  taskQueues: readonly string[];
  taskTokens: readonly Uint8Array[];
}

const MAX_DEPTH = 4;

export class GrpcFuzzGenerator {
  constructor(
    private readonly rnd: SeededRandom,
    private readonly targets: GrpcTargets,
  ) {}

  /** Bytes for a method: mostly a hostile message of its request type, sometimes not that message at all. */
  request(type: ReflectedType): Uint8Array {
    const { rnd } = this;
    const roll = rnd.next();
    if (roll < 0.08) return randomBytes(rnd, rnd.int(0, 300));
    const message = this.message(type, 0);
    let bytes: Uint8Array;
    try {
      bytes = type.encode(type.fromObject(message)).finish();
    } catch {
      bytes = randomBytes(rnd, 20);
    }
    if (roll < 0.16 && bytes.length > 1) return bytes.subarray(0, rnd.int(1, bytes.length - 1)); // truncated
    if (roll < 0.2 && bytes.length > 0) return flipByte(rnd, bytes);
    return bytes;
  }

  private message(type: ReflectedType, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (type.fullName === '.google.protobuf.Duration')
      return { seconds: this.rnd.pick([-5, 0, 1, 3600, 2 ** 40]), nanos: this.rnd.pick([0, -1, 5e8, 2e9]) };
    if (type.fullName === '.google.protobuf.Timestamp')
      return { seconds: this.rnd.pick([-1, 0, 1.7e9, 2 ** 40]), nanos: this.rnd.pick([0, -1, 2e9]) };
    for (const field of type.fieldsArray) {
      if (!this.rnd.chance(0.6)) continue;
      const v = this.fieldValue(field, depth);
      if (v !== undefined) out[field.name] = v;
    }
    return out;
  }

  private fieldValue(field: ReflectedField, depth: number): unknown {
    const { rnd } = this;
    if (field.map) {
      const m: Record<string, unknown> = {};
      for (let i = rnd.int(0, 3); i > 0; i--) m[this.string()] = this.single(field, depth);
      return m;
    }
    if (field.repeated) return Array.from({ length: rnd.int(0, 3) }, () => this.single(field, depth)).filter((v) => v !== undefined);
    return this.single(field, depth);
  }

  private single(field: ReflectedField, depth: number): unknown {
    const { rnd, targets } = this;
    const resolved = field.resolve().resolvedType;
    if (resolved && 'values' in resolved) {
      const known = Object.values(resolved.values);
      return rnd.chance(0.85) ? rnd.pick(known) : rnd.pick([-1, 99, 2 ** 31 - 1]);
    }
    if (resolved) return depth >= MAX_DEPTH ? {} : this.message(resolved, depth + 1);
    switch (field.name) {
      case 'namespace':
        return rnd.pick(targets.namespaces);
      case 'workflowId':
        return rnd.chance(0.7) ? rnd.pick(targets.workflowIds) : this.string();
      case 'name':
        return rnd.chance(0.5) ? rnd.pick(targets.taskQueues) : this.string();
      case 'taskToken':
        return rnd.chance(0.7) ? rnd.pick(targets.taskTokens) : randomBytes(rnd, rnd.int(0, 80));
    }
    switch (field.type) {
      case 'string':
        return this.string();
      case 'bytes':
        return randomBytes(rnd, rnd.int(0, 64));
      case 'bool':
        return rnd.chance(0.5);
      case 'double':
      case 'float':
        return rnd.pick([0, -1, 1.5, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY]);
      default:
        // The integer types.
        return rnd.pick([0, 1, -1, 7, 1000, 2 ** 31 - 1, -(2 ** 31)]);
    }
  }

  private string(): string {
    const { rnd } = this;
    switch (rnd.int(0, 5)) {
      case 0:
        return rnd.pick(PROTO_KEYS);
      case 1:
        return rnd.pick(SQL_SNIPPETS);
      case 2:
        return rnd.pick(UNICODE).replace(/[\ud800-\udfff]/g, '?'); // protobuf strings are UTF-8
      case 3:
        return 'x'.repeat(rnd.pick([0, 1, 1001, 10_001]));
      default:
        return `s-${rnd.int(0, 99)}`;
    }
  }
}

function randomBytes(rnd: SeededRandom, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rnd.int(0, 255));
}

function flipByte(rnd: SeededRandom, bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[rnd.int(0, copy.length - 1)] = rnd.int(0, 255);
  return copy;
}
