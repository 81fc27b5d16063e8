// Sends frames on one raw connection and checks what comes back: exactly one reply per request id, the
// null-id errors JSON-RPC promises, and errors that say what is wrong (never an internal error).
import type { Frame, RequestId } from './fuzz-frames';
import type { RawPeer, RpcReply } from './raw-peer';

/** Text of an error that comes from a bug in the server, not from a message that says what is wrong. */
const INTERNAL_TEXT =
  /TypeError|ReferenceError|RangeError|Cannot read prop|Cannot set prop|is not a function|is not iterable|\bundefined\b|Maximum call stack|SQLITE|SqliteError|Internal server error|\bat \S+ \(/;

export const truncate = (text: string, max = 300): string => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

/** What went wrong, each with the message that caused it; reported with the seed that replays it. */
export class Problems {
  readonly list: string[] = [];
  add(what: string, sent?: string): void {
    this.list.push(sent === undefined ? what : `${what}\n    sent: ${truncate(sent)}`);
  }
  report(seed: number): string {
    return (
      `${this.list.length} problem(s) with seed ${seed} (rerun with REWIND_FUZZ_SEED=${seed}):\n  ` + this.list.slice(0, 12).join('\n  ')
    );
  }
}

/** Why a reply is not a clear answer, or undefined when it is one. */
export function replyProblem(reply: RpcReply): string | undefined {
  const hasResult = 'result' in reply;
  const error = reply.error;
  if (hasResult === (error !== undefined)) return `a reply needs exactly one of result and error: ${truncate(JSON.stringify(reply))}`;
  if (!error) return undefined;
  if (typeof error.code !== 'number' || typeof error.message !== 'string' || error.message.length < 10) {
    return `an error without a code and a message that says what is wrong: ${truncate(JSON.stringify(error))}`;
  }
  if (error.code === -32603 || error.data?.status === 'INTERNAL' || INTERNAL_TEXT.test(error.message)) {
    return `an internal error: ${truncate(error.message)}`;
  }
  return undefined;
}

export class ReplyLedger {
  /** Frames sent (pings not counted), and replies received (to pings too). */
  frames = 0;
  replies = 0;
  /** Replies that are results (not errors). */
  results = 0;
  pings = 0;
  private readonly pending = new Map<RequestId, string>();
  private readonly answered = new Set<RequestId>();
  private nullExpected = 0;
  private nullSeen = 0;

  constructor(
    readonly peer: RawPeer,
    private readonly problems: Problems,
    readonly label: string,
  ) {}

  send(frame: Frame): void {
    for (const id of frame.ids) this.pending.set(id, frame.text);
    this.nullExpected += frame.nullReplies;
    this.frames++;
    this.peer.send(frame.text);
  }

  /** Checks the replies that arrived. */
  pull(): void {
    for (const reply of this.peer.take()) {
      this.replies++;
      if (reply.id === null) {
        this.nullSeen++;
        const problem = replyProblem(reply);
        if (problem) this.problems.add(`${this.label}: ${problem}`);
        continue;
      }
      const sent = this.pending.get(reply.id);
      if (sent === undefined) {
        this.problems.add(`${this.label}: ${this.answered.has(reply.id) ? 'a second reply' : 'a reply nobody asked for'} (id ${reply.id})`);
        continue;
      }
      this.pending.delete(reply.id);
      this.answered.add(reply.id);
      if ('result' in reply) this.results++;
      const problem = replyProblem(reply);
      if (problem) this.problems.add(`${this.label}: ${problem}`, sent);
    }
  }

  get unanswered(): number {
    return this.pending.size + Math.max(0, this.nullExpected - this.nullSeen);
  }

  /** Waits until every request sent so far is answered (a ping first keeps the pace: the server answers in turn). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.pull();
      if (this.unanswered === 0) break;
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.peer.arrival(), new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    if (this.nullSeen > this.nullExpected)
      this.problems.add(`${this.label}: ${this.nullSeen} null-id errors for ${this.nullExpected} messages that called for one`);
    if (this.unanswered === 0) return;
    this.problems.add(
      `${this.label}: ${this.pending.size} request(s) and ${this.nullExpected - this.nullSeen} null-id error(s) unanswered after ${timeoutMs} ms`,
    );
    for (const text of [...this.pending.values()].slice(0, 5)) this.problems.add(`${this.label}: no reply`, text);
  }

  /** Sends a cheap request and waits for it: the server has then read everything sent before. */
  async ping(timeoutMs = 20_000): Promise<void> {
    const id = `ping-${this.label}-${this.pings++}`;
    this.pending.set(id, 'ping');
    this.peer.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'namespace.list' }));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.pull();
      if (!this.pending.has(id)) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.label}: no answer to a ping within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.peer.arrival(), new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
  }
}
