// Where Temporal's testing package finds Rewind: the executable it starts in place of its own servers.
import path from 'node:path';

/**
 * Rewind as the server of `@temporalio/testing`'s `TestWorkflowEnvironment`, with no download:
 * `TestWorkflowEnvironment.createTimeSkipping({ server: { executable: rewindTemporalServer } })` (time
 * skipping, Temporal's TestService) or `createLocal({ server: { executable: rewindTemporalServer } })`.
 * Each environment starts its own server process, with an in-memory database, and stops it on teardown.
 */
export const rewindTemporalServer: { readonly type: 'existing-path'; readonly path: string } = {
  type: 'existing-path',
  // This file is bundled to dist/index.js; the executable is bin/ beside it.
  path: path.resolve(__dirname, '..', 'bin', 'rewind-temporal-server.js'),
};
