// Temporal's connection options that belong to its gRPC transport (TLS, per-call metadata): accepted so that
// code written for Temporal compiles, refused or ignored when it connects, with a message that says which.

/** Temporal's TLS settings (`tls` of a connection's options): accepted in types, refused when connecting. */
export interface TLSConfig {
  /** The server name to check the certificate against. */
  serverNameOverride?: string;
  /** The CA certificate to trust. */
  serverRootCACertificate?: Uint8Array;
  /** The client's certificate and key (mTLS). */
  clientCertPair?: { crt: Uint8Array; key: Uint8Array };
}

/** The gRPC-only options of Temporal's `ConnectionOptions` and `NativeConnectionOptions` that Rewind's take. */
export interface GrpcOnlyOptions {
  /**
   * Temporal's TLS. Rewind's server speaks plain WebSocket: `false`, `null` or leaving it out connect as
   * always; `true` or a TLS config make connecting fail with a TypeError that says so (a connection that
   * dropped TLS silently would send in the clear what was meant to be encrypted).
   */
  tls?: TLSConfig | boolean | null;
  /**
   * Temporal's gRPC metadata (headers sent with every call). Rewind's server reads none: it is ignored, and
   * connecting with any emits a warning (`REWIND_IGNORED_METADATA`) that says so; an auth token goes in `apiKey`.
   */
  metadata?: Record<string, string | Buffer>;
}

/**
 * Refuses what Rewind cannot do (TLS) and warns of what it ignores (gRPC metadata).
 *
 * @throws TypeError if `tls` asks for TLS.
 */
export function checkGrpcOnlyOptions(options: GrpcOnlyOptions, what: 'Connection' | 'NativeConnection'): void {
  if (options.tls) {
    throw new TypeError(
      `${what} options ask for TLS (tls: ${options.tls === true ? 'true' : 'a TLS config'}), which Rewind's server does not speak: ` +
        "it listens on plain WebSocket. Remove `tls` to connect to a Rewind server (a TLS server needs Temporal's SDK).",
    );
  }
  const keys = Object.keys(options.metadata ?? {});
  if (keys.length > 0) {
    process.emitWarning(
      `Rewind ignores the gRPC metadata of ${what} options (${keys.join(', ')}): its server reads no per-call headers. ` +
        'Pass an auth token as `apiKey`.',
      { code: 'REWIND_IGNORED_METADATA' },
    );
  }
}
