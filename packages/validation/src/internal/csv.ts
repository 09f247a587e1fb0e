/**
 * A streaming RFC 4180 CSV parser over byte chunks: comma separator, LF record ends, fields
 * quoted with `"` and `""` as an escaped quote (quoted fields may span lines). It keeps only the
 * incomplete tail record between chunks, so memory is bounded by the chunk size plus the longest
 * record. Records are handed to a callback as field spans; `field(i)` decodes one field on demand.
 */

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

export interface RecordSink {
  /** Called once per record; `p.error` is set when the record is malformed. Return false to stop. */
  record(p: CsvParser): boolean
}

export class CsvParser {
  /** Number of fields of the current record. */
  count = 0
  /** 1-based line on which the current record starts. */
  line = 1
  /** Why the current record is malformed, or "". */
  error = ""
  /** Set when the sink asked to stop. */
  stopped = false

  private buf: Buffer = Buffer.alloc(0)
  private starts = new Int32Array(32)
  private ends = new Int32Array(32)
  /** 1 = quoted, 2 = quoted with escaped quotes. */
  private quoted = new Uint8Array(32)
  private pending: Buffer | undefined
  private nextLine = 1
  private first = true

  constructor(private readonly sink: RecordSink) {}

  /** Feeds the next chunk of bytes. */
  push(chunk: Buffer): void {
    if (this.stopped) return
    let buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk])
    if (this.first && buf.length >= 3) {
      this.first = false
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3)
    }
    this.pending = undefined
    this.parse(buf, false)
  }

  /** Ends the input, emitting a final record that has no trailing LF. */
  end(): void {
    if (this.stopped) return
    const buf = this.pending
    this.pending = undefined
    if (buf !== undefined && buf.length > 0) this.parse(buf, true)
  }

  /** Text of field `i` of the current record. */
  field(i: number): string {
    const q = this.quoted[i]!
    const s = this.buf.toString("utf8", this.starts[i]!, this.ends[i]!)
    return q === 2 ? s.replaceAll('""', '"') : s
  }

  private addField(start: number, end: number, quoted: number): void {
    const k = this.count
    if (k === this.starts.length) {
      const n = k * 2
      const s = new Int32Array(n)
      s.set(this.starts)
      this.starts = s
      const e = new Int32Array(n)
      e.set(this.ends)
      this.ends = e
      const q = new Uint8Array(n)
      q.set(this.quoted)
      this.quoted = q
    }
    this.starts[k] = start
    this.ends[k] = end
    this.quoted[k] = quoted
    this.count = k + 1
  }

  private parse(buf: Buffer, final: boolean): void {
    this.buf = buf
    const len = buf.length
    let p = 0
    while (p < len) {
      const recStart = p
      const more = this.record(buf, p, final)
      if (more < 0) {
        this.pending = Buffer.from(buf.subarray(recStart))
        return
      }
      p = more
      this.line = this.nextLine
      this.nextLine += this.lines
      if (!this.sink.record(this)) {
        this.stopped = true
        return
      }
    }
  }

  /** LFs consumed by the last record. */
  private lines = 0

  /** Parses one record at `p`; returns the position after it, or -1 when it is incomplete. */
  private record(buf: Buffer, p: number, final: boolean): number {
    const len = buf.length
    const recStart = p
    let lines = 0
    this.count = 0
    this.error = ""
    for (;;) {
      if (p < len && buf[p] === QUOTE) {
        let q = p + 1
        let esc = 1
        while (q < len) {
          const c = buf[q]!
          if (c === QUOTE) {
            if (q + 1 < len && buf[q + 1] === QUOTE) {
              esc = 2
              q += 2
              continue
            }
            if (q + 1 >= len && !final) return -1
            break
          }
          if (c === LF) lines++
          q++
        }
        if (q >= len) {
          if (!final) return -1
          this.error = "unterminated quoted field"
          this.addField(p + 1, len, esc)
          p = len
        } else {
          this.addField(p + 1, q, esc)
          p = q + 1
          if (p < len && buf[p] !== COMMA && buf[p] !== LF) {
            this.error = "text after a closing quote"
            while (p < len && buf[p] !== COMMA && buf[p] !== LF) p++
          }
        }
      } else {
        let q = p
        while (q < len) {
          const c = buf[q]!
          if (c === COMMA || c === LF) break
          if (c === QUOTE && this.error === "") this.error = "quote inside an unquoted field"
          q++
        }
        if (q >= len && !final) return -1
        this.addField(p, q, 0)
        p = q
      }
      if (p >= len) {
        if (!final) return -1
        break
      }
      if (buf[p] === COMMA) {
        p++
        if (p >= len) {
          if (!final) return -1
          this.addField(p, p, 0)
          break
        }
        continue
      }
      if (p > recStart && buf[p - 1] === CR && this.error === "") this.error = "CR before LF (CRLF line ends)"
      p++
      lines++
      break
    }
    this.lines = lines
    return p
  }
}
