// Versioned behaviours of the workflow runtime (Temporal's SdkFlags and sdk-core's CoreInternalFlags):
// a behaviour that changes what a replay decides is gated by a flag; the flag is recorded in the
// completion (WorkflowTaskCompleted.sdkMetadata) of the first task that uses it, and a replay follows
// the flags its history recorded. Pure bookkeeping: no I/O, no access to the run.
//
// Histories say which SDK recorded them (sdkName): Rewind's flags are read from Rewind's histories
// (`langUsedFlags` under `rewind-typescript`), Temporal's lang and core flags from Temporal's; core flags
// that Rewind adopted late (CORE_FLAGS_ADOPTED_LATE) from Rewind's histories too.
import type { SdkMetadata } from '../protocol';

export const REWIND_SDK_NAME = 'rewind-typescript';
/**
 * The SDK a Temporal history's task was recorded by when its completion names none (very old SDKs, exports
 * that strip sdkMetadata): one of Temporal's, since Temporal's history reader read it.
 */
export const TEMPORAL_SDK_UNNAMED = 'temporal (unnamed)';
/** The version the runtime records beside its flags (the @rewind/sdk package's). */
export const REWIND_SDK_VERSION = '0.1.0';

interface FlagDefinition {
  id: number;
  /** Whether Temporal's SDK behaves so always: the flag is on when replaying a history Temporal recorded. */
  asTemporal: boolean;
}

/**
 * Rewind's flags. Ids are recorded in histories: never reuse or renumber one. They are recorded as
 * `langUsedFlags` under Rewind's SDK name, where a Temporal worker serving the same run (a task queue shared
 * by both SDKs) reads them as Temporal's lang flags, and refuses one it does not know: a Rewind flag's id must
 * be one of Temporal's lang flags whose behaviour Rewind's runtime has (sdk/test/unknown-flags.test.ts checks it), or the
 * gRPC frontend must translate it (devserver/src/grpc/sdk-metadata.ts) before it ships.
 */
export const RewindFlags = {
  /**
   * Workflow randomness is Temporal's: `Math.random()`, `uuid4()` and default child ids draw from alea
   * seeded with sdk-core's seed of the original run id, reseeded after a reset. Without it (runs recorded
   * before 0.1.0 had flags), they draw from the sandbox's first generator (sfc32 seeded with FNV-1a of
   * the run id), and uuid4 takes 16 draws, one a byte.
   */
  TemporalRandomness: { id: 1, asTemporal: true },
  /**
   * An activation's jobs run as Temporal's SDK runs them with its lang flag 2 (the same id): patches first, then
   * the other jobs as one batch, conditions checked after each job, microtasks drained once at the end. Without it
   * (Rewind's runs recorded before), the groups of protocol/activation.ts, microtasks drained between them.
   */
  ProcessWorkflowActivationJobsAsSingleBatch: { id: 2, asTemporal: true },
  /**
   * Temporal's lang flags 3–6, the behaviours @temporalio/interceptors-opentelemetry asks for (hasFlag): on in
   * live runs as in Temporal's SDK, and recorded under the same ids when first asked (langFlag), so that a
   * Temporal worker serving the same run, or replaying its history, decides as Rewind did.
   */
  OpenTelemetryInterceptorsTracesInboundSignals: { id: 3, asTemporal: true },
  OpenTelemetryInterceptorsTracesLocalActivities: { id: 4, asTemporal: true },
  OpenTelemetryInterceporsAvoidsExtraYields: { id: 5, asTemporal: true },
  OpenTelemetryInterceptorsInstrumentsAllMethods: { id: 6, asTemporal: true },
} as const satisfies Record<string, FlagDefinition>;
export type RewindFlag = (typeof RewindFlags)[keyof typeof RewindFlags];

/**
 * Temporal's TypeScript SDK lang flags (@temporalio/workflow 1.24 flags.ts), and what Rewind does with
 * each when replaying Temporal's histories:
 * 1 NonCancellableScopesAreShieldedFromPropagation: gated (cancellation-scope.ts): without it, a
 *   cancellation reaches the cancellable scopes inside a non-cancellable one, and withTimeout leaves its
 *   timer running once its function is done; and (timers.ts) setTimeout is a bare timer that no
 *   interceptor sees and no scope cancels, whose clearTimeout takes a seq.
 * 2 ProcessWorkflowActivationJobsAsSingleBatch: gated (activation-groups.ts, JobBatching): with it (or no
 *   signal) the jobs run as one batch; without it, an activation with signals runs them first, alone,
 *   then all the other jobs together. Temporal's SDK treats the tasks of @temporalio/worker 1.11.0 and 1.11.1 (their
 *   build id) as having both, since those versions did not record them.
 * 3–6: behaviours of @temporalio/interceptors-opentelemetry's workflow interceptors, which ask for them through
 *   Temporal's `getActivator().hasFlag` (temporal-internals.ts answers it with {@link SdkFlags.langFlag}): 3
 *   traces inbound signals, 4 traces local activities, 5 drops the extra yields (`await Promise.resolve()`)
 *   before calling on, 6 traces updates, queries and Nexus operations. Temporal's SDK treats a task as having 3,
 *   4 or 5 when the SDK version last recorded is at least 1.11.5, 1.11.6 or 1.13.2 (those versions behaved
 *   so before the flags existed).
 */
