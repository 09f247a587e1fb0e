/**
 * NDJSON (JSON Lines) encoding of columnar batches: one JSON object per row and LF after each,
 * keys = the column names in table order, every key present.
 *
 * Values by column kind:
 * - `int`, `float`: JSON numbers (`float` with its fixed decimals, e.g. `1.50`);
 * - `cents`: a JSON number with exactly two decimals (`12.99`, `-0.05`, `3.00`) — the same
 *   digits as the CSV, so decimal-aware readers get the exact amount;
 * - `timestamp` (`"YYYY-MM-DD HH:MM:SS"`), `date` (`"YYYY-MM-DD"`), `id` (`"RCP…"`), `enum`
 *   and `string`: JSON strings;
 * - `bool`: `true` / `false`;
 * - null (NaN, `NULL_CODE`, `""`): `null`, and so are non-finite numbers, as in `JSON.stringify`.
 *
 * Values outside a column's domain throw a `RangeError` as in `Csv`.
 *
 * @example
 * import { Batch, Table } from "@retail-datagen/core"
 * import { Ndjson } from "@retail-datagen/sinks"
 * const T = Table.make("t", { ID: Table.id("T", 3), Price: Table.cents })
 * const b = Batch.builder(T)
 * b.num("ID").push(7); b.num("Price").push(1299)
 * Ndjson.encode(T, [b.finish()]).toString() // '{"ID":"T007","Price":12.99}\n'
 */
import { type Batch, Table, Timestamp } from "@retail-datagen/core"
import {
  BOOL,
  badValue,
  CENTS,
  DATE,
  dayBytes,
  ENUM,
  FLOAT,
  ID,
  INT,
  isDay,
  isTimestamp,
  kinds,
  MAX_DATE_LENGTH,
  STRING,
  TIMESTAMP,
  type Views
} from "./internal/Columns.js"
import { ChunkedEncoder, collect, DEFAULT_CHUNK_SIZE } from "./internal/Chunked.js"
import { writeCents, writeFixed, writeInt, writeUint, writeUintPadded } from "./internal/Digits.js"
import { writeBytes, writeJsonString } from "./internal/Text.js"

export interface Options {
  /** Size of the chunks handed out by `write` (default 1 MiB). */
  readonly chunkSize?: number
}

const TRUE = Buffer.from("true")
const FALSE = Buffer.from("false")
const NULL = Buffer.from("null")
const EMPTY = new Uint8Array(0)

/**
 * Encodes batches of one table as NDJSON. Feed batches with `write` (a generator of full
 * chunks), then take the rest with `end`.
 */
export class Encoder extends ChunkedEncoder {
  private readonly kinds: Int32Array
  private readonly keys: Array<Uint8Array>
  private readonly decimals: Int32Array
  private readonly widths: Int32Array
  private readonly idOpen: Array<Uint8Array>
  private readonly enumBytes: Array<Array<Uint8Array>>
  private readonly stringCols: Int32Array
  private readonly fixedBound: number
  private readonly lastDay: Float64Array
  private readonly dayPrefix: Array<Uint8Array>
  private readonly clock: Uint8Array

  constructor(table: Table.Table, options: Options = {}) {
    super(table, options.chunkSize ?? DEFAULT_CHUNK_SIZE)
    const cols = table.columns
    this.kinds = kinds(table)
    this.keys = cols.map((c, i) => Buffer.from(`${i === 0 ? "{" : ","}${JSON.stringify(c.name)}:`, "utf8"))
    this.decimals = Int32Array.from(cols, (c) => (c.type.kind === "float" ? c.type.decimals : 0))
    this.widths = Int32Array.from(cols, (c) => (c.type.kind === "id" ? c.type.width : 0))
    this.idOpen = cols.map((c) =>
      c.type.kind === "id" ? Buffer.from(JSON.stringify(c.type.prefix).slice(0, -1), "utf8") : EMPTY
    )
    this.enumBytes = cols.map((c) =>
      c.type.kind === "enum" ? c.type.values.map((s) => Buffer.from(JSON.stringify(s), "utf8")) : []
    )
    this.stringCols = Int32Array.from(cols.flatMap((c, i) => (c.type.kind === "string" ? [i] : [])))
    // `{` (only written without columns), `}` and LF, then each key and value.
    this.fixedBound =
      3 +
      cols.reduce((sum, c, i) => {
        const t = c.type
        const k =
          t.kind === "float"
            ? 26 + t.decimals
            : t.kind === "timestamp"
              ? MAX_DATE_LENGTH + 11
              : t.kind === "date"
                ? MAX_DATE_LENGTH + 2
                : t.kind === "bool"
                  ? 5
                  : t.kind === "id"
                    ? this.idOpen[i]!.length + 1 + Math.max(t.width, 16)
                    : t.kind === "enum"
                      ? this.enumBytes[i]!.reduce((m, b) => Math.max(m, b.length), 4)
                      : t.kind === "string"
                        ? 4
                        : 26
        return sum + this.keys[i]!.length + k
      }, 0)
    this.lastDay = new Float64Array(cols.length).fill(Number.NaN)
    this.dayPrefix = cols.map(() => EMPTY)
    this.clock = Timestamp.clockTable()
  }

