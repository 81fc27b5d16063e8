// The parts of the server that its operations share.
import type { RunLimits } from '../engine/limits';
import type { Store } from '../store/store';
import type { Clock } from './time/clock';
import type { Committer } from './commit/committer';
import type { Logger } from './logger';
import type { Matching } from './matching/matching';
import type { Runs } from './commit/runs';

export interface ServiceContext {
  store: Store;
  runs: Runs;
  committer: Committer;
  matching: Matching;
  clock: Clock;
  log: Logger;
  /** What one run may hold (history length, pending activities and children). */
  limits: RunLimits;
}