export const TemporalLangFlags = {
  NonCancellableScopesAreShieldedFromPropagation: 1,
  ProcessWorkflowActivationJobsAsSingleBatch: 2,
  OpenTelemetryInterceptorsTracesInboundSignals: 3,
  OpenTelemetryInterceptorsTracesLocalActivities: 4,
  OpenTelemetryInterceporsAvoidsExtraYields: 5,
  OpenTelemetryInterceptorsInstrumentsAllMethods: 6,
} as const;
export type TemporalLangFlag = (typeof TemporalLangFlags)[keyof typeof TemporalLangFlags];

/**
 * Temporal's lang flags that are also Rewind's (RewindFlags, same ids and meaning): recorded in Rewind's live
 * runs when first used, and read from a completion whichever SDK recorded it.
 */
const LANG_FLAGS_REWIND_RECORDS: ReadonlySet<number> = new Set([
  RewindFlags.ProcessWorkflowActivationJobsAsSingleBatch.id,
  RewindFlags.OpenTelemetryInterceptorsTracesInboundSignals.id,
  RewindFlags.OpenTelemetryInterceptorsTracesLocalActivities.id,
  RewindFlags.OpenTelemetryInterceporsAvoidsExtraYields.id,
  RewindFlags.OpenTelemetryInterceptorsInstrumentsAllMethods.id,
]);

/** Lang flags on for any task that @temporalio/worker 1.11.0 or 1.11.1 completed (they used them without recording them). */
const ON_FOR_1_11_0_AND_1_11_1: ReadonlySet<number> = new Set([
  TemporalLangFlags.NonCancellableScopesAreShieldedFromPropagation,
  TemporalLangFlags.ProcessWorkflowActivationJobsAsSingleBatch,
]);
const BUILD_ID_1_11_0_OR_1_11_1 = /^@temporalio\/worker@1\.11\.[01][+]/;
/** Lang flags on for a task when the SDK version last recorded is at least this (Temporal's `isAtLeast`). */
const ON_FROM_SDK_VERSION: ReadonlyMap<number, readonly [number, number, number]> = new Map([
  [TemporalLangFlags.OpenTelemetryInterceptorsTracesInboundSignals, [1, 11, 5]],
  [TemporalLangFlags.OpenTelemetryInterceptorsTracesLocalActivities, [1, 11, 6]],
  [TemporalLangFlags.OpenTelemetryInterceporsAvoidsExtraYields, [1, 13, 2]],
]);

/** Whether `version` (its first `major.minor.patch`) is at least `least`; false when it has none (Temporal's `isAtLeast`). */
function isAtLeast(version: string | undefined, least: readonly [number, number, number]): boolean {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return false;
  for (let i = 0; i < 3; i++) {
    const part = Number(match[i + 1]);
    if (part !== least[i]) return part > least[i]!;
  }
  return true;
}

/**
 * sdk-core's CoreInternalFlags. 1 IdAndTypeDeterminismChecks: gated (replay compares an activity's and a
 * child's id and type with the recorded ones only for Temporal histories that recorded it; Rewind's always). 2
 * UpsertSearchAttributeOnPatch: gated (internals.ts, change-version.ts): with it, each patch's marker is
 * followed by an upsert of TemporalChangeVersion, and replay expects that upsert as the next command event;
 * Rewind adopted it after its histories began, so it records it too (in `coreUsedFlags`, under its own SDK
 * name) and follows it from Rewind's histories as from Temporal's. 3 MoveTerminalCommands: gated (see below).
 */
export const TemporalCoreFlags = {
  IdAndTypeDeterminismChecks: 1,
  UpsertSearchAttributeOnPatch: 2,
  /** With it, commands issued after the one that closes the workflow are sent first; without it, dropped. */
  MoveTerminalCommands: 3,
} as const;
export type TemporalCoreFlag = (typeof TemporalCoreFlags)[keyof typeof TemporalCoreFlags];

/**
 * Core behaviours Rewind's runtime adopted after its histories began: on replay of a Rewind history in force
 * only if it recorded them (the others Rewind has always had: in force for every Rewind history). A live task
 * records every core flag not yet recorded (takeMetadata).
 */
