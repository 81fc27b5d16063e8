// A Temporal worker's command that Rewind cannot take: its workflow task fails with what is wrong
// (as Temporal fails one with a BAD_* cause), and the run waits for code that sends good ones.
export class BadCommandError extends Error {
  override readonly name = 'BadCommandError';
}
