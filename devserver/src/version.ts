// The version of this server, reported in the handshake.
export const SERVER_VERSION = '0.1.0';
