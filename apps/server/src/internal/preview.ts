/** The first rows of a CSV file (RFC 4180), read from its head only, or of a Parquet file (DuckDB). */
import * as fs from "node:fs/promises"
import { DuckDBInstance } from "@duckdb/node-api"

const HEAD_BYTES = 1 << 20

/** Header and up to `limit` rows of the CSV file at `file` (its first MiB at most). */
export const readPreview = async (
  file: string,
  limit: number
): Promise<{ columns: Array<string>; rows: Array<Array<string>> }> => {
  const handle = await fs.open(file, "r")
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0)
    const records = parse(buffer.subarray(0, bytesRead).toString("utf8"), limit + 1, bytesRead < HEAD_BYTES)
    return { columns: records[0] ?? [], rows: records.slice(1) }
  } finally {
    await handle.close()
  }
}

/** Parses up to `max` records; a last record without its line end counts only when `complete`. */
export const parse = (text: string, max: number, complete: boolean): Array<Array<string>> => {
  const out: Array<Array<string>> = []
  let record: Array<string> = []
  let field = ""
  let quoted = false
  let i = 0
  while (i < text.length && out.length < max) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += c
    } else if (c === '"') quoted = true
    else if (c === ",") {
      record.push(field)
      field = ""
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++
      record.push(field)
      out.push(record)
      record = []
      field = ""
    } else field += c
    i++
  }
  if (complete && out.length < max && (field !== "" || record.length > 0)) {
    record.push(field)
    out.push(record)
  }
  return out
}

/**
 * Column names and up to `limit` rows of the Parquet file at `file`, every value as DuckDB casts
 * it to text (`NULL` as an empty string, as in the CSV files).
 */
export const readParquetPreview = async (
  file: string,
  limit: number
): Promise<{ columns: Array<string>; rows: Array<Array<string>> }> => {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" })
  try {
    const connection = await instance.connect()
    try {
      const literal = `'${file.replace(/'/g, "''")}'`
      const reader = await connection.runAndReadAll(
        `SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${literal}) LIMIT ${Math.floor(limit)}`
      )
      return {
        columns: reader.columnNames(),
        rows: reader.getRowsJS().map((r) => r.map((v) => (v === null ? "" : String(v))))
      }
    } finally {
      connection.closeSync()
    }
  } finally {
    instance.closeSync()
  }
}
