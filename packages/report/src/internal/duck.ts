/**
 * One DuckDB in-memory database per report: views over the dataset's files (CSV read as text and
 * cast, so no sniffing surprises; Parquet as typed), a memory limit with spilling to a temporary
 * directory, and small helpers to run a query and get plain JS rows.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"

/** A SQL string literal. */
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`

/** The first line of an error's message (DuckDB appends the query and a caret). */
export const reason = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split("\n")[0]!.trim()

type Row = Record<string, unknown>

/** An open database with the dataset's views. */
export interface Db {
  readonly all: (sql: string) => Promise<ReadonlyArray<Row>>
  readonly close: () => void
}

/** Opens a fresh in-memory database limited to `memoryLimit` (DuckDB syntax, e.g. "1GB"). */
export const open = async (memoryLimit: string, threads: number | undefined): Promise<Db> => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "retail-datagen-report-"))
  const options: Record<string, string> = {
    memory_limit: memoryLimit,
    temp_directory: temp,
    preserve_insertion_order: "false"
  }
  if (threads !== undefined) options.threads = String(threads)
  const instance = await DuckDBInstance.create(":memory:", options)
  const connection: DuckDBConnection = await instance.connect()
  return {
    all: async (sql) => {
      const reader = await connection.runAndReadAll(sql)
      return reader.getRowObjectsJS() as ReadonlyArray<Row>
    },
    close: () => {
      connection.closeSync()
      instance.closeSync()
      fs.rmSync(temp, { recursive: true, force: true })
    }
  }
}

/** A number from a query cell (BIGINT comes back as bigint, DECIMAL as number). */
export const num = (v: unknown): number =>
  typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : v == null ? Number.NaN : Number(v)

/** A string from a query cell (dates come back as `Date`). */
export const str = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? "" : String(v)
