/**
 * CSV encoding of columnar batches: UTF-8, comma separated, LF line ends, a header row of the
 * column names and RFC 4180 quoting only where a value needs it (a comma, quote, CR or LF).
 * Null cells are empty.
 *
 * Rows are encoded straight into one large buffer — digits of integers, `12.99` cents, a cached
 * `YYYY-MM-DD ` prefix per day plus the shared `HH:MM:SS` table for timestamps, enum values and
 * id prefixes encoded once per table — so no string is built per row. The output is
 * byte-identical to joining `Batch.text` of every cell with RFC 4180 quoting.
 *
 * Values outside a column's domain (fractional or out-of-range timestamps and dates, cents that
 * are not safe integers, negative or fractional ids, unknown enum or bool codes) throw a
 * `RangeError` naming the table, column and row.
 *
 * @example
 * import { Batch, Table } from "@retail-datagen/core"
 * import { Csv } from "@retail-datagen/sinks"
 * const T = Table.make("t", { ID: Table.id("T", 3), Price: Table.cents })
 * const b = Batch.builder(T)
 * b.num("ID").push(7); b.num("Price").push(-5)
 * Csv.encode(T, [b.finish()]).toString() // "ID,Price\nT007,-0.05\n"
 */
import { type Batch, Table } from "@retail-datagen/core"
import { collect, DEFAULT_CHUNK_SIZE } from "./internal/Chunked.js"
import {
  BOOL,
  badValue,
  CENTS,
  DATE,
  ENUM,
  FLOAT,
  ID,
  INT,
  isDay,
  isTimestamp,
  STRING,
  TIMESTAMP,
  type Views
} from "./internal/Columns.js"
import { writeCents, writeFixed, writeInt, writeUint, writeUintPadded } from "./internal/Digits.js"
import { csvField, csvNeedsQuotes, utf8, writeBytes, writeCsvString } from "./internal/Text.js"
import { TextEncoder } from "./internal/TextEncoder.js"

export interface Options {
  /** Write the header row first (default `true`). */
  readonly header?: boolean
  /** Size of the chunks handed out by `write` (default 1 MiB). */
  readonly chunkSize?: number
}

const TRUE = utf8("true")
const FALSE = utf8("false")
const EMPTY = new Uint8Array(0)
const QUOTE = utf8('"')

/** The header row of a table: its column names, quoted where needed, and LF. */
export const header = (table: Table.Table): string =>
  `${table.columns.map((c) => csvField(c.name)).join(",")}\n`

/**
 * Encodes batches of one table. Feed batches with `write` (a generator of full chunks), then
 * take the rest with `end`.
 *
 * @example
 * const enc = new Csv.Encoder(Receipts)
 * for (const batch of batches) for (const chunk of enc.write(batch)) await fh.write(chunk)
 * await fh.write(enc.end())
 */
export class Encoder extends TextEncoder {
  private readonly idOpen: Array<Uint8Array>
  private readonly idClose: Array<Uint8Array>
  private readonly enumBytes: Array<Array<Uint8Array>>

  constructor(table: Table.Table, options: Options = {}) {
    super(table, options.chunkSize ?? DEFAULT_CHUNK_SIZE, 3)
    const cols = table.columns
    this.idOpen = cols.map((c) => {
      if (c.type.kind !== "id") return EMPTY
      const p = c.type.prefix
      return utf8(csvNeedsQuotes(p) ? `"${p.replace(/"/g, '""')}` : p)
    })
    this.idClose = cols.map((c) => (c.type.kind === "id" && csvNeedsQuotes(c.type.prefix) ? QUOTE : EMPTY))
    this.enumBytes = cols.map((c) =>
      c.type.kind === "enum" ? c.type.values.map((s) => utf8(csvField(s))) : []
    )
    // A separator or LF after each cell, plus the LF of a row without columns.
    this.plan(
      { nullLength: 0, dateQuotes: 0, stringFactor: 3, stringExtra: 2, rowOverhead: cols.length + 1 },
      this.idOpen,
      this.enumBytes
    )
    if (options.header ?? true) this.put(Buffer.from(header(table), "utf8"))
  }

