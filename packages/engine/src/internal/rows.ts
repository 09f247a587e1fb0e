/**
 * One day's rows of a table, owned and in file order: the batches handed over by the plugin steps
 * (views into their builders) are copied into fresh arrays, concatenated, and stably sorted by
 * `EventTS` when the table has that column. Plain loops over typed arrays; a counting sort when
 * the timestamps span a small range (one day of seconds), a comparison sort otherwise.
 */
import type { Batch, Table } from "@retail-datagen/core"

/** The column the pipeline sorts by. */
export const SORT_COLUMN = "EventTS"

/** Index of the table's numeric `EventTS` column, or -1. */
export const sortColumnOf = (table: Table.Table): number =>
  table.columns.findIndex(
    (c) =>
      c.name === SORT_COLUMN && c.type.kind !== "string" && c.type.kind !== "enum" && c.type.kind !== "bool"
  )

type Column = Batch.ColumnData

const isStrings = (c: Column): c is ReadonlyArray<string> => Array.isArray(c)

/** The rows of `batches` (one table) in order, as fresh arrays. */
const concatColumn = (batches: ReadonlyArray<Batch.Batch>, c: number, n: number): Column => {
  const first = batches[0]!.columns[c]!
  if (isStrings(first)) {
    const out = new Array<string>(n)
    let o = 0
    for (const b of batches) {
      const src = b.columns[c] as ReadonlyArray<string>
      for (let r = 0; r < b.length; r++) out[o++] = src[r]!
    }
    return out
  }
  const out = first instanceof Uint16Array ? new Uint16Array(n) : new Float64Array(n)
  let o = 0
  for (const b of batches) {
    const src = b.columns[c] as Float64Array | Uint16Array
    out.set(src.subarray(0, b.length), o)
    o += b.length
  }
  return out
}

const gather = (src: Column, perm: Uint32Array): Column => {
  const n = perm.length
  if (isStrings(src)) {
    const out = new Array<string>(n)
    for (let i = 0; i < n; i++) out[i] = src[perm[i]!]!
    return out
  }
  const out = src instanceof Uint16Array ? new Uint16Array(n) : new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = src[perm[i]!]!
  return out
}

/** Sort key of a timestamp: nulls (NaN) sort last. */
const keyOf = (v: number): number => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v)

/**
 * A stable order of `keys` (row indices), or `undefined` when they are already in order.
 * Counting sort when every key is an integer in a range of at most `4n + 65536` values.
 */
export const stableOrder = (keys: Float64Array): Uint32Array | undefined => {
  const n = keys.length
  let sorted = true
  let integral = true
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  let prev = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const k = keyOf(keys[i]!)
    if (k < prev) sorted = false
    prev = k
    if (k < min) min = k
    if (k > max) max = k
    if (!Number.isInteger(k)) integral = false
  }
  if (sorted) return undefined
  const perm = new Uint32Array(n)
  const span = max - min
  if (integral && span <= 4 * n + 65536) {
    const counts = new Uint32Array(span + 2)
    for (let i = 0; i < n; i++) counts[keys[i]! - min + 1]!++
    for (let v = 1; v < counts.length; v++) counts[v]! += counts[v - 1]!
    for (let i = 0; i < n; i++) perm[counts[keys[i]! - min]!++] = i
    return perm
  }
  for (let i = 0; i < n; i++) perm[i] = i
  const k = Float64Array.from(keys, keyOf)
  perm.sort((a, b) => k[a]! - k[b]! || a - b)
  return perm
}

/**
 * One owned batch holding the rows of `batches` (all of `table`) in order, stably sorted by
 * `EventTS` when the table has that column (nulls last).
 */
export const ownedSorted = (table: Table.Table, batches: ReadonlyArray<Batch.Batch>): Batch.Batch => {
  let n = 0
  for (const b of batches) n += b.length
  const width = table.columns.length
  if (batches.length === 0 || n === 0) {
    const columns: Array<Column> = table.columns.map((c) =>
      c.type.kind === "string"
        ? []
        : c.type.kind === "enum" || c.type.kind === "bool"
          ? new Uint16Array(0)
          : new Float64Array(0)
    )
    return { table, length: 0, columns }
  }
  const ts = sortColumnOf(table)
  const single = batches.length === 1 ? batches[0]! : undefined
  const perm = ts < 0 ? undefined : stableOrder(keysOf(batches, ts, n))
  const columns = new Array<Column>(width)
  for (let c = 0; c < width; c++) {
    if (perm === undefined) columns[c] = concatColumn(batches, c, n)
    else if (single !== undefined) columns[c] = gather(single.columns[c]!, perm)
    else columns[c] = gather(concatColumn(batches, c, n), perm)
  }
  return { table, length: n, columns }
}

const keysOf = (batches: ReadonlyArray<Batch.Batch>, c: number, n: number): Float64Array => {
  if (batches.length === 1) {
    const col = batches[0]!.columns[c] as Float64Array
    return col.length === n ? col : col.subarray(0, n)
  }
  return concatColumn(batches, c, n) as Float64Array
}
