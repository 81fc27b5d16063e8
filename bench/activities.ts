// The benchmark's activities: trivial, so that the figures measure Rewind, not the work.
export async function stepA(n: number): Promise<number> {
  return n + 1;
}
export async function stepB(n: number): Promise<number> {
  return n * 2;
}
export async function stepC(n: number): Promise<number> {
  return n - 1;
}