const CORE_FLAGS_ADOPTED_LATE: ReadonlySet<number> = new Set([TemporalCoreFlags.UpsertSearchAttributeOnPatch]);

/**
 * How an activation's jobs are run, as Temporal's SDK runs them: patches first, then `one-batch` (every other
 * job, conditions checked after each job, microtasks drained once at the end: live runs, and histories that
 * recorded lang flag 2, Rewind's or Temporal's) or, for an activation with signals of a Temporal history
 * recorded without flag 2, `signals-first` (the signals as one batch, drained, then the other jobs as
 * another). `groups`: Rewind's runs recorded before flag 2: the groups of protocol/activation.ts, microtasks
 * drained between them.
 */
export type JobBatching = 'groups' | 'one-batch' | 'signals-first';

const REWIND_FLAG_IDS: ReadonlySet<number> = new Set(Object.values(RewindFlags).map((f) => f.id));
const TEMPORAL_LANG_FLAG_IDS: ReadonlySet<number> = new Set(Object.values(TemporalLangFlags));

/** A flag a history recorded that this runtime does not know (a newer SDK's): what to say about it. */
export interface UnknownFlag {
  /** Whose flag: Rewind's, or Temporal's lang flag (an unknown core flag is ignored). */
  kind: 'Rewind' | "Temporal's lang";
  id: number;
  /** The SDK that recorded it, and its version if it said. */
  recordedBy: string;
}

/**
 * The first flag of a task's completion that this runtime does not know, if any: such a history came
 * from a newer SDK, and replaying it with today's behaviours could decide otherwise than it did (Temporal's
 * SDK refuses an unknown lang flag: "Unknown SDK flag"; sdk-core ignores an unknown core flag, and so does
 * Rewind). `recordedByTemporal` as {@link SdkFlags.recordedByTemporal} after observing `metadata`.
 */
export function unknownFlag(metadata: SdkMetadata | undefined, recordedByTemporal: boolean): UnknownFlag | undefined {
  if (!metadata) return undefined;
  const recordedBy = [metadata.sdkName ?? TEMPORAL_SDK_UNNAMED, metadata.sdkVersion].filter(Boolean).join(' ');
  if (!recordedByTemporal) {
    const id = metadata.langUsedFlags?.find((f) => !REWIND_FLAG_IDS.has(f));
    return id === undefined ? undefined : { kind: 'Rewind', id, recordedBy };
  }
  // A core flag it does not know, sdk-core ignores (CoreInternalFlags::TooHigh); a lang flag, Temporal's SDK refuses.
  const id = metadata.langUsedFlags?.find((f) => !TEMPORAL_LANG_FLAG_IDS.has(f));
  return id === undefined ? undefined : { kind: "Temporal's lang", id, recordedBy };
}

/** The flags of one run: those its history recorded, and those first used by the task running now. */
export class SdkFlags {
  private readonly rewind = new Set<number>();
  private readonly lang = new Set<number>();
  private readonly core = new Set<number>();
  /** The SDK that recorded the latest completion read (sdk-core keeps the last name it saw). */
  private recordedBy: string | undefined;
  private readonly firstUsed = new Set<number>();
  /** Core flags (those Rewind records) first used by the task running now. */
  private readonly firstUsedCore = new Set<number>();
  /** The build id of the worker that completed the task being replayed (Temporal's histories). */
  private buildId: string | undefined;
  /** The SDK version the completions read so far last named (sdk-core's `last_sdk_version`). */
  private sdkVersion: string | undefined;

  /** Reads what the completion of the task being replayed recorded; flags stay on for the rest of the run. */
  observe(metadata: SdkMetadata | undefined): void {
    this.buildId = metadata?.buildId;
    if (!metadata) return;
    if (metadata.sdkName) this.recordedBy = metadata.sdkName;
    for (const f of metadata.coreUsedFlags ?? []) this.core.add(f);
    if (metadata.sdkVersion) this.sdkVersion = metadata.sdkVersion;
    for (const f of metadata.langUsedFlags ?? []) {
      // A run served by both SDKs: an id both use with Temporal's meaning (2–6) counts for both, whoever recorded it.
      if (this.recordedByTemporal || LANG_FLAGS_REWIND_RECORDS.has(f)) this.lang.add(f);
      if (!this.recordedByTemporal || LANG_FLAGS_REWIND_RECORDS.has(f)) this.rewind.add(f);
    }
  }

  /** Whether the history was recorded by one of Temporal's SDKs. */
  get recordedByTemporal(): boolean {
    return this.recordedBy !== undefined && this.recordedBy !== REWIND_SDK_NAME;
  }

