// The parts of the server that its operations share.
import type { RunLimits } from '../engine/limits';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import type { Committer } from './committer';
import type { Logger } from './logger';
import type { Matching } from './matching';
import type { Runs } from './runs';

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
