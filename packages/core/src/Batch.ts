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

/** The data of one column: see `Table.ColumnType` for which kind uses which array. */
export type ColumnData = Float64Array | Uint16Array | ReadonlyArray<string>

/** `finish` found columns of different lengths (a row was left half-written). */
export class ColumnLengthError extends Error {
  readonly _tag = "ColumnLengthError"
  constructor(
    readonly table: string,
    readonly column: string,
    readonly length: number,
    readonly expected: number
  ) {
    super(`batch ${table}: column ${column} has ${length} values, expected ${expected}`)
    this.name = "ColumnLengthError"
  }
}

/** A column was asked for with the wrong appender (`num` for an enum column, …). */
export class ColumnKindError extends TypeError {
  readonly _tag = "ColumnKindError"
  constructor(
    readonly table: string,
    readonly column: string,
    readonly kind: Table.Kind,
    readonly expected: "num" | "code" | "str"
  ) {
    super(`column ${table}.${column} is ${kind}, not a ${expected} column`)
    this.name = "ColumnKindError"
  }
}

/** `finish` found an enum index or boolean code outside the column's domain. */
export class InvalidCodeError extends RangeError {
  readonly _tag = "InvalidCodeError"
  constructor(
    readonly table: string,
    readonly column: string,
    readonly row: number,
    readonly code: number
  ) {
    super(`batch ${table}: column ${column} row ${row} holds code ${code}, outside the column's values`)
    this.name = "InvalidCodeError"
  }
}

/** Rows of one table, stored column by column. */
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
    const next = new Float64Array(Math.max(16, this.data.length * 2))
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
    const next = new Uint16Array(Math.max(16, this.data.length * 2))
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

/** Which appender a column kind uses. */
const appenderOf = (kind: Table.Kind): "num" | "code" | "str" =>
  Table.isNumeric(kind) ? "num" : kind === "string" ? "str" : "code"

/**
 * Builds a batch of one table; keep it across days and call `reset` after each `finish`. Typed by
 * the table's columns: `num("Totl")` or `num` on a string column does not compile.
 */
// `any` as the default: an unparameterised `Builder` (state types, helpers) accepts the builder of
// any table, whose column-name parameters are narrower than `string`.
// biome-ignore lint/suspicious/noExplicitAny: the top type of every builder
export class Builder<C extends Table.Columns = any> {
  readonly table: Table.Table<C>
  private readonly cols: Array<AnyColumn>

  constructor(table: Table.Table<C>, capacity = 1024) {
    this.table = table
    this.cols = table.columns.map((c) => {
      const a = appenderOf(c.type.kind)
      return a === "num" ? new NumColumn(capacity) : a === "str" ? new StrColumn() : new CodeColumn(capacity)
    })
  }

  private col(name: string, expected: "num" | "code" | "str"): AnyColumn {
    const i = Table.indexOf(this.table as Table.Table, name)
    const kind = this.table.columns[i]!.type.kind
    if (appenderOf(kind) !== expected) throw new ColumnKindError(this.table.name, name, kind, expected)
    return this.cols[i]!
  }

  /** The appender of a numeric column (int, cents, float, timestamp, date, id). */
  num(name: Table.ColumnsOfKind<C, Table.NumericKind>): NumColumn {
    return this.col(name, "num") as NumColumn
  }
  /** The appender of an enum or bool column (push the value's index, or 0/1). */
  code(name: Table.ColumnsOfKind<C, "enum" | "bool">): CodeColumn {
    return this.col(name, "code") as CodeColumn
  }
  /** The appender of a string column. */
  str(name: Table.ColumnsOfKind<C, "string">): StrColumn {
    return this.col(name, "str") as StrColumn
  }

  /** Values appended to the first column so far (the row count once every row is complete). */
  get length(): number {
    return this.cols.length === 0 ? 0 : this.cols[0]!.length
  }

