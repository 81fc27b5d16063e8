// Temporal's connection options that belong to its gRPC transport (TLS, per-call metadata): accepted so that
// code written for Temporal compiles; TLS is refused when it connects, with a message that says why.
import type { Metadata } from './raw-services';

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
   * Temporal's gRPC metadata: headers sent with every call of the raw gRPC services (`workflowService`…).
   * Rewind's own protocol carries no per-call headers; an auth token goes in `apiKey`.
   */
  metadata?: Metadata;
}

/**
 * Refuses what Rewind cannot do (TLS).
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
}
