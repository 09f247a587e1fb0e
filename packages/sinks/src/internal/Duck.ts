/**
 * The process's DuckDB instance (in memory, created on first use) and the table function that
 * lets a query scan a columnar batch straight from JS memory: `FROM rd_batch_scan(<id>)`, where
 * `<id>` names a batch registered with `register`. DuckDB calls the scan on the JS thread, one
 * 2048-row chunk at a time; each chunk is filled from typed arrays, so no value is boxed.
 */
import * as os from "node:os"
import * as path from "node:path"
import type * as DuckDB from "@duckdb/node-api"
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBTableFunction } from "@duckdb/node-api"
import { Table } from "@retail-datagen/core"
import type { Views } from "./Columns.js"

/**
 * The DuckDB package and the version this package is built and tested with. It is an optional
 * peer dependency: loaded on the first Parquet file, so CSV and NDJSON never need it.
 */
export const PACKAGE = "@duckdb/node-api"
export const VERSION = "1.5.6-r.1"

type Api = typeof DuckDB

/** Why DuckDB could not be loaded, with what to install. */
export const loadError = (specifier: string, cause: unknown): Error => {
  const code = (cause as { code?: unknown } | null)?.code
  const message = cause instanceof Error ? cause.message : String(cause)
  const missing = code === "ERR_MODULE_NOT_FOUND" && message.includes(`'${specifier}'`)
  return new Error(
    missing
      ? `Parquet needs the optional package ${PACKAGE}, which is not installed (npm install ${PACKAGE}@${VERSION}; the retail-datagen CLI includes it)`
      : `could not load ${specifier}: ${message.split("\n")[0]}`,
    { cause }
  )
}

/** Imports `specifier` (DuckDB's package unless a test says otherwise) with an error that says what to install. */
export const load = (specifier: string = PACKAGE): Promise<Api> =>
  (import(specifier) as Promise<Api>).catch((e: unknown) => {
    throw loadError(specifier, e)
  })

let api: Promise<Api> | undefined

/** DuckDB's API, loaded on first use. */
const duckdb = (): Promise<Api> => {
  if (api === undefined) {
    api = load()
    api.catch(() => {
      api = undefined
    })
  }
  return api
}

export const SCAN = "rd_batch_scan"

/** What a scan reads: the columns of one batch, as raw DOUBLE / USMALLINT / VARCHAR columns. */
export interface Source {
  readonly table: Table.Table
  readonly views: Views
  readonly length: number
}

const sources = new Map<number, Source>()
let nextId = 1

/** Makes a batch scannable as `rd_batch_scan(id)` until `unregister(id)`. */
export const register = (source: Source): number => {
  const id = nextId++
  sources.set(id, source)
  return id
}

export const unregister = (id: number): void => {
  sources.delete(id)
}

/** SQL type of the raw column a batch column is scanned as. */
export const rawType = (type: Table.ColumnType): "DOUBLE" | "VARCHAR" | "USMALLINT" =>
  Table.isNumeric(type.kind) ? "DOUBLE" : type.kind === "string" ? "VARCHAR" : "USMALLINT"

/** SQL name of the raw column `i`. */
export const rawName = (i: number): string => `c${i}`

interface ScanState {
  readonly source: Source
  next: number
}

/** Fills `out` with rows `from .. from + n` of the source; nulls become invalid entries. */
const fillChunk = (source: Source, from: number, n: number, out: DuckDBDataChunk): void => {
  const { f64, u16, str } = source.views
  source.table.columns.forEach((c, i) => {
    const vector = out.getColumnVector(i)
    let nulls = false
    if (Table.isNumeric(c.type.kind)) {
      const d = f64[i]!
      for (let r = 0; r < n; r++) {
        const x = d[from + r]!
        if (Number.isNaN(x)) nulls = true
        vector.setItem(r, x)
      }
      // Marking nulls after all values keeps the validity mask untouched on the common path.
      if (nulls) for (let r = 0; r < n; r++) if (Number.isNaN(d[from + r])) vector.setItem(r, null)
    } else if (c.type.kind === "string") {
      const d = str[i]!
      for (let r = 0; r < n; r++) {
        const s = d[from + r]!
        if (s === "") nulls = true
        else vector.setItem(r, s)
      }
      if (nulls) for (let r = 0; r < n; r++) if (d[from + r] === "") vector.setItem(r, null)
    } else {
      const d = u16[i]!
      for (let r = 0; r < n; r++) {
        const x = d[from + r]!
        if (x === Table.NULL_CODE) nulls = true
        vector.setItem(r, x)
      }
      if (nulls) for (let r = 0; r < n; r++) if (d[from + r] === Table.NULL_CODE) vector.setItem(r, null)
    }
    vector.flush()
  })
}

const scan = (duck: Api): DuckDBTableFunction =>
  duck.DuckDBTableFunction.create({
    name: SCAN,
    parameterTypes: [duck.INTEGER],
    bindFunction: (info) => {
      const id = info.getParameter(0) as number
      const source = sources.get(id)
      if (source === undefined) {
        info.setError(`no batch registered as ${id}`)
        return
      }
      source.table.columns.forEach((c, i) => {
        info.addResultColumn(rawName(i), duck[rawType(c.type)])
      })
      info.setCardinality(source.length, true)
      info.setBindData({ source })
    },
    initFunction: (info) => {
      const { source } = info.bindData as { source: Source }
      info.setInitData({ source, next: 0 } satisfies ScanState)
    },
    mainFunction: (info, out) => {
      const state = info.initData as ScanState
      const n = Math.min(2048, state.source.length - state.next)
      out.rowCount = n
      if (n > 0) {
        fillChunk(state.source, state.next, n, out)
        state.next += n
      }
    }
  })

let instance: Promise<DuckDBInstance> | undefined

const create = async (): Promise<DuckDBInstance> => {
  const duck = await duckdb()
  const db = await duck.DuckDBInstance.create(":memory:", {
    temp_directory: path.join(os.tmpdir(), `retail-datagen-duckdb-${process.pid}`),
    preserve_insertion_order: "true"
  })
  const setup = await db.connect()
  setup.registerTableFunction(scan(duck))
  setup.closeSync()
  return db
}

/** A new connection to the process's DuckDB instance (created on first use). */
export const connect = async (): Promise<DuckDBConnection> => {
  if (instance === undefined) {
    instance = create()
    instance.catch(() => {
      instance = undefined
    })
  }
  return (await instance).connect()
}

/** A SQL string literal. */
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`

/** A SQL quoted identifier. */
export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`
