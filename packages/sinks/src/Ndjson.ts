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
import { utf8, writeBytes, writeJsonString } from "./internal/Text.js"
import { TextEncoder } from "./internal/TextEncoder.js"

export interface Options {
  /** Size of the chunks handed out by `write` (default 1 MiB). */
  readonly chunkSize?: number
}

const TRUE = utf8("true")
const FALSE = utf8("false")
const NULL = utf8("null")
const EMPTY = new Uint8Array(0)

/**
 * Encodes batches of one table as NDJSON. Feed batches with `write` (a generator of full
 * chunks), then take the rest with `end`.
 */
export class Encoder extends TextEncoder {
  private readonly keys: Array<Uint8Array>
  private readonly idOpen: Array<Uint8Array>
  private readonly enumBytes: Array<Array<Uint8Array>>

  constructor(table: Table.Table, options: Options = {}) {
    super(table, options.chunkSize ?? DEFAULT_CHUNK_SIZE, 6)
    const cols = table.columns
    this.keys = cols.map((c, i) => utf8(`${i === 0 ? "{" : ","}${JSON.stringify(c.name)}:`))
    this.idOpen = cols.map((c) =>
      c.type.kind === "id" ? utf8(JSON.stringify(c.type.prefix).slice(0, -1)) : EMPTY
    )
    this.enumBytes = cols.map((c) =>
      c.type.kind === "enum" ? c.type.values.map((s) => utf8(JSON.stringify(s))) : []
    )
    // `{` (only written without columns), `}` and LF, then each key and value.
    this.plan(
      {
        nullLength: 4,
        dateQuotes: 2,
        stringFactor: 6,
        stringExtra: 2,
        rowOverhead: this.keys.reduce((sum, k) => sum + k.length, 3)
      },
      this.idOpen,
      this.enumBytes
    )
  }

  /** Encodes rows `row … end - 1`, which fit the buffer. */
  protected encodeRows(v: Views, row: number, end: number): void {
    const buf = this.buf
    const kinds = this.kinds
    const keys = this.keys
    const nc = kinds.length
    const { f64, u16, str } = v
    const clock = this.clock
    const lastDay = this.lastDay
    const dayText = this.dayText
    let pos = this.pos
    for (; row < end; row++) {
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
            if (Number.isSafeInteger(x)) pos = writeCents(buf, pos, x)
            else if (Number.isNaN(x)) pos = writeBytes(buf, pos, NULL)
            else throw badValue(this.table, c, row, x, "an integer number of cents")
            break
          }
          case FLOAT: {
            const x = f64[c]![row]!
            if (!Number.isFinite(x)) {
              pos = writeBytes(buf, pos, NULL)
              break
            }
            const d = this.decimals[c]!
            const e = writeFixed(buf, pos, x, d)
            pos = e >= 0 ? e : pos + buf.write(x.toFixed(d), pos, "latin1")
            break
          }
          case TIMESTAMP: {
            const x = f64[c]![row]!
            if (!isTimestamp(x)) {
              if (!Number.isNaN(x)) throw badValue(this.table, c, row, x, "a timestamp in whole seconds")
              pos = writeBytes(buf, pos, NULL)
              break
            }
            const day = Math.floor(x / 86400)
            buf[pos++] = 34
            pos = writeBytes(buf, pos, day === lastDay[c] ? dayText[c]! : this.dayOf(c, day, " "))
            const o = (x - day * 86400) * 8
            for (let i = 0; i < 8; i++) buf[pos + i] = clock[o + i]!
            pos += 8
            buf[pos++] = 34
            break
          }
          case DATE: {
            const x = f64[c]![row]!
            if (!isDay(x)) {
              if (!Number.isNaN(x)) throw badValue(this.table, c, row, x, "an integer epoch day")
              pos = writeBytes(buf, pos, NULL)
              break
            }
            buf[pos++] = 34
            pos = writeBytes(buf, pos, x === lastDay[c] ? dayText[c]! : this.dayOf(c, x, ""))
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
            if (!(Number.isSafeInteger(x) && x >= 0)) {
              if (!Number.isNaN(x)) throw badValue(this.table, c, row, x, "a non-negative integer id")
              pos = writeBytes(buf, pos, NULL)
              break
            }
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
  }
}

/** A new NDJSON encoder of a table. */
export const encoder = (table: Table.Table, options?: Options): Encoder => new Encoder(table, options)

/** The whole NDJSON text of some batches as one buffer (for tests and small outputs). */
export const encode = (table: Table.Table, batches: Iterable<Batch.Batch>, options?: Options): Buffer =>
  collect(new Encoder(table, options), batches)
