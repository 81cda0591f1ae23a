const CHUNK_CHARS = 1 << 18;

/**
 * A large text body built a piece at a time into buffers of about 256 KiB, so that neither a string
 * of the whole body nor an array of all its pieces is ever held (a 100,000-file link's download list
 * is some 50 MB): at most the buffers and, once, their concatenation.
 */
export class TextChunks {
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  add(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) this.flush();
  }

  /** The whole body; the builder is empty afterwards. */
  take(): Buffer {
    this.flush();
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bytes);
    this.chunks.length = 0;
    this.bytes = 0;
    return body;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(""), "utf8");
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.pending = [];
    this.pendingChars = 0;
  }
}
