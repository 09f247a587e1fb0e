/**
 * The set-up the text encoders (CSV, NDJSON) share on top of `ChunkedEncoder`: per-column kind
 * codes, float decimals, id widths and string columns as typed arrays; a per-column cache of the
 * current day's `YYYY-MM-DD` bytes (timestamps and dates of a partition repeat one day); the
 * shared `HH:MM:SS` table; and the row size bound (fixed bytes plus a factor per string code
 * unit) from which `fill` finds how many rows fit the buffer.
 */
import { type Table, Timestamp } from "@retail-datagen/core"
import { ChunkedEncoder } from "./Chunked.js"
import { dayBytes, kinds, MAX_DATE_LENGTH, type Views } from "./Columns.js"

/** How a text format spells what the shared bound needs to know. */
export interface Dialect {
  /** Bytes of a null cell (`""` in CSV, `null` in JSON). */
  readonly nullLength: number
  /** Bytes of the quotes around timestamp and date text (0 in CSV, 2 in JSON). */
  readonly dateQuotes: number
  /** Most bytes one UTF-16 code unit of a string cell can take, escapes included. */
  readonly stringFactor: number
  /** Most bytes of an empty-text string cell beyond `stringFactor` per code unit (quotes). */
  readonly stringExtra: number
  /** Bytes of each row outside its cells: separators, keys, brackets, LF. */
  readonly rowOverhead: number
}

export abstract class TextEncoder extends ChunkedEncoder {
  protected readonly kinds: Int32Array
  protected readonly decimals: Int32Array
  protected readonly widths: Int32Array
  /** `HH:MM:SS` of every second of a day, 8 bytes each (`Timestamp.clockTable`). */
  protected readonly clock: Uint8Array
  private readonly stringCols: Int32Array
  private readonly stringFactor: number
  /** Per column: the day whose text `dayText` holds (read inline in `fill`; set by `dayOf`). */
  protected readonly lastDay: Float64Array
  protected readonly dayText: Array<Uint8Array>
  private fixedBound = 0

  constructor(table: Table.Table, chunkSize: number, stringFactor: number) {
    super(table, chunkSize)
    const cols = table.columns
    this.kinds = kinds(table)
    this.decimals = Int32Array.from(cols, (c) => (c.type.kind === "float" ? c.type.decimals : 0))
    this.widths = Int32Array.from(cols, (c) => (c.type.kind === "id" ? c.type.width : 0))
    this.stringCols = Int32Array.from(cols.flatMap((c, i) => (c.type.kind === "string" ? [i] : [])))
    this.stringFactor = stringFactor
    this.lastDay = new Float64Array(cols.length).fill(Number.NaN)
    this.dayText = cols.map(() => new Uint8Array(0))
    this.clock = Timestamp.clockTable()
  }

  /**
   * Sets the row bound from the dialect and, per column, the bytes of its id prefix (as the
   * format writes it) and of its longest enum value; call once from the subclass constructor.
   */
  protected plan(
    dialect: Dialect,
    idOpen: ReadonlyArray<Uint8Array>,
    enumBytes: ReadonlyArray<ReadonlyArray<Uint8Array>>
  ): void {
    this.fixedBound = this.table.columns.reduce((sum, c, i) => {
      const t = c.type
      const text =
        t.kind === "float"
          ? 26 + t.decimals
          : t.kind === "timestamp"
            ? MAX_DATE_LENGTH + 9 + dialect.dateQuotes
            : t.kind === "date"
              ? MAX_DATE_LENGTH + dialect.dateQuotes
              : t.kind === "bool"
                ? 5
                : t.kind === "id"
                  ? idOpen[i]!.length + 1 + Math.max(t.width, 16)
                  : t.kind === "enum"
                    ? enumBytes[i]!.reduce((m, b) => Math.max(m, b.length), 0)
                    : t.kind === "string"
                      ? dialect.stringExtra
                      : 26
      return sum + Math.max(text, dialect.nullLength)
    }, dialect.rowOverhead)
  }

  /**
   * The bytes of `YYYY-MM-DD` + `suffix` of `day` for column `c`, cached while the day repeats
   * (hot loops test `day === lastDay[c]` and take `dayText[c]` themselves).
   */
  protected dayOf(c: number, day: number, suffix: string): Uint8Array {
    if (day !== this.lastDay[c]) {
      this.lastDay[c] = day
      this.dayText[c] = dayBytes(day, suffix)
    }
    return this.dayText[c]!
  }

  protected rowBound(v: Views, row: number): number {
    let need = this.fixedBound
    const sc = this.stringCols
    for (let k = 0; k < sc.length; k++) need += this.stringFactor * v.str[sc[k]!]![row]!.length
    return need
  }

  /**
   * The end of the rows from `row` (below `n`) that surely fit in `room` bytes: computed at once
   * for a table without string columns, row by row otherwise.
   */
  protected fitting(v: Views, row: number, n: number, room: number): number {
    if (this.stringCols.length === 0)
      return Math.min(n, row + Math.max(0, Math.floor(room / this.fixedBound)))
    let end = row
    while (end < n) {
      const need = this.rowBound(v, end)
      if (need > room) break
      room -= need
      end++
    }
    return end
  }

  /** Encodes as many rows from `row` as fit, chunk by chunk; returns the first row not encoded. */
  protected fill(v: Views, n: number, row: number): number {
    for (;;) {
      const end = this.fitting(v, row, n, this.buf.length - this.pos)
      if (end === row) return row
      this.encodeRows(v, row, end)
      row = end
    }
  }

  /** Encodes rows `row … end - 1`, which fit the buffer. */
  protected abstract encodeRows(v: Views, row: number, end: number): void
}
