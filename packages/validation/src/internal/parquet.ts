/**
 * Reading one Parquet file into chunks. `ParquetTable.plan` checks the file's schema (as DuckDB
 * describes it) against the contract — every contract column present, in order, of an accepted
 * type — and returns the SELECT list that streams the columns the checks read, decoded as far as
 * possible inside DuckDB (off the JS thread, without making strings): numeric kinds as DOUBLE
 * (null → NaN); a key of the form prefix + digits as the DOUBLE of its digits and an enum value as
 * the DOUBLE of its index, each with a VARCHAR fallback that is non-null only for the other rows
 * (a zero-padded or free-text key, an unknown or null value), decoded in JS exactly as the CSV
 * reader decodes the cell. `read` turns each 2,048-row DuckDB chunk into `Chunk`s, with the
 * 1-based row index in the file as the line. Bad values are `format` findings, never throws.
 *
 * Accepted physical types (what the sinks package writes first):
 *
 * | kind | types |
 * |---|---|
 * | int | BIGINT or any other integer type |
 * | num | DOUBLE, FLOAT, DECIMAL, integers |
 * | cents | DECIMAL(18,2) (any precision, scale 2) |
 * | ts | TIMESTAMP (also _S, _MS, _NS; not WITH TIME ZONE: contract times are local) |
 * | date | DATE |
 * | bool | BOOLEAN |
 * | hour | BIGINT or any integer type (whole hours), or VARCHAR (`H`, `HH`, `HH:MM`) |
 * | key, enum | VARCHAR (or a DuckDB ENUM) |
 * | text | anything (not read) |
 * | str | anything, read as text (plugin tables' string columns) |
 */
import type { DuckDBDataChunk, DuckDBVector } from "@duckdb/node-api"
import { Timestamp } from "@retail-datagen/core"
import { Chunk } from "./chunk.js"
import { CellDecoder, domain } from "./decoder.js"
import { ident } from "./duck.js"
import type { Findings } from "./findings.js"
import { headerOrder, missingColumns } from "./readers.js"
import type { ColSpec, Kind, TableSpec } from "./spec.js"

/** A column as DuckDB describes it: name and type (`BIGINT`, `DECIMAL(18,2)`, …). */
export interface Column {
  readonly name: string
  readonly type: string
}

const INTEGER = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/
const isInteger = (t: string): boolean => INTEGER.test(t)
const isText = (t: string): boolean => t === "VARCHAR" || t.startsWith("ENUM(")

/** Whether a column of `kind` may be stored as `type`. */
export const accepts = (kind: Kind, type: string): boolean => {
  switch (kind) {
    case "int":
      return isInteger(type)
    case "num":
      return type === "DOUBLE" || type === "FLOAT" || type.startsWith("DECIMAL(") || isInteger(type)
    case "cents":
      return /^DECIMAL\(\d+,2\)$/.test(type)
    case "ts":
      return /^TIMESTAMP(_S|_MS|_NS)?$/.test(type)
    case "date":
      return type === "DATE"
    case "bool":
      return type === "BOOLEAN"
    case "hour":
      return isInteger(type) || type === "VARCHAR"
    case "key":
    case "enum":
      return isText(type)
    case "text":
    case "str":
      return true
  }
}

/** The type the sinks write for a kind (named in findings). */
export const EXPECTED: Readonly<Record<Kind, string>> = {
  int: "BIGINT",
  num: "DOUBLE",
  cents: "DECIMAL(18,2)",
  ts: "TIMESTAMP",
  date: "DATE",
  bool: "BOOLEAN",
  hour: "BIGINT",
  key: "VARCHAR",
  enum: "VARCHAR",
  text: "any type",
  str: "VARCHAR"
}

// How a read column is decoded.
const INT = 1
const NUM = 2
const CENTS = 3
const TS = 4
const DATE = 5
const BOOL = 6
const HOUR = 7
/** Text only (an hour as VARCHAR). */
const TEXT = 8
/** A number, or the text when it is NaN: a key (whose text is then "") and an enum. */
const KEY = 9
const ENUM = 10

