/**
 * Columnar batches: the unit plugins produce and sinks consume. One typed array (or string
 * array) per column, aligned by row. Builders grow by doubling and are reused across days, so a
 * hot loop appends with one method call per value and no per-row objects.
 *
 * @example
 * import { Batch, Table } from "@retail-datagen/core"
 * const T = Table.make("t", { ID: Table.int, Name: Table.string })
 * const b = Batch.builder(T)
 * const id = b.num("ID"), name = b.str("Name")
 * id.push(1); name.push("a")
 * const batch = b.finish() // { table: T, length: 1, columns: [...] }
 */
import * as Calendar from "./Calendar.js"
import * as Ids from "./Ids.js"
import * as Money from "./Money.js"
import * as Table from "./Table.js"
import * as Timestamp from "./Timestamp.js"

export type ColumnData = Float64Array | Uint16Array | ReadonlyArray<string>

export interface Batch {
  readonly table: Table.Table
  readonly length: number
  /** Aligned with `table.columns`. */
  readonly columns: ReadonlyArray<ColumnData>
}

/** Appends numbers (int, cents, float, timestamp, date, id columns). */
export class NumColumn {
  data: Float64Array
  length = 0
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity)
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow()
    this.data[this.length++] = v
  }
  private grow(): void {
    const next = new Float64Array(this.data.length * 2)
    next.set(this.data)
    this.data = next
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length)
  }
}

/** Appends small codes (enum indices, booleans as 0/1). */
export class CodeColumn {
  data: Uint16Array
  length = 0
  constructor(capacity = 1024) {
    this.data = new Uint16Array(capacity)
  }
  push(code: number): void {
    if (this.length === this.data.length) this.grow()
    this.data[this.length++] = code
  }
  private grow(): void {
    const next = new Uint16Array(this.data.length * 2)
    next.set(this.data)
    this.data = next
  }
  view(): Uint16Array {
    return this.data.subarray(0, this.length)
  }
}

/** Appends strings (`""` = null). */
export class StrColumn {
  data: Array<string> = []
  get length(): number {
    return this.data.length
  }
  push(s: string): void {
    this.data.push(s)
  }
  view(): ReadonlyArray<string> {
    return this.data
  }
}

type AnyColumn = NumColumn | CodeColumn | StrColumn

/** Builds a batch of one table; keep it across days and call `reset` after each `finish`. */
export class Builder {
  readonly table: Table.Table
  private readonly cols: Array<AnyColumn>

  constructor(table: Table.Table, capacity = 1024) {
    this.table = table
    this.cols = table.columns.map((c) =>
      Table.isNumeric(c.type.kind)
        ? new NumColumn(capacity)
        : c.type.kind === "string"
          ? new StrColumn()
          : new CodeColumn(capacity)
    )
  }

  private col(name: string, expected: string): AnyColumn {
    const i = Table.indexOf(this.table, name)
    const kind = this.table.columns[i]!.type.kind
    const ok = expected === "num" ? Table.isNumeric(kind) : expected === "str" ? kind === "string" : !Table.isNumeric(kind) && kind !== "string"
    if (!ok) throw new TypeError(`column ${this.table.name}.${name} is ${kind}, not a ${expected} column`)
    return this.cols[i]!
  }

  /** The appender of a numeric column (int, cents, float, timestamp, date, id). */
  num(name: string): NumColumn {
    return this.col(name, "num") as NumColumn
  }
  /** The appender of an enum or bool column (push the value's index, or 0/1). */
  code(name: string): CodeColumn {
    return this.col(name, "code") as CodeColumn
  }
  /** The appender of a string column. */
  str(name: string): StrColumn {
    return this.col(name, "str") as StrColumn
  }

  get length(): number {
    return this.cols.length === 0 ? 0 : this.cols[0]!.length
  }

  /** The rows appended so far as a batch (views, valid until `reset`). Checks column lengths. */
  finish(): Batch {
    const length = this.length
    this.cols.forEach((c, i) => {
      if (c.length !== length) {
        throw new Error(
          `batch ${this.table.name}: column ${this.table.columns[i]!.name} has ${c.length} values, expected ${length}`
        )
      }
    })
    return { table: this.table, length, columns: this.cols.map((c) => c.view()) }
  }

  /** Empties the builder, keeping its capacity. */
  reset(): void {
    for (const c of this.cols) {
      if (c instanceof StrColumn) c.data = []
      else c.length = 0
    }
  }
}

export const builder = (table: Table.Table, capacity?: number): Builder => new Builder(table, capacity)

/** An empty batch of a table. */
export const empty = (table: Table.Table): Batch => new Builder(table, 1).finish()

/** A plain value of one cell, as rows and tests see it. */
export type Cell = string | number | boolean | null

/** The cell at (row, column) in its plain form (enum/bool decoded, null for missing). */
export const cell = (batch: Batch, row: number, column: number): Cell => {
  const type = batch.table.columns[column]!.type
  const data = batch.columns[column]!
  switch (type.kind) {
    case "string": {
      const s = (data as ReadonlyArray<string>)[row]!
      return s === "" ? null : s
    }
    case "enum": {
      const c = (data as Uint16Array)[row]!
      return c === Table.NULL_CODE ? null : type.values[c]!
    }
    case "bool": {
      const c = (data as Uint16Array)[row]!
      return c === Table.NULL_CODE ? null : c === 1
    }
    default: {
      const v = (data as Float64Array)[row]!
      return Number.isNaN(v) ? null : v
    }
  }
}

/** Text form of a cell as the CSV sink writes it (`""` for null). Not for hot paths. */
export const text = (batch: Batch, row: number, column: number): string => {
  const type = batch.table.columns[column]!.type
  const v = cell(batch, row, column)
  if (v === null) return ""
  switch (type.kind) {
    case "cents":
      return Money.format(v as number)
    case "timestamp":
      return Timestamp.format(v as number)
    case "date":
      return Calendar.format(v as number)
    case "float":
      return (v as number).toFixed(type.decimals)
    case "id":
      return Ids.format(type.prefix, v as number, type.width)
    default:
      return `${v}`
  }
}

/** All rows as objects keyed by column name (for tests and small tools; allocates per row). */
export const rows = (batch: Batch): Array<Record<string, Cell>> => {
  const out: Array<Record<string, Cell>> = []
  for (let r = 0; r < batch.length; r++) {
    const row: Record<string, Cell> = {}
    batch.table.columns.forEach((c, i) => {
      row[c.name] = cell(batch, r, i)
    })
    out.push(row)
  }
  return out
}

/** Concatenates batches of one table (for tests and small tools). */
export const concat = (table: Table.Table, batches: ReadonlyArray<Batch>): Batch => {
  const b = new Builder(table, Math.max(1, batches.reduce((n, x) => n + x.length, 0)))
  const cols = table.columns.map((c) =>
    Table.isNumeric(c.type.kind) ? b.num(c.name) : c.type.kind === "string" ? b.str(c.name) : b.code(c.name)
  )
  for (const batch of batches) {
    if (batch.table.name !== table.name) throw new Error(`cannot concat ${batch.table.name} into ${table.name}`)
    for (let r = 0; r < batch.length; r++) {
      cols.forEach((col, i) => {
        ;(col as { push(v: unknown): void }).push((batch.columns[i] as ArrayLike<unknown>)[r])
      })
    }
  }
  return b.finish()
}
