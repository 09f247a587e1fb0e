/**
 * The inverse of the CSV encoder: one file's bytes back into the columns the encoder took. A byte
 * loop per field; numbers, cents, timestamps, dates, ids and bools are decoded from the bytes
 * without building a string, enum values are matched against their encoded bytes, and only
 * string columns (and the rare quoted field) allocate.
 *
 * Only what the encoder writes is accepted: LF line ends, RFC 4180 quotes only around values that
 * hold a comma, quote, CR or LF, empty = null. Anything else throws a `Malformed` naming the line
 * and column.
 */
import { type Batch, Calendar, Table } from "@retail-datagen/core"
import { BOOL, CENTS, DATE, ENUM, FLOAT, ID, INT, kinds, STRING, TIMESTAMP } from "./Columns.js"
import { csvField } from "./Text.js"

/** A value or line that the CSV encoder cannot have written. */
export class Malformed extends Error {
  constructor(
    readonly line: number,
    readonly column: string | undefined,
    readonly detail: string
  ) {
    super(`line ${line}${column === undefined ? "" : `, column ${column}`}: ${detail}`)
  }
}

const COMMA = 44
const LF = 10
const QUOTE = 34
const MINUS = 45
const DOT = 46

const isDigit = (b: number): boolean => b >= 48 && b <= 57

/** Storage for one column while reading; sized to an upper bound of the row count. */
type Sink = Float64Array | Uint16Array | Array<string>

/** Empty output columns for at most `bound` rows of `cols`, as the writers take them. */
export const sinksFor = (cols: ReadonlyArray<Table.Column>, bound: number): Array<Sink> =>
  cols.map((c) =>
    Table.isNumeric(c.type.kind)
      ? new Float64Array(bound)
      : c.type.kind === "string"
        ? new Array<string>(bound)
        : new Uint16Array(bound)
  )

/** Lines after `from` (an upper bound of the rows). */
export const linesAfter = (bytes: Buffer, from: number): number => {
  let n = 0
  for (let p = bytes.indexOf(LF, from); p >= 0; p = bytes.indexOf(LF, p + 1)) n++
  return n
}

export class Reader {
  private readonly buf: Buffer
  private readonly table: Table.Table
  private readonly kinds: Int32Array
  private readonly prefixes: Array<Uint8Array>
  private readonly enumBytes: Array<Array<Uint8Array>>
  private readonly enumText: Array<Map<string, number>>
  private readonly decimals: Int32Array
  private readonly lastDayBytes: Array<Uint8Array>
  private readonly lastDay: Float64Array
  pos = 0
  line = 1
  col = 0

  constructor(table: Table.Table, buf: Buffer) {
    this.buf = buf
    this.table = table
    const cols = table.columns
    this.kinds = kinds(table)
    this.prefixes = cols.map((c) => Buffer.from(c.type.kind === "id" ? c.type.prefix : "", "utf8"))
    this.enumBytes = cols.map((c) =>
      c.type.kind === "enum" ? c.type.values.map((v) => Buffer.from(v, "utf8")) : []
    )
    this.enumText = cols.map(
      (c) => new Map(c.type.kind === "enum" ? c.type.values.map((v, i) => [v, i]) : [])
    )
    this.decimals = Int32Array.from(cols, (c) => (c.type.kind === "float" ? c.type.decimals : 0))
    this.lastDayBytes = cols.map(() => new Uint8Array(10))
    this.lastDay = new Float64Array(cols.length).fill(Number.NaN)
  }

  fail(detail: string): never {
    throw new Malformed(this.line, this.table.columns[this.col]?.name, detail)
  }

  private text(s: number, e: number): string {
    return this.buf.toString("utf8", s, e)
  }

