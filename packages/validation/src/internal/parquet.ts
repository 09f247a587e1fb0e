/**
 * Reading one Parquet file into chunks. `ParquetTable.plan` checks the file's schema (as DuckDB
 * describes it) against the contract — every contract column present, in order, of an accepted
 * type — and returns the SELECT list that streams the columns the checks read: numeric kinds as
 * DOUBLE (null → NaN), keys, enums and text-typed hours as VARCHAR (null → ""). `rows` then
 * decodes each 2,048-row DuckDB chunk into `Chunk`s exactly as the CSV reader does, with the
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
  text: "any type"
}

// How a read column is decoded.
const INT = 1
const NUM = 2
const CENTS = 3
const TS = 4
const DATE = 5
const BOOL = 6
const HOUR = 7
const TEXT = 8

const MODE: Readonly<Record<Exclude<Kind, "text" | "key" | "enum">, number>> = {
  int: INT,
  num: NUM,
  cents: CENTS,
  ts: TS,
  date: DATE,
  bool: BOOL,
  hour: HOUR
}

const MAX_INT = 1e15
const MAX_CENTS = 2 ** 53

/** The SELECT expression of a read column and its decoding mode. */
const reader = (col: ColSpec, type: string): { sql: string; mode: number } => {
  const x = ident(col.name)
  if (col.kind === "key" || col.kind === "enum" || (col.kind === "hour" && type === "VARCHAR"))
    return { sql: `coalesce(CAST(${x} AS VARCHAR), '')`, mode: TEXT }
  const mode = MODE[col.kind as keyof typeof MODE]
  const value =
    mode === TS
      ? `epoch(${x})`
      : mode === DATE
        ? `CAST(${x} - DATE '1970-01-01' AS DOUBLE)`
        : `CAST(${x} AS DOUBLE)`
  return { sql: `coalesce(${value}, 'NaN'::DOUBLE)`, mode }
}

export class ParquetTable {
  private readonly decoder: CellDecoder
  private readonly chunk: Chunk
  /** Spec column index of each read (selected) column, and how it is decoded. */
  private cols = new Int32Array(0)
  private modes = new Uint8Array(0)
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
      sql.push(r.sql)
    })
    if (wrong.length > 0) return skip(`column${wrong.length > 1 ? "s" : ""} ${wrong.join("; ")}`)
    this.cols = Int32Array.from(cols)
    this.modes = Uint8Array.from(modes)
    return sql.length > 0 ? sql.join(", ") : "1"
  }

  /** Decodes the rows of one DuckDB result chunk (its columns as `plan` selected them). */
  read(data: DuckDBDataChunk): void {
    const n = data.rowCount
    const reads = this.cols.length
    const vectors: Array<DuckDBVector> = []
    for (let j = 0; j < reads; j++) vectors.push(data.getColumnVector(j))
    const table = this.spec.name
    const chunk = this.chunk
    for (let r = 0; r < n; r++) {
      const line = ++this.rows
      this.format.rows++
      const row = chunk.length
      let why = ""
      for (let j = 0; j < reads && why === ""; j++) {
        const c = this.cols[j]!
        const v = vectors[j]!.getItem(r)
        why =
          this.modes[j] === TEXT
            ? this.decoder.put(chunk, c, row, v as string)
            : this.number(c, this.modes[j]!, row, v as number)
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
