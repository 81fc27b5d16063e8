// The generator of Temporal's TypeScript SDK: Johannes Baagøe's Alea (MIT, 2010), seeded with the bytes
// of sdk-core's u64 seed, so that a run draws the same numbers here as under @temporalio/workflow.
// Pure arithmetic on doubles: the exact operations matter, change none of them.

/** Baagøe's Mash: folds numbers into a hash state; each call returns a fraction in [0, 1). */
class Mash {
  private n = 0xefc8249d;

  mash(data: readonly number[]): number {
    let n = this.n;
    for (const value of data) {
      n += value;
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    this.n = n;
    return (n >>> 0) * 2.3283064365386963e-10;
  }
}

/** A generator of fractions in [0, 1) from `seed` (Temporal passes the seed's 8 bytes). */
export function alea(seed: readonly number[]): () => number {
  const mash = new Mash();
  let c = 1;
  const start = (): number => mash.mash([32]);
  let s0 = start();
  let s1 = start();
  let s2 = start();
  const fold = (s: number): number => {
    const v = s - mash.mash(seed);
    return v < 0 ? v + 1 : v;
  };
  s0 = fold(s0);
  s1 = fold(s1);
  s2 = fold(s2);
  return () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    return s2;
  };
}

/** A v4 UUID from four 32-bit draws, laid out as Temporal's `uuid4()` lays them out. */
export function uuid4From(random: () => number): string {
  const words = [0, 0, 0, 0].map(() => (random() * 0x100000000) >>> 0);
  const bytes = words.flatMap((w) => [w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff]);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
