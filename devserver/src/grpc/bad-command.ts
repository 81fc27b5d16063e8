// A Temporal worker's command that Rewind cannot take: its workflow task fails with what is wrong and
// Temporal's cause for that command type (BAD_START_TIMER_ATTRIBUTES, …; BAD_COMMAND for a command type
// Rewind does not take yet), and the run waits for code that sends good ones, as on Temporal's server.
import type { BadCommandCause } from '@rewind/sdk/protocol';

export class BadCommandError extends Error {
  override readonly name = 'BadCommandError';
  constructor(
    message: string,
    readonly failedCause: BadCommandCause | 'BAD_COMMAND' = 'BAD_COMMAND',
  ) {
    super(message);
  }
}
