/**
 * Table shapes: a name and ordered, typed columns. The column order is the contract order (CSV
 * header, Parquet schema). Column types say how a value is stored in a `Batch` and written by
 * the sinks.
 *
 * @example
 * import { Table } from "@retail-datagen/core"
 * const Receipts = Table.make("receipts", {
 *   TraceId: Table.id("TRC"),
 *   EventTS: Table.timestamp,
 *   StoreID: Table.int,
 *   Total: Table.cents,
 *   TenderType: Table.enumOf(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"])
 * })
 */

/** Storage and text form of a column. */
export type ColumnType =
  /** Integer; stored in a `Float64Array`, NaN = null. */
  | { readonly kind: "int" }
  /** Integer cents, written `12.99`; `Float64Array`, NaN = null. */
  | { readonly kind: "cents" }
  /** Float written with fixed decimals; `Float64Array`, NaN = null. */
  | { readonly kind: "float"; readonly decimals: number }
  /** `Timestamp` seconds, written `YYYY-MM-DD HH:MM:SS`; `Float64Array`, NaN = null. */
  | { readonly kind: "timestamp" }
  /** Epoch day, written `YYYY-MM-DD`; `Float64Array`, NaN = null. */
  | { readonly kind: "date" }
  /** `true`/`false`; `Uint16Array` with 0/1, `NULL_CODE` = null. */
  | { readonly kind: "bool" }
  /** Composite number written after a fixed prefix (`RCP…`); `Float64Array`, NaN = null. */
  | { readonly kind: "id"; readonly prefix: string; readonly width: number }
  /** One of a fixed list of strings; `Uint16Array` of indices, `NULL_CODE` = null. */
  | { readonly kind: "enum"; readonly values: ReadonlyArray<string> }
  /** Free text; `Array<string>`, `""` = null. */
  | { readonly kind: "string" }

export type Kind = ColumnType["kind"]

/** Code that marks null in bool and enum columns. */
export const NULL_CODE = 0xffff

export interface Column {
  readonly name: string
  readonly type: ColumnType
}

/** Column types by name, as given to `make`. */
export type Columns = Readonly<Record<string, ColumnType>>

/** Column kinds stored in a `Float64Array` (appended with `Batch.Builder.num`). */
export type NumericKind = "int" | "cents" | "float" | "timestamp" | "date" | "id"

/** Names of the columns of `C` whose kind may be one of `K`. */
export type ColumnsOfKind<C extends Columns, K extends Kind> = {
  [N in keyof C]: [Extract<C[N]["kind"], K>] extends [never] ? never : N
}[keyof C] &
  string

/**
 * A table. `C`, the column types by name, exists only in the type (`make` infers it), so that
 * builders and readers accept only the table's column names, each with its kind's appender.
 */
export interface Table<out C extends Columns = Columns> {
  readonly name: string
  readonly columns: ReadonlyArray<Column>
  /** Type-level only (never set): the column types by name. */
  readonly "~columns"?: C | undefined
  /**
   * The column that says which shard a row belongs to (see `partitionOf`): declared with
   * `make(name, columns, { partition })`; `null` declares a table that is not split by region.
   */
  readonly partition?: PartitionKey | null | undefined
}

/**
 * Columns that place a row in a region (a shard owns whole regions, `Plugin.ownsRegion`):
 * `StoreID` → the region of the store's DC, `DCID` → that DC's region, `CustomerID` → the region
 * of the customer's home (nearest) store.
 */
export type PartitionKey = "StoreID" | "DCID" | "CustomerID"

/** Options of `make`. */
export interface MakeOptions<C extends Columns = Columns> {
  /**
   * The partition key column (an int column of the table). Default: `StoreID` when the table has
   * such a column, else `DCID`, else none. `null`: no partition check (a table not split by region).
   */
  readonly partition?: (PartitionKey & ColumnsOfKind<C, "int">) | null | undefined
}

