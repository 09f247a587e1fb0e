/**
 * The buffer machinery shared by the text encoders: rows are encoded straight into one large
 * `Buffer`; when the next row may not fit, the filled part is handed out as a chunk and encoding
 * goes on in a second buffer, so a writer can have one chunk in flight while the next is
 * encoded (double buffering).
 */
import type { Batch, Table } from "@retail-datagen/core"
import { type Views, views } from "./Columns.js"

/** Default size of the chunks handed to the writer: 1 MiB. */
export const DEFAULT_CHUNK_SIZE = 1 << 20

export abstract class ChunkedEncoder {
  readonly table: Table.Table
  protected buf: Buffer
  protected pos = 0
  private spare: Buffer
  private readonly chunkSize: number
  private bytes = 0
  private rowCount = 0

  constructor(table: Table.Table, chunkSize: number) {
    if (!(Number.isInteger(chunkSize) && chunkSize >= 256)) {
      throw new RangeError(`chunk size must be an integer of at least 256 bytes, got ${chunkSize}`)
    }
    this.table = table
    this.chunkSize = chunkSize
    this.buf = Buffer.allocUnsafe(chunkSize)
    this.spare = Buffer.allocUnsafe(chunkSize)
  }

  /** Encodes rows from `row` on while each fits the buffer; returns the first row not written. */
  protected abstract fill(v: Views, n: number, row: number): number

  /** An upper bound of the encoded size of `row`. */
  protected abstract rowBound(v: Views, row: number): number

  /** Bytes handed out so far (including the chunk being filled once `end` returns it). */
  get byteCount(): number {
    return this.bytes
  }

  /** Rows encoded so far. */
  get rows(): number {
    return this.rowCount
  }

  /** Appends raw bytes (a header or prologue) to the buffer. */
  protected put(bytes: Uint8Array): void {
    if (this.pos + bytes.length > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes.length))
      this.buf.copy(next, 0, 0, this.pos)
      this.buf = next
    }
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  /**
   * Encodes a batch, yielding each chunk as soon as it is full. A chunk is a view of one of the
   * encoder's two buffers: it stays intact while the next chunk is encoded and is overwritten
   * once the consumer asks for the chunk after that — so write the previous chunk while the
   * next one is being encoded, or copy chunks to keep them. Rows that do not fill a chunk stay
   * buffered for the next batch or for `end`. Chunks are at most the chunk size, except one
   * holding a row whose size bound exceeds it.
   */
  *write(batch: Batch.Batch): Generator<Uint8Array, void, undefined> {
    const v = views(this.table, batch)
    const n = batch.length
    let row = 0
    while (row < n) {
      row = this.fill(v, n, row)
      if (row < n) {
        if (this.pos > 0) yield this.take()
        const need = this.rowBound(v, row)
        if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need)
      }
    }
    this.rowCount += n
  }

  /**
   * The bytes still buffered (possibly empty), as a chunk like those of `write`; the encoder can
   * go on with further batches.
   */
  end(): Uint8Array {
    return this.take()
  }

  private take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos)
    this.bytes += this.pos
    this.pos = 0
    const handed = this.buf
    this.buf = this.spare
    // A buffer grown for one huge row is not kept: the spare goes back to the chunk size.
    this.spare = handed.length > this.chunkSize ? Buffer.allocUnsafe(this.chunkSize) : handed
    return out
  }
}

/** Runs an encoder over batches and returns one copied buffer (for tests and small outputs). */
export const collect = (encoder: ChunkedEncoder, batches: Iterable<Batch.Batch>): Buffer => {
  const parts: Array<Buffer> = []
  for (const batch of batches) for (const chunk of encoder.write(batch)) parts.push(Buffer.from(chunk))
  parts.push(Buffer.from(encoder.end()))
  return Buffer.concat(parts)
}
