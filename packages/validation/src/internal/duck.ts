/**
 * The DuckDB engine that reads Parquet files: one in-memory instance per process, created on the
 * first Parquet file (a CSV-only dataset never loads it), and one connection per directory run.
 * Results are streamed (`fetchChunk`, 2,048 rows at a time) in file order
 * (`preserve_insertion_order`), so a file is never materialised in JS or in DuckDB.
 */
import * as os from "node:os"
import * as path from "node:path"
import type * as DuckDB from "@duckdb/node-api"
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"

/**
 * DuckDB's package and the version this package is tested with: an optional peer dependency,
 * imported on the first Parquet file only.
 */
export const PACKAGE = "@duckdb/node-api"
export const VERSION = "1.5.6-r.1"

/** Imports `specifier` (DuckDB's package unless a test says otherwise) with an error that says what to install. */
export const load = (specifier: string = PACKAGE): Promise<typeof DuckDB> =>
  (import(specifier) as Promise<typeof DuckDB>).catch((cause: unknown) => {
    const code = (cause as { code?: unknown } | null)?.code
    const message = cause instanceof Error ? cause.message : String(cause)
    throw new Error(
      code === "ERR_MODULE_NOT_FOUND" && message.includes(`'${specifier}'`)
        ? `reading Parquet needs the optional package ${PACKAGE}, which is not installed (npm install ${PACKAGE}@${VERSION}; the retail-datagen CLI includes it)`
        : `could not load ${specifier}: ${message.split("\n")[0]}`,
      { cause }
    )
  })

let instance: Promise<DuckDBInstance> | undefined

const create = async (): Promise<DuckDBInstance> =>
  (await load()).DuckDBInstance.create(":memory:", {
    preserve_insertion_order: "true",
    temp_directory: path.join(os.tmpdir(), `retail-datagen-validate-duckdb-${process.pid}`)
  })

/** A SQL string literal. */
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`

/** A SQL quoted identifier. */
export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`

/** The first line of an error's message (DuckDB appends the query and a caret). */
export const reason = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split("\n")[0]!.trim()

/** A connection opened on first use and closed by `close`. */
export class Duck {
  private connection: Promise<DuckDBConnection> | undefined

  /** The run's connection (opens the process instance on first use). */
  connect(): Promise<DuckDBConnection> {
    if (this.connection === undefined) {
      if (instance === undefined) {
        instance = create()
        instance.catch(() => {
          instance = undefined
        })
      }
      const current = instance
      this.connection = current.then((db) => db.connect())
      this.connection.catch(() => {
        this.connection = undefined
      })
    }
    return this.connection
  }

  /** Releases the connection, if one was opened. */
  async close(): Promise<void> {
    const c = this.connection
    this.connection = undefined
    if (c !== undefined) (await c.catch(() => undefined))?.closeSync()
  }
}