/** Integer column. */
export const int: { readonly kind: "int" } = { kind: "int" }
/** Money column in integer cents, written `12.99`. */
export const cents: { readonly kind: "cents" } = { kind: "cents" }
/** Local timestamp column, written `YYYY-MM-DD HH:MM:SS`. */
export const timestamp: { readonly kind: "timestamp" } = { kind: "timestamp" }
/** Epoch-day column, written `YYYY-MM-DD`. */
export const date: { readonly kind: "date" } = { kind: "date" }
/** Boolean column, written `true` / `false`. */
export const bool: { readonly kind: "bool" } = { kind: "bool" }
/** Free-text column. */
export const string: { readonly kind: "string" } = { kind: "string" }
/** Float column written with `decimals` (0–20) fixed decimals. */
export const float = (decimals: number): { readonly kind: "float"; readonly decimals: number } => {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= 20)) {
    throw new RangeError(`float column decimals must be 0..20, got ${decimals}`)
  }
  return { kind: "float", decimals }
}
/** A prefixed composite id; `width` zero-pads the digits (0 = no padding). */
export const id = (
  prefix: string,
  width = 0
): { readonly kind: "id"; readonly prefix: string; readonly width: number } => ({ kind: "id", prefix, width })
/**
 * One of a fixed list of values, stored as the value's index. Throws a `RangeError` for an
 * empty list, duplicates, or `NULL_CODE` or more values.
 */
export const enumOf = (
  values: ReadonlyArray<string>
): { readonly kind: "enum"; readonly values: ReadonlyArray<string> } => {
  if (values.length === 0) throw new RangeError("enum needs at least one value")
  if (values.length >= NULL_CODE) throw new RangeError("enum has too many values")
  if (new Set(values).size !== values.length)
    throw new RangeError(`enum has duplicate values: ${values.join(",")}`)
  return { kind: "enum", values }
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/

/**
 * A table from its name and `{ column: type }` in contract order. Throws a `RangeError` for an
 * empty name or a column named like an array index (`"1"`), which JavaScript objects would
 * silently move to the front.
 */
export const make = <const C extends Columns>(
  name: string,
  columns: C,
  options: MakeOptions<NoInfer<C>> = {}
): Table<C> => {
  if (name === "") throw new RangeError("table name must not be empty")
  const cols = Object.entries(columns).map(([n, type]) => {
    if (n === "" || ARRAY_INDEX.test(n))
      throw new RangeError(`table ${name}: column name "${n}" is not allowed`)
    return { name: n, type }
  })
  const partition = options.partition
  if (partition === undefined) return { name, columns: cols }
  if (partition !== null && columns[partition]?.kind !== "int") {
    throw new RangeError(`table ${name}: partition column ${partition} must be an int column of the table`)
  }
  return { name, columns: cols, partition }
}

/**
 * The partition key of a table: the declared one, else `StoreID` or `DCID` when the table has
 * such an int column; `undefined` when rows are not placed by region.
 */
export const partitionOf = (table: Table): PartitionKey | undefined => {
  if (table.partition !== undefined) return table.partition ?? undefined
  for (const key of ["StoreID", "DCID"] as const) {
    if (table.columns.some((c) => c.name === key && c.type.kind === "int")) return key
  }
  return undefined
}

/**
 * The plain value of a column of type `T`, as `Batch.cell` and plugin checks see it: a number for
 * the numeric kinds (cents as integer cents, timestamps as `Timestamp` seconds, dates as epoch
 * days, ids without their prefix), a boolean, or the text of an enum or string column.
 */
export type Value<T extends ColumnType> = T["kind"] extends "bool"
  ? boolean
  : T["kind"] extends "enum" | "string"
    ? string
    : number

/** One row of a typed table as an object: a `Value` (or `null` for an empty cell) per column. */
export type Row<C extends Columns> = { readonly [N in keyof C]: Value<C[N]> | null }

/** The column names of a typed table. */
export type Header<T> = T extends Table<infer C> ? keyof C & string : string

/** Index of a column by name; throws naming the table and column when it is absent. */
export const indexOf = <C extends Columns>(table: Table<C>, column: keyof C & string): number => {
  const i = table.columns.findIndex((c) => c.name === column)
  if (i < 0) throw new RangeError(`table ${table.name} has no column ${column}`)
  return i
}

/** Column names in order. */
export const header = (table: Table): ReadonlyArray<string> => table.columns.map((c) => c.name)

/** Whether values of this kind are stored in a `Float64Array`. */
export const isNumeric = (kind: Kind): boolean => kind !== "bool" && kind !== "enum" && kind !== "string"
