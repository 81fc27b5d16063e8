#!/usr/bin/env node
// The `rewind` command: the dev server and CLI (built to ../dist/cli.js by `npm run build`).
const { main } = require('../dist/cli.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
