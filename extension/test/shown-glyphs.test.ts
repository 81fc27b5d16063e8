// What the extension shows has no status glyph characters ("⏸", "✓", "✗", "●"…: an empty box in some
// fonts): the tree and hovers use codicons, the history webview inline SVG icons. Every state has an icon.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ICON_SHAPES, STATE_ICONS } from '../src/webview/svg-icons';

const GLYPHS = /[\u2022\u2190-\u2193\u21bb\u21ba\u2298\u23e9-\u23fa\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff]/u;
// Arrows in running text (→ ←) are in every font the workbench uses; the ones above are not.
const ALLOWED = new Set(['\u2190', '\u2192']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('status glyphs', function () {
  it('no string the extension shows holds a status glyph character (comments aside)', function () {
    const found: string[] = [];
    for (const file of sourceFiles(path.join(__dirname, '../src'))) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const code = text
            .replace(/\/\/.*$/, '')
            .replace(/^\s*\*.*$/, '')
            .replace(/\/\*.*?\*\//g, '');
          for (const ch of code) if (GLYPHS.test(ch) && !ALLOWED.has(ch)) found.push(`${path.relative(__dirname, file)}:${i + 1} ${ch}`);
        });
    }
    assert.deepEqual(found, []);
  });

  it('every run and step state has an icon the history webview can draw', function () {
    for (const [state, name] of Object.entries(STATE_ICONS)) assert.ok(ICON_SHAPES[name].length > 0, `${state}: ${name}`);
  });
});
