/**
 * Reads a file written by this package back into one owned batch — the exact inverse of the
 * writers: `Csv`/`Ndjson`/`Parquet` (and `Partition.writeFile`) of the result give the file's bytes
 * again.
 * Columns come back in the storage the writers take (`Float64Array` with NaN = null for numeric
 * kinds, `Uint16Array` codes with `NULL_CODE` = null for bools and enums, strings with `""` =
 * null), the values as the file holds them:
 *
 * | column kind | CSV text → value | Parquet type → value |
 * |---|---|---|
 * | `int` | `-12` → -12 | `BIGINT` |
 * | `cents` | `-0.05` → -5 | `DECIMAL(18,2)` × 100 |
 * | `float` | `1.50` → 1.5 (the written decimals) | `DOUBLE` |
 * | `timestamp` | `2024-03-01 08:00:00` → local epoch seconds | `TIMESTAMP` |
 * | `date` | `2024-03-01` → epoch day | `DATE` |
 * | `bool` | `true`/`false` → 1/0 | `BOOLEAN` |
 * | `id` | `TRC000042` → 42 (prefix checked) | `VARCHAR` |
 * | `enum` | the value's text → its index | `VARCHAR` |
 * | `string` | RFC 4180 unquoted | `VARCHAR` |
 *
 * An empty CSV cell (or a Parquet null) is null; CSV does not tell an empty string from null, and
 * neither do batches (`""` = null), so the round trip is exact. A CSV `float` keeps only its
 * written decimals. It reads our own files: anything the writers cannot have produced (another
 * header or schema, a bad value, a missing LF) is a `SinkError` naming the file, line (Parquet:
 * row) and column. The whole file is held in memory. NDJSON: one object per line with every
 * key in table order, values as `Ndjson` writes them (cents from their digits, strings unescaped).
 *
 * @example
 * import { Effect } from "effect"
 * import { Read } from "@retail-datagen/sinks"
 * const batch = await Effect.runPromise(Read.file("out/sales/dt=2024-03-01/sales_20240301.csv", Sales, "csv"))
 * batch.length // rows of the file
 */
import * as fs from "node:fs/promises"
import type { Batch, Table } from "@retail-datagen/core"
import { Effect } from "effect"
import * as Csv from "./internal/readCsv.js"
import * as Ndjson from "./internal/readNdjson.js"
import * as Parquet from "./internal/readParquet.js"
import type { Format } from "./Layout.js"
import { fromCause, SinkError } from "./SinkError.js"

/** The formats `file` reads. */
export const formats: ReadonlyArray<Format> = ["csv", "parquet", "ndjson"]

const malformed = (path: string, e: Error): SinkError =>
  // (SinkError's message starts "cannot write": it has no read operation yet)
  new SinkError({ path, operation: "encode", reason: `not a file of this table as written (${e.message})` })

const text = (
  path: string,
  table: Table.Table,
  decode: (table: Table.Table, bytes: Buffer) => Batch.Batch
): Effect.Effect<Batch.Batch, SinkError> =>
  Effect.tryPromise({ try: () => fs.readFile(path), catch: (e) => fromCause(path, "open", e) }).pipe(
    Effect.flatMap((bytes) =>
      Effect.try({
        try: () => decode(table, bytes),
        catch: (e) => (e instanceof Csv.Malformed ? malformed(path, e) : fromCause(path, "encode", e))
      })
    )
  )

const parquet = (path: string, table: Table.Table): Effect.Effect<Batch.Batch, SinkError> =>
  Effect.tryPromise({ try: () => fs.access(path), catch: (e) => fromCause(path, "open", e) }).pipe(
    Effect.zipRight(
      Effect.tryPromise({
        try: () => Parquet.decode(table, path),
        catch: (e) => (e instanceof Parquet.Malformed ? malformed(path, e) : fromCause(path, "parquet", e))
      })
    )
  )

/**
 * The rows of the file at `path`, written by this package for `table` in `format`, as one owned
 * batch. Fails with a `SinkError` when the file cannot be read or is not such a file.
 */
export const file = (
  path: string,
  table: Table.Table,
  format: Format
): Effect.Effect<Batch.Batch, SinkError> => {
  switch (format) {
    case "csv":
      return text(path, table, Csv.decode)
    case "ndjson":
      return text(path, table, Ndjson.decode)
    case "parquet":
      return parquet(path, table)
  }
}