  /** Reads a quoted field starting at `pos` (on the opening quote); returns its value. */
  quoted(): string {
    const buf = this.buf
    const n = buf.length
    let p = this.pos + 1
    let start = p
    let out = ""
    for (;;) {
      if (p >= n) this.fail("a quoted value is not closed before the end of the file")
      const b = buf[p]!
      if (b === QUOTE) {
        if (buf[p + 1] === QUOTE) {
          out += this.text(start, p + 1)
          p += 2
          start = p
          continue
        }
        out += this.text(start, p)
        this.pos = p + 1
        return out
      }
      if (b === LF) this.line++
      p++
    }
  }

  /** The end of the unquoted field starting at `pos`: the next comma or LF (or the end). */
  fieldEnd(): number {
    const buf = this.buf
    const n = buf.length
    let p = this.pos
    while (p < n) {
      const b = buf[p]!
      if (b === COMMA || b === LF) return p
      if (b === QUOTE) this.fail("a quote inside an unquoted value")
      p++
    }
    return p
  }

  /** An unsigned integer of the digits `[s, e)`, exact up to 2^53. */
  digits(s: number, e: number, what: string): number {
    const buf = this.buf
    if (s >= e) this.fail(`"${this.text(s, e)}" is not ${what}`)
    let v = 0
    for (let p = s; p < e; p++) {
      const b = buf[p]!
      if (!isDigit(b)) this.fail(`"${this.text(s, e)}" is not ${what}`)
      v = v * 10 + (b - 48)
    }
    if (!Number.isSafeInteger(v)) this.fail(`"${this.text(s, e)}" is beyond the safe integers`)
    return v
  }

  /** A number written as `${x}` (the encoder's fallback for unsafe ints and `toFixed`). */
  numberText(s: string): number {
    const v = s.trim() === s && s !== "" ? Number(s) : Number.NaN
    if (Number.isNaN(v)) this.fail(`"${s}" is not a number`)
    return v
  }

  int(s: number, e: number): number {
    const buf = this.buf
    const neg = buf[s] === MINUS
    const from = neg ? s + 1 : s
    if (e - from > 0 && e - from <= 15) {
      let v = 0
      let ok = true
      for (let p = from; p < e; p++) {
        const b = buf[p]!
        if (!isDigit(b)) {
          ok = false
          break
        }
        v = v * 10 + (b - 48)
      }
      if (ok) return neg ? -v : v
    }
    return this.numberText(buf.toString("latin1", s, e))
  }

  cents(s: number, e: number): number {
    const buf = this.buf
    const neg = buf[s] === MINUS
    const from = neg ? s + 1 : s
    if (e - from < 4 || buf[e - 3] !== DOT) this.fail(`"${this.text(s, e)}" is not an amount like 12.99`)
    const whole = this.digits(from, e - 3, "an amount like 12.99")
    const frac = this.digits(e - 2, e, "an amount like 12.99")
    const c = whole * 100 + frac
    if (!Number.isSafeInteger(c)) this.fail(`"${this.text(s, e)}" is beyond the safe integers of cents`)
    return neg ? -c : c
  }

  float(s: number, e: number, decimals: number): number {
    const t = this.buf.toString("latin1", s, e)
    const v = this.numberText(t)
    // `toFixed` writes "-0.00" for a negative value that rounds to zero; keep it negative.
    if (v === 0 && t.charCodeAt(0) === MINUS) return -(10 ** -(decimals + 1))
    return v
  }

  /** The epoch day of the `YYYY-MM-DD` at `s` (cached per column: files hold few days). */
  day(s: number, c: number): number {
    const buf = this.buf
    const last = this.lastDayBytes[c]!
    if (!Number.isNaN(this.lastDay[c]!)) {
      let same = true
      for (let i = 0; i < 10; i++)
        if (buf[s + i] !== last[i]) {
          same = false
          break
        }
      if (same) return this.lastDay[c]!
    }
    if (buf[s + 4] !== MINUS || buf[s + 7] !== MINUS) this.fail(`"${this.text(s, s + 10)}" is not a date`)
    const y = this.digits(s, s + 4, "a date")
    const m = this.digits(s + 5, s + 7, "a date")
    const d = this.digits(s + 8, s + 10, "a date")
    if (m < 1 || m > 12 || d < 1 || d > Calendar.daysInMonth(y, m))
      this.fail(`"${this.text(s, s + 10)}" is not a real date`)
    const day = Calendar.fromYmd(y, m, d)
    this.lastDay[c] = day
    for (let i = 0; i < 10; i++) last[i] = buf[s + i]!
    return day
  }

