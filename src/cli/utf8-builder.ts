// Text encoded to UTF-8 a piece at a time, into one buffer that grows. `rebound parse` encodes each
// rendered line as it comes: encoding their concatenation costs several times as much, because a
// concatenation holding one non-ASCII character is flattened into a two-byte string before it is
// encoded (7 MB of `parse --json` output: 62 ms as 64 KB concatenations, 2–15 ms line by line).

export class Utf8Builder {
  private buf = Buffer.alloc(0);
  private used = 0;

  constructor(private readonly initialBytes = 64 * 1024) {}

  add(text: string): void {
    // a UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4)
    const worst = text.length * 3;
    if (this.used + worst > this.buf.length) {
      // not from Node's shared pool: the bytes may be transferred to another thread
      const next = Buffer.allocUnsafeSlow(Math.max(this.initialBytes, this.buf.length * 2, this.used + worst));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.used += this.buf.write(text, this.used);
  }

  /**
   * What was added, as bytes of their own (a buffer no one else holds, even when nothing was added:
   * they may be moved to another thread, which leaves their buffer unusable here); the builder
   * starts empty again.
   */
  take(): Uint8Array {
    const out = this.used ? this.buf.subarray(0, this.used) : new Uint8Array(0);
    this.buf = Buffer.alloc(0);
    this.used = 0;
    return out;
  }
}