  /**
   * The rows appended so far as a batch (views, valid until `reset`). Throws a
   * `ColumnLengthError` naming the first column whose length differs from the longest one, and
   * an `InvalidCodeError` for an enum index or boolean code outside the column's values.
   */
  finish(): Batch {
    let length = 0
    for (const c of this.cols) if (c.length > length) length = c.length
    this.cols.forEach((c, i) => {
      if (c.length !== length) {
        throw new ColumnLengthError(this.table.name, this.table.columns[i]!.name, c.length, length)
      }
    })
    this.table.columns.forEach((column, i) => {
      const type = column.type
      if (type.kind !== "enum" && type.kind !== "bool") return
      const limit = type.kind === "enum" ? type.values.length : 2
      const data = (this.cols[i] as CodeColumn).data
      for (let r = 0; r < length; r++) {
        const code = data[r]!
        if (code >= limit && code !== Table.NULL_CODE) {
          throw new InvalidCodeError(this.table.name, column.name, r, code)
        }
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

/** A builder for `table`; `capacity` is the initial number of rows per column (it grows). */
export const builder = <C extends Table.Columns>(table: Table.Table<C>, capacity?: number): Builder<C> =>
  new Builder(table, capacity)

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

const sameShape = (a: Table.Table, b: Table.Table): boolean =>
  a === b ||
  (a.name === b.name &&
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => c.name === b.columns[i]!.name && c.type.kind === b.columns[i]!.type.kind))

/**
 * Concatenates batches of one table (for tests and small tools). Throws an `Error` when a batch
 * belongs to a table of another name or shape.
 */
export const concat = (table: Table.Table, batches: ReadonlyArray<Batch>): Batch => {
  const b = new Builder(
    table,
    Math.max(
      1,
      batches.reduce((n, x) => n + x.length, 0)
    )
  )
  const cols = table.columns.map((c) => {
    const a = appenderOf(c.type.kind)
    return a === "num" ? b.num(c.name) : a === "str" ? b.str(c.name) : b.code(c.name)
  })
  for (const batch of batches) {
    if (!sameShape(batch.table, table))
      throw new Error(`cannot concat ${batch.table.name} into ${table.name}`)
    for (let r = 0; r < batch.length; r++) {
      cols.forEach((col, i) => {
        ;(col as { push(v: unknown): void }).push((batch.columns[i] as ArrayLike<unknown>)[r])
      })
    }
  }
  return b.finish()
}

/**
 * A batch from plain rows keyed by column name — the inverse of `rows` (for tests and small
 * tools). Missing keys and `null` become null cells; enum cells take the value's text. Throws a
 * `RangeError` naming the row and column for a value of the wrong type or an unknown enum value.
 */
export const fromRows = (table: Table.Table, input: ReadonlyArray<Readonly<Record<string, Cell>>>): Batch => {
  const b = new Builder(table, Math.max(1, input.length))
  const bad = (r: number, column: string, v: Cell): never => {
    throw new RangeError(`row ${r}: ${table.name}.${column} cannot hold ${JSON.stringify(v)}`)
  }
  table.columns.forEach((c) => {
    const type = c.type
    switch (type.kind) {
      case "string": {
        const col = b.str(c.name)
        input.forEach((row, r) => {
          const v = row[c.name] ?? null
          if (v === null) col.push("")
          else if (typeof v === "string") col.push(v)
          else bad(r, c.name, v)
        })
        return
      }
      case "enum": {
        const col = b.code(c.name)
        input.forEach((row, r) => {
          const v = row[c.name] ?? null
          const code = typeof v === "string" ? type.values.indexOf(v) : -1
          if (v === null) col.push(Table.NULL_CODE)
          else if (code >= 0) col.push(code)
          else bad(r, c.name, v)
        })
        return
      }
      case "bool": {
        const col = b.code(c.name)
        input.forEach((row, r) => {
          const v = row[c.name] ?? null
          if (v === null) col.push(Table.NULL_CODE)
          else if (typeof v === "boolean") col.push(v ? 1 : 0)
          else bad(r, c.name, v)
        })
        return
      }
      default: {
        const col = b.num(c.name)
        input.forEach((row, r) => {
          const v = row[c.name] ?? null
          if (v === null) col.push(Number.NaN)
          else if (typeof v === "number" && !Number.isNaN(v)) col.push(v)
          else bad(r, c.name, v)
        })
      }
    }
  })
  return b.finish()
}