  timestamp(s: number, e: number, c: number): number {
    const buf = this.buf
    if (e - s !== 19 || buf[s + 10] !== 32 || buf[s + 13] !== 58 || buf[s + 16] !== 58)
      this.fail(`"${this.text(s, e)}" is not a timestamp YYYY-MM-DD HH:MM:SS`)
    const day = this.day(s, c)
    const h = this.digits(s + 11, s + 13, "a timestamp")
    const mi = this.digits(s + 14, s + 16, "a timestamp")
    const se = this.digits(s + 17, s + 19, "a timestamp")
    if (h > 23 || mi > 59 || se > 59) this.fail(`"${this.text(s, e)}" has an impossible time of day`)
    return day * 86400 + h * 3600 + mi * 60 + se
  }

  date(s: number, e: number, c: number): number {
    if (e - s !== 10) this.fail(`"${this.text(s, e)}" is not a date YYYY-MM-DD`)
    return this.day(s, c)
  }

  bool(s: number, e: number): number {
    const buf = this.buf
    if (e - s === 4 && buf[s] === 116 && buf[s + 1] === 114 && buf[s + 2] === 117 && buf[s + 3] === 101)
      return 1
    if (
      e - s === 5 &&
      buf[s] === 102 &&
      buf[s + 1] === 97 &&
      buf[s + 2] === 108 &&
      buf[s + 3] === 115 &&
      buf[s + 4] === 101
    )
      return 0
    return this.fail(`"${this.text(s, e)}" is not true or false`)
  }

  id(s: number, e: number, c: number): number {
    const buf = this.buf
    const prefix = this.prefixes[c]!
    const k = prefix.length
    let ok = e - s > k
    for (let i = 0; ok && i < k; i++) if (buf[s + i] !== prefix[i]) ok = false
    if (!ok) this.fail(`"${this.text(s, e)}" is not an id ${JSON.stringify(this.prefixString(c))} + digits`)
    return this.digits(s + k, e, "an id")
  }

  private prefixString(c: number): string {
    const t = this.table.columns[c]!.type
    return t.kind === "id" ? t.prefix : ""
  }

  enumCode(s: number, e: number, c: number): number {
    const buf = this.buf
    const values = this.enumBytes[c]!
    const len = e - s
    for (let v = 0; v < values.length; v++) {
      const bytes = values[v]!
      if (bytes.length !== len) continue
      let same = true
      for (let i = 0; i < len; i++)
        if (buf[s + i] !== bytes[i]) {
          same = false
          break
        }
      if (same) return v
    }
    return this.fail(`"${this.text(s, e)}" is not one of the column's values`)
  }

  /** The value of a quoted field (only ids, enums and strings are ever quoted). */
  fromQuoted(text: string, c: number): number | string {
    switch (this.kinds[c]) {
      case STRING:
        return text
      case ENUM: {
        const code = this.enumText[c]!.get(text)
        return code === undefined ? this.fail(`"${text}" is not one of the column's values`) : code
      }
      case ID: {
        const b = Buffer.from(text, "utf8")
        const r = new Reader(this.table, b)
        r.line = this.line
        r.col = c
        return r.id(0, b.length, c)
      }
      default:
        return this.fail(`a quoted value in a ${this.table.columns[c]!.type.kind} column`)
    }
  }

