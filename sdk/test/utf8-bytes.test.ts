// Sizes on the wire count UTF-8 bytes, in Node and in workflow code (counted by hand there), and frames
// are packed by bytes, so that no frame the SDK sends is over the server's limit.
import assert from 'node:assert/strict';
import { countUtf8Bytes, packFrames, utf8Bytes } from '@rewind/sdk/protocol';

describe('UTF-8 sizes', function () {
  const samples = ['', 'plain ascii', 'é à ü', '€ and 漢字', '😀 emoji 🚀', 'mixed ñ€😀x'.repeat(1000)];

  it('counts by hand what Node counts', function () {
    for (const s of samples) assert.equal(countUtf8Bytes(s), Buffer.byteLength(s, 'utf8'), JSON.stringify(s.slice(0, 20)));
    assert.equal(utf8Bytes('€'), 3);
  });

  it('packs frames by bytes, not characters', function () {
    const euro = JSON.stringify('€'.repeat(30)); // 32 characters, 92 bytes
    const frames = packFrames([euro, euro, euro], 200);
    assert.equal(frames.length, 2, 'three 92-byte messages do not fit in one 200-byte frame');
    for (const f of frames) assert.ok(utf8Bytes(f) <= 200, `${utf8Bytes(f)} bytes`);
  });
});
