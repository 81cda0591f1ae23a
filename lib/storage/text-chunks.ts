const FIRST_CAPACITY = 1 << 20;
const PENDING_LIMIT = 1 << 16;

/**
 * A large text body built a piece at a time straight into one growing buffer (UTF-8), so that no
 * string of the whole body, no array of its pieces and no concatenation of chunks is ever made (a
 * 100,000-file link's download list is some 50 MB); pieces are gathered into strings of about 64 K
 * characters first, since a write into the buffer per piece costs more than the piece. The buffer doubles when a piece may not fit;
 * `take()` hands out the written part without copying it.
 */
export class TextChunks {
  private buffer = Buffer.allocUnsafe(FIRST_CAPACITY);
  private length = 0;
  /** Small pieces gathered before they are written: one copy into the buffer per PENDING_LIMIT characters, not one per piece. */
  private pending = "";

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= PENDING_LIMIT) this.flush();
  }

  private flush(): void {
    const text = this.pending;
    this.pending = "";
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const worst = this.length + text.length * 3;
    if (worst > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, worst));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length, "utf8");
  }

  /** The whole body; the builder is empty afterwards. */
  take(): Buffer {
    this.flush();
    const body = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(0);
    this.length = 0;
    return body;
  }
}
