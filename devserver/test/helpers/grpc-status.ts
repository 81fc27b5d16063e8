// The gRPC status a call of Temporal's client failed with (its code and details; a wrapped error's cause's).
export async function statusOf(call: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; details?: string; cause?: { code?: number; details?: string } };
    const source = e.code !== undefined ? e : (e.cause ?? {});
    return { code: source.code ?? -1, details: source.details ?? String(err) };
  }
  throw new Error('the call did not fail');
}
