/**
 * The DuckDB engine that reads Parquet files: one in-memory instance per process, created on the
 * first Parquet file (a CSV-only dataset never loads it), and one connection per directory run.
 * Results are streamed (`fetchChunk`, 2,048 rows at a time) in file order
 * (`preserve_insertion_order`), so a file is never materialised in JS or in DuckDB.
 */
import * as os from "node:os"
import * as path from "node:path"
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"

let instance: Promise<DuckDBInstance> | undefined

const create = (): Promise<DuckDBInstance> =>
  DuckDBInstance.create(":memory:", {
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
