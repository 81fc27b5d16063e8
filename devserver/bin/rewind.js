#!/usr/bin/env node
// The `rewind` command: the dev server and CLI (built to ../dist/cli.js by `npm run build`).
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  const clone = path.resolve(__dirname, '..', '..');
  process.stderr.write(`Error: Rewind is not built in ${clone}: run \`npm install\` there (it builds Rewind), then run this again.\n`);
  process.exit(1);
}
const { main } = require(cli);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
