/**
 * Turning input into chunks: `CsvTable` is the record sink for one CSV file (header checks, row
 * decoding, chunks of `capacity` rows handed to `emit`); `fromBatch` converts a core `Batch`
 * (Parquet files: see `parquet.ts`).
 * Malformed input becomes `format` findings and the row (or file) is left out — never a throw.
 */
import { Batch, Ids, Table } from "@retail-datagen/core"
import { Chunk } from "./chunk.js"
import type { CsvParser, RecordSink } from "./csv.js"
import { CellDecoder, domain } from "./decoder.js"
import type { Findings } from "./findings.js"
import type { TableSpec } from "./spec.js"

/** Header check shared by files and batches: "" when the contract columns lead in order. */
export const headerOrder = (spec: TableSpec, names: ReadonlyArray<string>): string => {
  for (let i = 0; i < spec.contract; i++) {
    if (names[i] !== spec.columns[i]!.name) {
      return `header order differs from the contract at column ${i + 1}: expected ${spec.columns[i]!.name}, found ${names[i] ?? "nothing"}`
    }
  }
  return ""
}

/** Contract columns absent from `names`. */
export const missingColumns = (spec: TableSpec, names: ReadonlyArray<string>): Array<string> =>
  spec.columns.filter((c, i) => i < spec.contract && !names.includes(c.name)).map((c) => c.name)

export class CsvTable implements RecordSink {
  private readonly decoder: CellDecoder
  private readonly chunk: Chunk
  private map: Int32Array | undefined
  private width = 0
  /** Data rows read (decoded or not). */
  rows = 0

  constructor(
    readonly spec: TableSpec,
    readonly source: number,
    private readonly format: Findings,
    private readonly emit: (chunk: Chunk) => void,
    capacity = 4096
  ) {
    this.decoder = new CellDecoder(spec)
    this.chunk = new Chunk(spec, capacity)
    this.chunk.source = source
  }

  record(p: CsvParser): boolean {
    if (this.map === undefined) return this.header(p)
    this.rows++
    this.format.rows++
    const table = this.spec.name
    if (p.error !== "") {
      this.format.add(table, this.source, p.line, `malformed CSV: ${p.error}`)
      return true
    }
    if (p.count !== this.width) {
      this.format.add(table, this.source, p.line, `${p.count} fields, the header has ${this.width}`)
      return true
    }
    const chunk = this.chunk
    const row = chunk.length
    const map = this.map
    for (let c = 0; c < map.length; c++) {
      const f = map[c]!
      if (f < 0) continue
      const why = this.decoder.put(chunk, c, row, p.field(f))
      if (why !== "") {
        this.format.add(table, this.source, p.line, why)
        return true
      }
    }
    const bad = domain(chunk, row)
    if (bad !== "") {
      this.format.add(table, this.source, p.line, bad)
      return true
    }
    chunk.line[row] = p.line
    chunk.length = row + 1
    if (chunk.length === chunk.capacity) this.flush()
    return true
  }

  /** Emits the rows decoded so far. Call at the end of the file. */
  flush(): void {
    if (this.chunk.length > 0) this.emit(this.chunk)
    this.chunk.length = 0
  }

  private header(p: CsvParser): boolean {
    const table = this.spec.name
    const names: Array<string> = []
    for (let i = 0; i < p.count; i++) names.push(p.field(i))
    if (p.error !== "") {
      this.format.add(table, this.source, p.line, `malformed header: ${p.error}`)
      return false
    }
    const missing = missingColumns(this.spec, names)
    if (missing.length > 0) {
      this.format.add(
        table,
        this.source,
        p.line,
        `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; file skipped`
      )
      return false
    }
    const dup = names.find((n, i) => names.indexOf(n) !== i)
    if (dup !== undefined) {
      this.format.add(table, this.source, p.line, `column ${dup} appears twice; file skipped`)
      return false
    }
    const order = headerOrder(this.spec, names)
    if (order !== "") this.format.add(table, this.source, p.line, order)
    this.width = names.length
    this.map = new Int32Array(this.spec.columns.map((c) => names.indexOf(c.name)))
    this.spec.columns.forEach((_, i) => {
      this.chunk.has[i] = this.map![i]! >= 0
    })
    return true
  }
}

const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i)

/**
 * Converts a batch into a chunk (all its rows; `line` = row index + 1). Columns whose storage
 * matches the contract kind are copied; anything else goes through its text form. Returns
 * undefined when a contract column is missing.
 */
