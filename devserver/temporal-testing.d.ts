// The types of `@rewind/devserver/temporal-testing` (dist/temporal-testing.js, built from
// src/temporal-executable.ts; devserver/test/types/temporal-testing-types.ts checks they agree), declared
// here so that a project importing it type-checks none of Rewind's source under its own settings.

/**
 * Rewind as the server of `@temporalio/testing`'s `TestWorkflowEnvironment`, with no download:
 * `TestWorkflowEnvironment.createTimeSkipping({ server: { executable: rewindTemporalServer } })` (time
 * skipping, Temporal's TestService) or `createLocal({ server: { executable: rewindTemporalServer } })`.
 * Each environment starts its own server process, with an in-memory database, and stops it on teardown.
 */
export declare const rewindTemporalServer: { readonly type: 'existing-path'; readonly path: string };
