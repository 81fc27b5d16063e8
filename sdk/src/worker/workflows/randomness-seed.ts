// A run's randomness seeds, from its run id. Temporal's: sdk-core hashes the run id with SipHash-1-3
// (keys 0, 0) as Rust's `str::hash` feeds it (the UTF-8 bytes, then 0xff) and hands the workflow the
// u64 as 8 bytes, big-endian (Long.toBytes). Rewind's first: FNV-1a of the id, for runs recorded before
// the TemporalRandomness flag.

const MASK = (1n << 64n) - 1n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & MASK;
}

/** SipHash-1-3 with keys (0, 0): one compression round per 8-byte block, three to finish. */
function sipHash13(bytes: Uint8Array): bigint {
  let v0 = 0x736f6d6570736575n;
  let v1 = 0x646f72616e646f6dn;
  let v2 = 0x6c7967656e657261n;
  let v3 = 0x7465646279746573n;
  const round = (): void => {
    v0 = (v0 + v1) & MASK;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & MASK;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & MASK;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  const block = (m: bigint): void => {
    v3 ^= m;
    round();
    v0 ^= m;
  };
  const whole = bytes.length - (bytes.length % 8);
  for (let i = 0; i < whole; i += 8) {
    let m = 0n;
    for (let j = 7; j >= 0; j--) m = (m << 8n) | BigInt(bytes[i + j]!);
    block(m);
  }
  let last = BigInt(bytes.length & 0xff) << 56n;
  for (let j = bytes.length - 1; j >= whole; j--) last |= BigInt(bytes[j]!) << BigInt(8 * (j - whole));
  block(last);
  v2 ^= 0xffn;
  round();
  round();
  round();
  return v0 ^ v1 ^ v2 ^ v3;
}

/** sdk-core's randomness seed of a run id, as a u64. */
export function temporalSeed(runId: string): bigint {
  const utf8 = new TextEncoder().encode(runId);
  const bytes = new Uint8Array(utf8.length + 1);
  bytes.set(utf8);
  bytes[utf8.length] = 0xff;
  return sipHash13(bytes);
}

/** The seed as @temporalio/workflow receives it: the u64's 8 bytes, most significant first. */
export function temporalSeedBytes(runId: string): number[] {
  const seed = temporalSeed(runId);
  return Array.from({ length: 8 }, (_, i) => Number((seed >> BigInt(8 * (7 - i))) & 0xffn));
}

/** FNV-1a of the run id: the seed of the sandbox's first generator (runs that recorded no TemporalRandomness flag). */
export function seedFromRunId(runId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) {
    h ^= runId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