export const fromBatch = (
  batch: Batch.Batch,
  spec: TableSpec,
  source: number,
  format: Findings
): Chunk | undefined => {
  const table = spec.name
  const names = Table.header(batch.table)
  const missing = missingColumns(spec, names)
  if (missing.length > 0) {
    format.add(
      table,
      source,
      0,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; batch skipped`
    )
    return undefined
  }
  const order = headerOrder(spec, names)
  if (order !== "") format.add(table, source, 0, order)
  const decoder = new CellDecoder(spec)
  const chunk = new Chunk(spec, Math.max(1, batch.length))
  chunk.source = source
  const n = spec.columns.length
  const from = new Int32Array(n)
  // plan: 0 skip, 1 copy number, 2 copy integer, 3 bool, 4 enum, 5 id, 6 text
  const plan = new Uint8Array(n)
  const enumMaps: Array<Int32Array | undefined> = []
  for (let c = 0; c < n; c++) {
    const col = spec.columns[c]!
    const b = names.indexOf(col.name)
    from[c] = b
    chunk.has[c] = b >= 0
    if (b < 0 || col.kind === "text") continue
    const t = batch.table.columns[b]!.type
    plan[c] = 6
    if (col.kind === "num" && (t.kind === "float" || t.kind === "int")) plan[c] = 1
    else if (
      (col.kind === "int" && t.kind === "int") ||
      (col.kind === "cents" && t.kind === "cents") ||
      (col.kind === "ts" && t.kind === "timestamp") ||
      (col.kind === "date" && t.kind === "date")
    )
      plan[c] = 2
    else if (col.kind === "bool" && t.kind === "bool") plan[c] = 3
    else if (col.kind === "enum" && t.kind === "enum") {
      plan[c] = 4
      enumMaps[c] = new Int32Array(
        t.values.map((v) => {
          const i = col.values.indexOf(v)
          return i >= 0 ? i : col.open ? col.values.length : -1
        })
      )
    } else if (col.kind === "key" && t.kind === "id" && t.prefix === col.prefix && col.prefix !== "")
      plan[c] = 5
  }
  let row = 0
  rows: for (let r = 0; r < batch.length; r++) {
    format.rows++
    for (let c = 0; c < n; c++) {
      const p = plan[c]!
      if (p === 0) continue
      const data = batch.columns[from[c]!]!
      let why = ""
      switch (p) {
        case 1:
          why = decoder.value(chunk, c, row, (data as Float64Array)[r]!)
          break
        case 2: {
          const v = (data as Float64Array)[r]!
          why =
            Number.isInteger(v) || Number.isNaN(v)
              ? decoder.value(chunk, c, row, v)
              : `${spec.columns[c]!.name}: ${v} is not an integer`
          break
        }
        case 3: {
          const code = (data as Uint16Array)[r]!
          why = decoder.value(chunk, c, row, code === Table.NULL_CODE ? Number.NaN : code)
          break
        }
        case 4: {
          const code = (data as Uint16Array)[r]!
          const mapped = code === Table.NULL_CODE ? Number.NaN : (enumMaps[c]![code] ?? -1)
          why =
            mapped === -1
              ? `${spec.columns[c]!.name}: unknown value "${Batch.text(batch, r, from[c]!)}"`
              : decoder.value(chunk, c, row, mapped)
          break
        }
        case 5: {
          const v = (data as Float64Array)[r]!
          const t = batch.table.columns[from[c]!]!.type as { readonly width: number; readonly prefix: string }
          if (Number.isNaN(v)) {
            chunk.str[c]![row] = ""
            why = decoder.value(chunk, c, row, v)
          } else if (t.width > 1 && v < POW10[t.width - 1]!) {
            why = decoder.put(chunk, c, row, Ids.format(t.prefix, v, t.width))
          } else {
            chunk.str[c]![row] = ""
            why = decoder.value(chunk, c, row, v)
          }
          break
        }
        default:
          why = decoder.put(chunk, c, row, Batch.text(batch, r, from[c]!))
      }
      if (why !== "") {
        format.add(table, source, r + 1, why)
        continue rows
      }
    }
    const bad = domain(chunk, row)
    if (bad !== "") {
      format.add(table, source, r + 1, bad)
      continue
    }
    chunk.line[row] = r + 1
    row++
  }
  chunk.length = row
  return chunk
}