  /** Decodes the unquoted field `[s, e)` of column `c` into `sink` at `row`. */
  put(sink: Sink, c: number, row: number, s: number, e: number): void {
    const kind = this.kinds[c]!
    if (kind === STRING) {
      ;(sink as Array<string>)[row] = s === e ? "" : this.text(s, e)
      return
    }
    if (kind === BOOL || kind === ENUM) {
      ;(sink as Uint16Array)[row] =
        s === e ? Table.NULL_CODE : kind === BOOL ? this.bool(s, e) : this.enumCode(s, e, c)
      return
    }
    const out = sink as Float64Array
    if (s === e) {
      out[row] = Number.NaN
      return
    }
    switch (kind) {
      case INT:
        out[row] = this.int(s, e)
        return
      case CENTS:
        out[row] = this.cents(s, e)
        return
      case FLOAT:
        out[row] = this.float(s, e, this.decimals[c]!)
        return
      case TIMESTAMP:
        out[row] = this.timestamp(s, e, c)
        return
      case DATE:
        out[row] = this.date(s, e, c)
        return
      default:
        out[row] = this.id(s, e, c)
    }
  }
}

/** The batch of `table` held by the CSV `bytes` (header included); throws a `Malformed`. */
export const decode = (table: Table.Table, bytes: Buffer): Batch.Batch => {
  const cols = table.columns
  const nc = cols.length
  const header = Buffer.from(`${cols.map((c) => csvField(c.name)).join(",")}\n`, "utf8")
  if (bytes.length < header.length || !bytes.subarray(0, header.length).equals(header)) {
    const lf = bytes.indexOf(LF)
    const found = bytes.toString("utf8", 0, lf < 0 ? Math.min(bytes.length, 200) : lf)
    throw new Malformed(
      1,
      undefined,
      `the header is "${found}", expected "${header.toString("utf8").trimEnd()}"`
    )
  }
  // Upper bound of the rows: the LFs after the header.
  const bound = linesAfter(bytes, header.length)
  const sinks = sinksFor(cols, bound)
  const r = new Reader(table, bytes)
  r.pos = header.length
  r.line = 2
  const n = bytes.length
  let rows = 0
  if (nc === 0) {
    rows = bound
    if (n > header.length && bytes[n - 1] !== LF)
      throw new Malformed(rows + 2, undefined, "the last line has no LF")
  }
  while (nc > 0 && r.pos < n) {
    const row = rows
    const rowLine = r.line
    for (let c = 0; c < nc; c++) {
      r.col = c
      if (bytes[r.pos] === QUOTE) {
        const value = r.fromQuoted(r.quoted(), c)
        const sink = sinks[c]!
        if (typeof value === "string") (sink as Array<string>)[row] = value
        else if (sink instanceof Uint16Array) sink[row] = value
        else (sink as Float64Array)[row] = value
      } else {
        const s = r.pos
        const e = r.fieldEnd()
        r.put(sinks[c]!, c, row, s, e)
        r.pos = e
      }
      const sep = bytes[r.pos]
      if (c < nc - 1) {
        if (sep !== COMMA)
          r.fail(
            sep === LF || sep === undefined
              ? `the line has ${c + 1} values, expected ${nc}`
              : "a value continues after its closing quote"
          )
      } else if (sep !== LF) {
        r.fail(
          sep === COMMA
            ? `the line has more than ${nc} values`
            : sep === undefined
              ? "the last line has no LF"
              : "a value continues after its closing quote"
        )
      }
      r.pos++
    }
    r.line++
    rows++
    if (rows > bound) throw new Malformed(rowLine, undefined, "more rows than lines")
  }
  const columns = sinks.map((s) =>
    s instanceof Float64Array || s instanceof Uint16Array
      ? rows === bound
        ? s
        : s.slice(0, rows)
      : rows === bound
        ? s
        : s.slice(0, rows)
  )
  return { table, length: rows, columns }
}
