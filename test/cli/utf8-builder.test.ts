// Utf8Builder: what `rebound parse` prints, encoded a line at a time, is the same bytes as the
// whole text encoded at once, whatever characters the lines hold and however far the buffer grows.
import { describe, expect, it } from 'vitest';
import { Utf8Builder } from '../../src/cli/utf8-builder.js';

describe('Utf8Builder', () => {
  it('gives the bytes of the whole text, across growth, non-ASCII, astral characters and lone surrogates', () => {
    const pieces = ['{"a":"plain"}\n', 'Grüße, 日本語\n', '🎉 two units each 🎉\n', '\ud800 lone\n', '', 'x'.repeat(70_000) + '\n', 'é'.repeat(30_000)];
    const b = new Utf8Builder(16);
    for (const p of pieces) b.add(p);
    const got = b.take();
    expect(Buffer.from(got).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(got.byteLength).toBe(Buffer.byteLength(pieces.join('')));
  });

  it('starts empty again after take, and what it took is not overwritten', () => {
    const b = new Utf8Builder(8);
    b.add('first ünïcode');
    const first = b.take();
    expect(b.take().byteLength).toBe(0);
    b.add('second');
    const second = b.take();
    expect(Buffer.from(first).toString('utf8')).toBe('first ünïcode');
    expect(Buffer.from(second).toString('utf8')).toBe('second');
  });

  it('gives bytes that can be moved to another thread (not a view of the shared pool), empty ones too, again and again', () => {
    const b = new Utf8Builder();
    b.add('moved');
    const bytes = b.take();
    const { port1, port2 } = new MessageChannel();
    try {
      port1.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
      expect(bytes.byteLength).toBe(0); // detached: it moved
      // a batch that prints nothing (--unknown): each time a buffer of its own to move
      for (let i = 0; i < 3; i++) {
        const none = b.take();
        expect(none.byteLength).toBe(0);
        port1.postMessage(none, [none.buffer as ArrayBuffer]);
      }
      b.add('after');
      expect(Buffer.from(b.take()).toString()).toBe('after');
    } finally {
      port1.close();
      port2.close();
    }
  });
});