  protected rowBound(v: Views, row: number): number {
    let need = this.fixedBound
    const sc = this.stringCols
    for (let k = 0; k < sc.length; k++) need += 6 * v.str[sc[k]!]![row]!.length
    return need
  }

  protected fill(v: Views, n: number, row: number): number {
    const buf = this.buf
    const cap = buf.length
    const kinds = this.kinds
    const keys = this.keys
    const nc = kinds.length
    const { f64, u16, str } = v
    const clock = this.clock
    let pos = this.pos
    for (; row < n; row++) {
      if (pos + this.rowBound(v, row) > cap) break
      if (nc === 0) buf[pos++] = 123
      for (let c = 0; c < nc; c++) {
        pos = writeBytes(buf, pos, keys[c]!)
        switch (kinds[c]) {
          case INT: {
            const x = f64[c]![row]!
            if (Number.isSafeInteger(x)) pos = writeInt(buf, pos, x)
            else if (Number.isFinite(x)) pos += buf.write(`${x}`, pos, "latin1")
            else pos = writeBytes(buf, pos, NULL)
            break
          }
          case CENTS: {
            const x = f64[c]![row]!
            if (Number.isNaN(x)) pos = writeBytes(buf, pos, NULL)
            else if (!Number.isSafeInteger(x))
              throw badValue(this.table, c, row, x, "an integer number of cents")
            else pos = writeCents(buf, pos, x)
            break
          }
          case FLOAT: {
            const x = f64[c]![row]!
            if (!Number.isFinite(x)) {
              pos = writeBytes(buf, pos, NULL)
              break
            }
            const d = this.decimals[c]!
            const end = writeFixed(buf, pos, x, d)
            pos = end >= 0 ? end : pos + buf.write(x.toFixed(d), pos, "latin1")
            break
          }
          case TIMESTAMP: {
            const x = f64[c]![row]!
            if (Number.isNaN(x)) {
              pos = writeBytes(buf, pos, NULL)
              break
            }
            if (!isTimestamp(x)) throw badValue(this.table, c, row, x, "a timestamp in whole seconds")
            const day = Math.floor(x / 86400)
            if (day !== this.lastDay[c]) {
              this.lastDay[c] = day
              this.dayPrefix[c] = dayBytes(day, " ")
            }
            buf[pos++] = 34
            pos = writeBytes(buf, pos, this.dayPrefix[c]!)
            const o = (x - day * 86400) * 8
            for (let i = 0; i < 8; i++) buf[pos + i] = clock[o + i]!
            pos += 8
            buf[pos++] = 34
            break
          }
          case DATE: {
            const x = f64[c]![row]!
            if (Number.isNaN(x)) {
              pos = writeBytes(buf, pos, NULL)
              break
            }
            if (!isDay(x)) throw badValue(this.table, c, row, x, "an integer epoch day")
            if (x !== this.lastDay[c]) {
              this.lastDay[c] = x
              this.dayPrefix[c] = dayBytes(x, "")
            }
            buf[pos++] = 34
            pos = writeBytes(buf, pos, this.dayPrefix[c]!)
            buf[pos++] = 34
            break
          }
          case BOOL: {
            const x = u16[c]![row]!
            if (x === Table.NULL_CODE) pos = writeBytes(buf, pos, NULL)
            else if (x > 1) throw badValue(this.table, c, row, x, "a bool code (0, 1 or NULL_CODE)")
            else pos = writeBytes(buf, pos, x === 1 ? TRUE : FALSE)
            break
          }
          case ID: {
            const x = f64[c]![row]!
            if (Number.isNaN(x)) {
              pos = writeBytes(buf, pos, NULL)
              break
            }
            if (!(Number.isSafeInteger(x) && x >= 0))
              throw badValue(this.table, c, row, x, "a non-negative integer id")
            pos = writeBytes(buf, pos, this.idOpen[c]!)
            const w = this.widths[c]!
            pos = w > 0 ? writeUintPadded(buf, pos, x, w) : writeUint(buf, pos, x)
            buf[pos++] = 34
            break
          }
          case ENUM: {
            const x = u16[c]![row]!
            if (x === Table.NULL_CODE) {
              pos = writeBytes(buf, pos, NULL)
              break
            }
            const values = this.enumBytes[c]!
            if (x >= values.length)
              throw badValue(this.table, c, row, x, `a code of ${values.length} enum values`)
            pos = writeBytes(buf, pos, values[x]!)
            break
          }
          case STRING: {
            const s = str[c]![row]!
            pos = s.length > 0 ? writeJsonString(buf, pos, s) : writeBytes(buf, pos, NULL)
            break
          }
        }
      }
      buf[pos++] = 125
      buf[pos++] = 10
    }
    this.pos = pos
    return row
  }
}

/** A new NDJSON encoder of a table. */
export const encoder = (table: Table.Table, options?: Options): Encoder => new Encoder(table, options)

/** The whole NDJSON text of some batches as one buffer (for tests and small outputs). */
export const encode = (table: Table.Table, batches: Iterable<Batch.Batch>, options?: Options): Buffer =>
  collect(new Encoder(table, options), batches)