  /**
   * Whether Rewind's behaviour `flag` is in force: when replaying, if the history recorded it (or was
   * recorded by Temporal and the behaviour is Temporal's); when running live, always, and it is recorded.
   */
  use(flag: RewindFlag, isReplaying: boolean): boolean {
    if (this.rewind.has(flag.id)) return true;
    if (isReplaying) return flag.asTemporal && this.recordedByTemporal;
    this.recordUse(flag.id);
    return true;
  }

  /** Records a Rewind flag used live: in the completion of the task that first uses it, once per run. */
  private recordUse(id: number): void {
    if (this.rewind.has(id)) return;
    this.rewind.add(id);
    this.firstUsed.add(id);
  }

  /**
   * Whether sdk-core's behaviour `flag` is in force (sdk-core's `try_use`): when running live, always (the
   * task's completion records it, see takeMetadata); when replaying a Temporal history, if recorded; a Rewind
   * history, if recorded or one Rewind has always had (not in CORE_FLAGS_ADOPTED_LATE).
   */
  coreFlag(flag: TemporalCoreFlag, isReplaying: boolean): boolean {
    if (!isReplaying) return true;
    return this.core.has(flag) || (!this.recordedByTemporal && !CORE_FLAGS_ADOPTED_LATE.has(flag));
  }

  /**
   * Whether Temporal's lang behaviour `flag` is in force (Temporal's `hasFlag`): for Temporal's histories,
   * if recorded, or by Temporal's alternative conditions: the task was completed by @temporalio/worker
   * 1.11.0/1.11.1 and the flag is one those used unrecorded (1, 2), or the SDK version last recorded is one
   * that behaved so (3–5). For Rewind's histories and live runs, on: Rewind's runtime has always behaved so
   * (1, 2), and gives the OpenTelemetry interceptors (3–6) the behaviours of their version, as Temporal's
   * SDK does in a live run, recording 3–6 when first asked (RewindFlags has them under the same ids).
   */
  langFlag(flag: TemporalLangFlag, isReplaying: boolean): boolean {
    if (!isReplaying) {
      // Those Rewind records under Temporal's ids, once, by the task that asks first.
      if (LANG_FLAGS_REWIND_RECORDS.has(flag)) this.recordUse(flag);
      return true;
    }
    if (!this.recordedByTemporal || this.lang.has(flag)) return true;
    if (ON_FOR_1_11_0_AND_1_11_1.has(flag) && BUILD_ID_1_11_0_OR_1_11_1.test(this.buildId ?? '')) return true;
    const least = ON_FROM_SDK_VERSION.get(flag);
    return least !== undefined && isAtLeast(this.sdkVersion, least);
  }

  /** How an activation's jobs are run (see JobBatching): as Temporal's SDK, asking lang flag 2 of a Temporal history only when the activation has signals; Rewind's histories by their flag 2, live runs one batch (recording it). */
  jobBatching(hasSignals: boolean, isReplaying: boolean): JobBatching {
    if (!isReplaying) {
      this.use(RewindFlags.ProcessWorkflowActivationJobsAsSingleBatch, false); // Recorded by the first task.
      return 'one-batch';
    }
    // Recorded by either SDK (observe reads it into both sets), else: Rewind's older runs grouped.
    if (this.lang.has(TemporalLangFlags.ProcessWorkflowActivationJobsAsSingleBatch)) return 'one-batch';
    if (!this.recordedByTemporal) return 'groups';
    if (!hasSignals) return 'one-batch';
    return this.langFlag(TemporalLangFlags.ProcessWorkflowActivationJobsAsSingleBatch, isReplaying) ? 'one-batch' : 'signals-first';
  }

  /** What the completion of the task that ran live records: Rewind's name and version, the flags first used in it, and the core flags not yet recorded. */
  takeMetadata(): SdkMetadata {
    // As sdk-core's write_all_known: a live task records every core behaviour the runtime has, used or not
    // (a Temporal worker serving the same run, or replaying its history, then decides as Rewind did).
    for (const flag of Object.values(TemporalCoreFlags)) {
      if (this.core.has(flag)) continue;
      this.core.add(flag);
      this.firstUsedCore.add(flag);
    }
    const used = [...this.firstUsed].sort((a, b) => a - b);
    const usedCore = [...this.firstUsedCore].sort((a, b) => a - b);
    this.discardUsed();
    return {
      sdkName: REWIND_SDK_NAME,
      sdkVersion: REWIND_SDK_VERSION,
      ...(usedCore.length > 0 ? { coreUsedFlags: usedCore } : {}),
      ...(used.length > 0 ? { langUsedFlags: used } : {}),
    };
  }

  /** Forgets the flags first used in a task that is replayed (its completion is already recorded). */
  discardUsed(): void {
    this.firstUsed.clear();
    this.firstUsedCore.clear();
  }
}