const MODE: Readonly<Record<Exclude<Kind, "text" | "str" | "key" | "enum">, number>> = {
  int: INT,
  num: NUM,
  cents: CENTS,
  ts: TS,
  date: DATE,
  bool: BOOL,
  hour: HOUR
}

const MAX_INT = 1e15
/** Below 10^15 cents the DOUBLE of a DECIMAL(…,2) rounds back to the exact cent. */
const MAX_CENTS = 1e15

const NAN = "'NaN'::DOUBLE"
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|]/g

/**
 * The SELECT expressions of a read column: `num` (DOUBLE) and `text` (VARCHAR), either may be
 * absent, and its decoding mode.
 */
const reader = (col: ColSpec, type: string): { num?: string; text?: string; mode: number } => {
  const x = ident(col.name)
  const str = `CAST(${x} AS VARCHAR)`
  if (col.kind === "hour" && type === "VARCHAR") return { text: `coalesce(${x}, '')`, mode: TEXT }
  if (col.kind === "str") return { text: `coalesce(${str}, '')`, mode: TEXT }
  if (col.kind === "key") {
    // the numeric form `keyNumber` gives: prefix + 1–15 digits without a leading zero
    const p = col.prefix
    const match = `regexp_full_match(${str}, '${p.replace(REGEX_SPECIAL, "\\$&")}(0|[1-9][0-9]{0,14})')`
    return {
      num: `CASE WHEN ${match} THEN CAST(${str}[${p.length + 1}:] AS DOUBLE) ELSE ${NAN} END`,
      text: `CASE WHEN ${match} THEN NULL ELSE coalesce(${str}, '') END`,
      mode: KEY
    }
  }
  if (col.kind === "enum") {
    const list = `[${col.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")}]`
    const at = `list_position(${list}, ${str})`
    return {
      num: `coalesce(CAST(${at} - 1 AS DOUBLE), ${NAN})`,
      text: `CASE WHEN ${at} IS NULL THEN coalesce(${str}, '') END`,
      mode: ENUM
    }
  }
  const mode = MODE[col.kind as keyof typeof MODE]
  const value =
    mode === TS
      ? `epoch(${x})`
      : mode === DATE
        ? `CAST(${x} - DATE '1970-01-01' AS DOUBLE)`
        : `CAST(${x} AS DOUBLE)`
  return { num: `coalesce(${value}, ${NAN})`, mode }
}

export class ParquetTable {
  private readonly decoder: CellDecoder
  private readonly chunk: Chunk
  /** Spec column index of each read (selected) column, and how it is decoded. */
  private cols = new Int32Array(0)
  private modes = new Uint8Array(0)
  /** Result column of each read column's number and text (-1 = none). */
  private numAt = new Int32Array(0)
  private textAt = new Int32Array(0)
  private width = 0
  /** Data rows read (decoded or not); the last one's index is its line. */
  rows = 0

  constructor(
    readonly spec: TableSpec,
    readonly source: number,
    private readonly format: Findings,
    private readonly emit: (chunk: Chunk) => void,
    capacity = 4096
  ) {
    this.decoder = new CellDecoder(spec)
    this.chunk = new Chunk(spec, capacity)
    this.chunk.source = source
  }