  /** Encodes rows `row … end - 1`, which fit the buffer. */
  protected encodeRows(v: Views, row: number, end: number): void {
    const buf = this.buf
    const kinds = this.kinds
    const nc = kinds.length
    const { f64, u16, str } = v
    const clock = this.clock
    const lastDay = this.lastDay
    const dayText = this.dayText
    let pos = this.pos
    for (; row < end; row++) {
      for (let c = 0; c < nc; c++) {
        if (c > 0) buf[pos++] = 44
        switch (kinds[c]) {
          case INT: {
            const x = f64[c]![row]!
            if (Number.isSafeInteger(x)) pos = writeInt(buf, pos, x)
            else if (!Number.isNaN(x)) pos += buf.write(`${x}`, pos, "latin1")
            break
          }
          case CENTS: {
            const x = f64[c]![row]!
            if (Number.isSafeInteger(x)) pos = writeCents(buf, pos, x)
            else if (!Number.isNaN(x)) throw badValue(this.table, c, row, x, "an integer number of cents")
            break
          }
          case FLOAT: {
            const x = f64[c]![row]!
            if (Number.isNaN(x)) break
            const d = this.decimals[c]!
            const e = writeFixed(buf, pos, x, d)
            pos = e >= 0 ? e : pos + buf.write(x.toFixed(d), pos, "latin1")
            break
          }
          case TIMESTAMP: {
            const x = f64[c]![row]!
            if (!isTimestamp(x)) {
              if (Number.isNaN(x)) break
              throw badValue(this.table, c, row, x, "a timestamp in whole seconds")
            }
            const day = Math.floor(x / 86400)
            pos = writeBytes(buf, pos, day === lastDay[c] ? dayText[c]! : this.dayOf(c, day, " "))
            const o = (x - day * 86400) * 8
            for (let i = 0; i < 8; i++) buf[pos + i] = clock[o + i]!
            pos += 8
            break
          }
          case DATE: {
            const x = f64[c]![row]!
            if (!isDay(x)) {
              if (Number.isNaN(x)) break
              throw badValue(this.table, c, row, x, "an integer epoch day")
            }
            pos = writeBytes(buf, pos, x === lastDay[c] ? dayText[c]! : this.dayOf(c, x, ""))
            break
          }
          case BOOL: {
            const x = u16[c]![row]!
            if (x === Table.NULL_CODE) break
            if (x > 1) throw badValue(this.table, c, row, x, "a bool code (0, 1 or NULL_CODE)")
            pos = writeBytes(buf, pos, x === 1 ? TRUE : FALSE)
            break
          }
          case ID: {
            const x = f64[c]![row]!
            if (!(Number.isSafeInteger(x) && x >= 0)) {
              if (Number.isNaN(x)) break
              throw badValue(this.table, c, row, x, "a non-negative integer id")
            }
            pos = writeBytes(buf, pos, this.idOpen[c]!)
            const w = this.widths[c]!
            pos = w > 0 ? writeUintPadded(buf, pos, x, w) : writeUint(buf, pos, x)
            pos = writeBytes(buf, pos, this.idClose[c]!)
            break
          }
          case ENUM: {
            const x = u16[c]![row]!
            if (x === Table.NULL_CODE) break
            const values = this.enumBytes[c]!
            if (x >= values.length)
              throw badValue(this.table, c, row, x, `a code of ${values.length} enum values`)
            pos = writeBytes(buf, pos, values[x]!)
            break
          }
          case STRING: {
            const s = str[c]![row]!
            if (s.length > 0) pos = writeCsvString(buf, pos, s)
            break
          }
        }
      }
      buf[pos++] = 10
    }
    this.pos = pos
  }
}

/** A new encoder of a table (the header row is already buffered unless `header: false`). */
export const encoder = (table: Table.Table, options?: Options): Encoder => new Encoder(table, options)

/**
 * The whole CSV text of some batches as one buffer (header included unless `header: false`).
 * Holds everything in memory: for files use `Partition.writeFile`.
 */
export const encode = (table: Table.Table, batches: Iterable<Batch.Batch>, options?: Options): Buffer =>
  collect(new Encoder(table, options), batches)
