/**
 * Where files go: Hive-style day partitions for facts and one file per dimension table.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Layout } from "@retail-datagen/sinks"
 * Layout.factPath("data/facts", "receipts", Calendar.parse("2024-03-01"), "csv")
 * // "data/facts/receipts/dt=2024-03-01/receipts_20240301.csv"
 * Layout.masterPath("data/master", "stores", "parquet") // "data/master/stores.parquet"
 */
import * as path from "node:path"
import { Calendar } from "@retail-datagen/core"

/** Output file formats. */
export type Format = "csv" | "parquet" | "ndjson"

/** All formats, in documentation order. */
export const formats: ReadonlyArray<Format> = ["csv", "parquet", "ndjson"]

/** Whether a string names a format. */
export const isFormat = (s: string): s is Format => s === "csv" || s === "parquet" || s === "ndjson"

/** File extension of a format, without the dot. */
export const extension = (format: Format): string => format

/** The partition directory of a fact table's day: `<root>/<table>/dt=YYYY-MM-DD`. */
export const partitionDir = (root: string, table: string, day: Calendar.EpochDay): string =>
  path.join(root, table, `dt=${Calendar.format(day)}`)

/**
 * The last segment of a table name: the table itself for `receipts`, `store_day` for a table
 * kept in a folder (`_truth/store_day`, the ground-truth tables).
 */
export const baseName = (table: string): string => table.slice(table.lastIndexOf("/") + 1)

/** A fact table's file for one day: `<root>/<table>/dt=YYYY-MM-DD/<base name>_YYYYMMDD.<ext>`. */
export const factPath = (root: string, table: string, day: Calendar.EpochDay, format: Format): string =>
  path.join(
    partitionDir(root, table, day),
    `${baseName(table)}_${Calendar.compact(day)}.${extension(format)}`
  )

/** A dimension table's file: `<root>/<table>.<ext>`. */
export const masterPath = (root: string, table: string, format: Format): string =>
  path.join(root, `${table}.${extension(format)}`)
