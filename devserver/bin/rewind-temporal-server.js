#!/usr/bin/env node
// Rewind as the server Temporal's TestWorkflowEnvironment starts (built to ../dist/temporal-server.js):
// its path is `rewindTemporalServer.path` of @rewind/devserver.
const parent = process.ppid; // First: the server stops when this process is gone.
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'temporal-server.js');
if (!fs.existsSync(entry)) {
  const clone = path.resolve(__dirname, '..', '..');
  process.stderr.write(`Error: Rewind is not built in ${clone}: run \`npm install\` there (it builds Rewind), then run this again.\n`);
  process.exit(1);
}
const { temporalServerMain } = require(entry);
temporalServerMain(process.argv.slice(2), parent).then((code) => {
  process.exitCode = code;
});