  /**
   * Checks the schema and returns the SELECT list to stream, or undefined when the file is
   * skipped (a missing or repeated contract column, or one of an unexpected type). A wrong
   * order is a finding but the data are read by name; an extra column of an unexpected type is
   * a finding and is not read.
   */
  plan(columns: ReadonlyArray<Column>): string | undefined {
    const table = this.spec.name
    const names = columns.map((c) => c.name)
    const skip = (why: string): undefined => {
      this.format.add(table, this.source, 0, `${why}; file skipped`)
      return undefined
    }
    const missing = missingColumns(this.spec, names)
    if (missing.length > 0)
      return skip(`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`)
    const dup = names.find((n, i) => names.indexOf(n) !== i)
    if (dup !== undefined) return skip(`column ${dup} appears twice`)
    const order = headerOrder(this.spec, names)
    if (order !== "") this.format.add(table, this.source, 0, order)
    const wrong: Array<string> = []
    const cols: Array<number> = []
    const modes: Array<number> = []
    const numAt: Array<number> = []
    const textAt: Array<number> = []
    const sql: Array<string> = []
    this.spec.columns.forEach((col, i) => {
      const at = names.indexOf(col.name)
      this.chunk.has[i] = at >= 0
      if (at < 0 || col.kind === "text") return
      const type = columns[at]!.type
      if (!accepts(col.kind, type)) {
        this.chunk.has[i] = false
        const what = `${col.name} is ${type}, expected ${EXPECTED[col.kind]}`
        if (col.extra) this.format.add(table, this.source, 0, `column ${what}; column not read`)
        else wrong.push(what)
        return
      }
      const r = reader(col, type)
      cols.push(i)
      modes.push(r.mode)
      numAt.push(r.num === undefined ? -1 : sql.push(r.num) - 1)
      textAt.push(r.text === undefined ? -1 : sql.push(r.text) - 1)
    })
    if (wrong.length > 0) return skip(`column${wrong.length > 1 ? "s" : ""} ${wrong.join("; ")}`)
    this.cols = Int32Array.from(cols)
    this.modes = Uint8Array.from(modes)
    this.numAt = Int32Array.from(numAt)
    this.textAt = Int32Array.from(textAt)
    this.width = sql.length
    return sql.length > 0 ? sql.join(", ") : "1"
  }

  /** Decodes the rows of one DuckDB result chunk (its columns as `plan` selected them). */
  read(data: DuckDBDataChunk): void {
    const n = data.rowCount
    const reads = this.cols.length
    const vectors: Array<DuckDBVector> = []
    for (let j = 0; j < this.width; j++) vectors.push(data.getColumnVector(j))
    const table = this.spec.name
    const chunk = this.chunk
    const { cols, modes, numAt, textAt } = this
    for (let r = 0; r < n; r++) {
      const line = ++this.rows
      this.format.rows++
      const row = chunk.length
      let why = ""
      for (let j = 0; j < reads && why === ""; j++) {
        const c = cols[j]!
        const mode = modes[j]!
        if (mode === TEXT) {
          why = this.decoder.put(chunk, c, row, vectors[textAt[j]!]!.getItem(r) as string)
          continue
        }
        const v = vectors[numAt[j]!]!.getItem(r) as number
        if (mode < KEY) why = this.number(c, mode, row, v)
        else if (Number.isNaN(v))
          why = this.decoder.put(chunk, c, row, vectors[textAt[j]!]!.getItem(r) as string)
        else {
          if (mode === KEY) chunk.str[c]![row] = ""
          why = this.decoder.value(chunk, c, row, v)
        }
      }
      if (why === "") why = domain(chunk, row)
      if (why !== "") {
        this.format.add(table, this.source, line, why)
        continue
      }
      chunk.line[row] = line
      chunk.length = row + 1
      if (chunk.length === chunk.capacity) this.flush()
    }
  }

  /** Emits the rows decoded so far. Call at the end of the file. */
  flush(): void {
    if (this.chunk.length > 0) this.emit(this.chunk)
    this.chunk.length = 0
  }

  /** Stores a DOUBLE-read value (NaN = null) in its column's unit; "" or the reason it is bad. */
  private number(col: number, mode: number, row: number, x: number): string {
    if (Number.isNaN(x)) return this.decoder.value(this.chunk, col, row, x)
    const name = this.spec.columns[col]!.name
    let v = x
    switch (mode) {
      case INT:
        if (!(Math.abs(x) < MAX_INT)) return `${name}: ${x} has more than 15 digits`
        break
      case NUM:
        if (!Number.isFinite(x)) return `${name}: ${x} is not a finite number`
        break
      case CENTS:
        v = Math.round(x * 100)
        if (!(Math.abs(v) < MAX_CENTS)) return `${name}: ${x} is out of range`
        break
      case TS:
        if (!Number.isInteger(x)) {
          const s = Math.floor(x)
          return `${name}: ${Timestamp.format(s)} and ${(x - s).toFixed(6).slice(1)} s is not a whole second`
        }
        break
      case HOUR:
        if (!(Number.isInteger(x) && x >= 0 && x <= 24))
          return `${name}: ${x} is not an hour of the day (0–24)`
        v = x * 3600
        break
    }
    return this.decoder.value(this.chunk, col, row, v)
  }
}
