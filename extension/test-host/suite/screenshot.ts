// A screenshot of the whole workbench from inside a host test, kept in extension/.test-artifacts/<name>.png:
// asks code-shim.mjs (which drives the browser) with a request file and waits until it is taken.
import fs from 'node:fs';
import path from 'node:path';

/** Takes the screenshot if the tests run under code-shim.mjs (REWIND_TEST_SCREENSHOT set); else does nothing. */
export async function screenshot(name: string, ms = 10_000): Promise<void> {
  const main = process.env.REWIND_TEST_SCREENSHOT;
  if (!main) return;
  const request = path.join(path.dirname(main), `${name}.shot-request`);
  fs.mkdirSync(path.dirname(request), { recursive: true });
  fs.writeFileSync(request, '');
  const deadline = Date.now() + ms;
  while (fs.existsSync(request)) {
    if (Date.now() > deadline) {
      fs.rmSync(request, { force: true });
      console.warn(`[screenshot] nobody took ${name}.png (not run by code-shim.mjs?)`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
