/**
 * Builds one Parquet file with DuckDB: each appended batch is scanned from JS memory into a
 * connection-local temporary table of raw columns (`INSERT … FROM rd_batch_scan(id)`), and
 * `copyTo` writes the typed projection of that table with `COPY … (FORMAT parquet)`.
 */
import type { DuckDBConnection } from "@duckdb/node-api"
import { type Batch, Table } from "@retail-datagen/core"
import { badValue, isDay, isTimestamp, views } from "./Columns.js"
import * as Duck from "./Duck.js"

/** The Parquet (DuckDB) type a column kind is written as. */
export const sqlType = (type: Table.ColumnType): string => {
  switch (type.kind) {
    case "int":
      return "BIGINT"
    case "cents":
      return "DECIMAL(18,2)"
    case "float":
      return "DOUBLE"
    case "timestamp":
      return "TIMESTAMP"
    case "date":
      return "DATE"
    case "bool":
      return "BOOLEAN"
    default:
      return "VARCHAR"
  }
}

/** The SQL expression turning raw column `i` into its typed value. */
const typed = (type: Table.ColumnType, i: number): string => {
  const x = Duck.rawName(i)
  switch (type.kind) {
    case "int":
      return `CAST(${x} AS BIGINT)`
    case "cents":
      // Below 1e15 the double quotient rounds to the exact cent (and is 3× faster than the
      // DECIMAL product, which is exact everywhere).
      return `CASE WHEN abs(${x}) < 1e15 THEN CAST(${x} / 100 AS DECIMAL(18,2)) ELSE CAST(CAST(${x} AS BIGINT) * 0.01 AS DECIMAL(18,2)) END`
    case "float":
      return x
    case "timestamp":
      return `make_timestamp(CAST(${x} AS BIGINT) * 1000000)`
    case "date":
      return `CAST(DATE '1970-01-01' + CAST(${x} AS INTEGER) AS DATE)`
    case "bool":
      return `(${x} = 1)`
    case "id": {
      const digits = `CAST(CAST(${x} AS BIGINT) AS VARCHAR)`
      const padded =
        type.width > 0
          ? `CASE WHEN ${x} < 1e${type.width} THEN lpad(${digits}, ${type.width}, '0') ELSE ${digits} END`
          : digits
      return `${Duck.literal(type.prefix)} || ${padded}`
    }
    case "enum":
      return type.values.length === 0
        ? "CAST(NULL AS VARCHAR)"
        : `([${type.values.map(Duck.literal).join(", ")}])[${x} + 1]`
    case "string":
      return x
  }
}

/** The typed SELECT list over the raw table. */
export const projection = (table: Table.Table): string =>
  table.columns.map((c, i) => `${typed(c.type, i)} AS ${Duck.ident(c.name)}`).join(", ")

/** The first row of `data` (below `n`) whose non-NaN value fails `ok`, or -1. */
const firstBad = (data: Float64Array, n: number, ok: (x: number) => boolean): number => {
  for (let r = 0; r < n; r++) {
    const x = data[r]!
    if (!Number.isNaN(x) && !ok(x)) return r
  }
  return -1
}

const isId = (x: number): boolean => Number.isSafeInteger(x) && x >= 0

/**
 * Checks the values Parquet cannot represent as their column type (and that CSV rejects too),
 * throwing a `RangeError` naming the column and row.
 */
const check = (table: Table.Table, n: number, v: ReturnType<typeof views>): void => {
  table.columns.forEach((c, i) => {
    const t = c.type
    const [ok, what]: [((x: number) => boolean) | undefined, string] =
      t.kind === "int"
        ? [Number.isSafeInteger, "a safe integer"]
        : t.kind === "cents"
          ? [Number.isSafeInteger, "an integer number of cents"]
          : t.kind === "id"
            ? [isId, "a non-negative integer id"]
            : t.kind === "timestamp"
              ? [isTimestamp, "a timestamp in whole seconds"]
              : t.kind === "date"
                ? [isDay, "an integer epoch day"]
                : [undefined, ""]
    if (ok !== undefined) {
      const r = firstBad(v.f64[i]!, n, ok)
      if (r >= 0) throw badValue(table, i, r, v.f64[i]![r], what)
    } else if (t.kind === "bool" || t.kind === "enum") {
      const limit = t.kind === "bool" ? 2 : t.values.length
      const u = v.u16[i]!
      for (let r = 0; r < n; r++) {
        const x = u[r]!
        if (x >= limit && x !== Table.NULL_CODE) {
          throw badValue(
            table,
            i,
            r,
            x,
            t.kind === "bool" ? "a bool code (0, 1 or NULL_CODE)" : `a code of ${limit} enum values`
          )
        }
      }
    }
  })
}

export class ParquetWriter {
  readonly table: Table.Table
  private readonly connection: DuckDBConnection
  private rowCount = 0
  private closed = false

  private constructor(table: Table.Table, connection: DuckDBConnection) {
    this.table = table
    this.connection = connection
  }

  /** Opens a DuckDB connection with an empty raw table for `table`. */
  static async open(table: Table.Table): Promise<ParquetWriter> {
    const connection = await Duck.connect()
    try {
      const columns = table.columns.map((c, i) => `${Duck.rawName(i)} ${Duck.rawType(c.type)}`)
      await connection.run(`CREATE TEMP TABLE raw (${columns.join(", ")})`)
    } catch (e) {
      connection.closeSync()
      throw e
    }
    return new ParquetWriter(table, connection)
  }

  get rows(): number {
    return this.rowCount
  }

  /**
   * Checks a batch (throwing a `RangeError` or `TypeError` naming the bad column and row) and
   * returns what `insert` needs.
   */
  prepare(batch: Batch.Batch): Duck.Source {
    const v = views(this.table, batch)
    check(this.table, batch.length, v)
    return { table: this.table, views: v, length: batch.length }
  }

  /** Copies a prepared batch into DuckDB; the batch may be reused as soon as this resolves. */
  async insert(source: Duck.Source): Promise<void> {
    if (source.length === 0) return
    const id = Duck.register(source)
    try {
      await this.connection.run(`INSERT INTO raw SELECT * FROM ${Duck.SCAN}(${id})`)
    } finally {
      Duck.unregister(id)
    }
    this.rowCount += source.length
  }

  /** `prepare` then `insert`. */
  append(batch: Batch.Batch): Promise<void> {
    return this.insert(this.prepare(batch))
  }

  /** Writes everything appended so far as a zstd-compressed Parquet file at `path`. */
  async copyTo(path: string): Promise<void> {
    await this.connection.run(
      `COPY (SELECT ${projection(this.table)} FROM raw) TO ${Duck.literal(path)} (FORMAT parquet, COMPRESSION zstd)`
    )
  }

  /** Asks DuckDB to stop the running statement, if any. */
  interrupt(): void {
    if (!this.closed) this.connection.interrupt()
  }

  /** Releases the connection (and its table). Idempotent; call when no statement runs. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.connection.closeSync()
  }
}
