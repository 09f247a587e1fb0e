/**
 * Parquet files through DuckDB (`@duckdb/node-api`), zstd-compressed, one typed column per table
 * column, named and ordered as the table:
 *
 * | column kind | Parquet / DuckDB type |
 * |---|---|
 * | `int` | `BIGINT` (INT64) |
 * | `cents` | `DECIMAL(18,2)` (INT64 with scale 2: exact, `12.99`) |
 * | `float` | `DOUBLE` |
 * | `timestamp` | `TIMESTAMP` (INT64 microseconds, local wall clock, not UTC-adjusted) |
 * | `date` | `DATE` (INT32 days) |
 * | `bool` | `BOOLEAN` |
 * | `id`, `enum`, `string` | `VARCHAR` (UTF-8 byte array; `id` as its prefixed text) |
 *
 * Null cells are Parquet nulls. Batches are scanned from JS memory by a DuckDB table function
 * into a temporary table (raw doubles, codes and strings), and one `COPY (SELECT <typed casts>)
 * TO … (FORMAT parquet)` writes the file — see the package README for why and the figures.
 * Besides the domain checks of `Csv`, `int` columns must hold safe integers here.
 *
 * For atomic files use `Partition.writeFile(path, table, batches, "parquet")`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Parquet } from "@retail-datagen/sinks"
 * Parquet.columnType(Table.cents) // "DECIMAL(18,2)"
 * await Effect.runPromise(Parquet.write("/tmp/receipts.parquet", Receipts, [batch]))
 */
import type { Batch, Table } from "@retail-datagen/core"
import { Effect } from "effect"
import { ParquetWriter, sqlType } from "./internal/ParquetWriter.js"
import { fromCause, type SinkError } from "./SinkError.js"

/** The Parquet (DuckDB SQL) type a column is written as. */
export const columnType = (type: Table.ColumnType): string => sqlType(type)

/** The DuckDB schema of a table's Parquet file: `[name, type]` in column order. */
export const schema = (table: Table.Table): ReadonlyArray<readonly [string, string]> =>
  table.columns.map((c) => [c.name, sqlType(c.type)] as const)

/**
 * Writes batches straight to `path` (not atomic: prefer `Partition.writeFile`); returns the
 * number of rows.
 */
export const write = (
  path: string,
  table: Table.Table,
  batches: Iterable<Batch.Batch>
): Effect.Effect<number, SinkError> =>
  Effect.acquireUseRelease(
    Effect.tryPromise({ try: () => ParquetWriter.open(table), catch: (e) => fromCause(path, "parquet", e) }),
    (w) =>
      Effect.gen(function* () {
        for (const batch of batches) {
          const source = yield* Effect.try({
            try: () => w.prepare(batch),
            catch: (e) => fromCause(path, "encode", e)
          })
          yield* Effect.tryPromise({
            try: () => w.insert(source),
            catch: (e) => fromCause(path, "parquet", e)
          })
        }
        yield* Effect.tryPromise({ try: () => w.copyTo(path), catch: (e) => fromCause(path, "parquet", e) })
        return w.rows
      }),
    (w) => Effect.sync(() => w.close())
  )
