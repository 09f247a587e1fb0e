/**
 * A normalized columnar chunk of one contract table, the single input form of every check,
 * whether the rows came from a CSV file or an in-memory batch. Per column: `num` holds numbers
 * (ints, cents, timestamps, dates, bool 0/1, enum codes, hour seconds, the numeric form of keys),
 * NaN = null; `str` holds the text of keys that have no numeric form ("" otherwise) and of `str`
 * columns (plugin tables' text, "" = null). Text columns
 * are not kept. Only rows that decoded cleanly are in a chunk.
 */
import type { TableSpec } from "./spec.js"

export class Chunk {
  length = 0
  /** Index of the file or batch the rows came from. */
  source = 0
  line: Int32Array
  readonly num: ReadonlyArray<Float64Array>
  readonly str: ReadonlyArray<Array<string>>
  /** Whether the input had the column (extras may be absent). */
  readonly has: Array<boolean>

  constructor(
    readonly spec: TableSpec,
    readonly capacity: number
  ) {
    this.line = new Int32Array(capacity)
    this.num = spec.columns.map((c) => (c.kind === "text" ? new Float64Array(0) : new Float64Array(capacity)))
    this.str = spec.columns.map(() => [])
    this.has = spec.columns.map(() => false)
  }

  /** A chunk with the given rows of this one (for splitting batches into days). */
  select(rows: ArrayLike<number>): Chunk {
    const out = new Chunk(this.spec, Math.max(1, rows.length))
    out.source = this.source
    out.length = rows.length
    this.has.forEach((h, i) => {
      out.has[i] = h
    })
    for (let c = 0; c < this.spec.columns.length; c++) {
      const kind = this.spec.columns[c]!.kind
      if (kind === "text") continue
      const from = this.num[c]!
      const to = out.num[c]!
      for (let r = 0; r < rows.length; r++) to[r] = from[rows[r]!]!
      if (kind === "key" || kind === "str") {
        const fs = this.str[c]!
        const ts = out.str[c]!
        for (let r = 0; r < rows.length; r++) ts[r] = fs[rows[r]!]!
      }
    }
    for (let r = 0; r < rows.length; r++) out.line[r] = this.line[rows[r]!]!
    return out
  }
}

/** Text of a key cell (for findings). */
export const keyText = (chunk: Chunk, col: number, row: number): string => {
  const n = chunk.num[col]![row]!
  return !Number.isNaN(n) ? chunk.spec.columns[col]!.prefix + n : chunk.str[col]![row]!
}
