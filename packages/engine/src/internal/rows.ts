/**
 * One day's rows of a table, owned and in the canonical file order: the batches handed over by the
 * plugin steps (views into their builders) or read back from shard part files are copied into
 * fresh arrays, concatenated, and put in one TOTAL order that depends only on the row values:
 *
 * 1. by `EventTS` when the table has that column (nulls last);
 * 2. ties broken by the columns left to right: numeric kinds numerically (null/NaN last, `-0`
 *    before `0`), strings by their text in UTF-16 code-unit order, enums by the text of their
 *    label in code-unit order (not by their code), bools `false` < `true`; null (`""`,
 *    `NULL_CODE`) last in every kind.
 *
 * Rows equal in every column are interchangeable, so the result depends only on the multiset of
 * rows: any split of a day's rows into batches (regions, workers, shards), in any order, gives a
 * column-for-column identical batch, hence identical file bytes.
 *
 * Speed: a counting sort by `EventTS` (timestamps of one day span a small range; an
 * already-sorted input is detected and not permuted), then each run of equal `EventTS` is put in
 * order by an insertion sort (short runs, the common case) or a comparator sort (long runs).
 * Tables without `EventTS` are sorted by the full-row comparison. Plain loops over typed arrays.
 */
import { type Batch, Table } from "@retail-datagen/core"

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

const copyOf = (src: Column, n: number): Column =>
  isStrings(src)
    ? src.slice(0, n)
    : src instanceof Uint16Array
      ? src.slice(0, n)
      : (src as Float64Array).slice(0, n)

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

const NUM = 0
const CODE = 1
const STR = 2

/** How a table's columns compare: per column a storage kind and, for enums, label ranks. */
interface Plan {
  readonly kinds: Int32Array
  /** Per column: code → rank of its label in text order (enum), code itself (bool); NULL_CODE last. */
  readonly ranks: ReadonlyArray<Uint16Array | undefined>
}

const plans = new WeakMap<Table.Table, Plan>()

const planOf = (table: Table.Table): Plan => {
  const cached = plans.get(table)
  if (cached !== undefined) return cached
  const kinds = Int32Array.from(table.columns, (c) =>
    Table.isNumeric(c.type.kind) ? NUM : c.type.kind === "string" ? STR : CODE
  )
  const ranks = table.columns.map((c) => {
    if (c.type.kind !== "enum") return undefined
    const values = c.type.values
    const order = values.map((_, i) => i).sort((a, b) => (values[a]! < values[b]! ? -1 : 1))
    const rank = new Uint16Array(values.length)
    order.forEach((code, r) => {
      rank[code] = r
    })
    return rank
  })
  const plan = { kinds, ranks }
  plans.set(table, plan)
  return plan
}

/** Numeric compare of unequal-or-zero values: NaN last, `-0` before `0`. */
const compareNumSlow = (a: number, b: number): number => {
  if (a === b) return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1
  const na = Number.isNaN(a)
  return na === Number.isNaN(b) ? 0 : na ? 1 : -1
}

const NO_F64 = new Float64Array(0)
const NO_U16 = new Uint16Array(0)
const NO_STR: ReadonlyArray<string> = []
const NO_RANK = new Uint16Array(0)

/**
 * The canonical row comparator over a table's columns (rows `i`, `j` of `columns`): `EventTS`
 * first when the table has it (NaN last), then every column left to right.
 */
export const comparator = (
  table: Table.Table,
  columns: ReadonlyArray<Column>
): ((i: number, j: number) => number) => {
  const { kinds, ranks } = planOf(table)
  const width = kinds.length
  const ts = sortColumnOf(table)
  const tsData = ts < 0 ? NO_F64 : (columns[ts] as Float64Array)
  const byTs = ts >= 0
  // Dense, monomorphic per-storage arrays (placeholders where a column has another storage).
  const num = columns.map((c) => (c instanceof Float64Array ? c : NO_F64))
  const code = columns.map((c) => (c instanceof Uint16Array ? c : NO_U16))
  const str = columns.map((c) => (isStrings(c) ? c : NO_STR))
  const rank = ranks.map((r) => r ?? NO_RANK)
  return (i, j) => {
    if (byTs) {
      const a = tsData[i]!
      const b = tsData[j]!
      if (a < b) return -1
      if (a > b) return 1
      if (a !== b || a === 0) {
        const d = compareNumSlow(a, b)
        if (d !== 0) return d
      }
    }
    for (let c = 0; c < width; c++) {
      const kind = kinds[c]
      if (kind === NUM) {
        const col = num[c]!
        const a = col[i]!
        const b = col[j]!
        if (a < b) return -1
        if (a > b) return 1
        if (a !== b || a === 0) {
          const d = compareNumSlow(a, b)
          if (d !== 0) return d
        }
      } else if (kind === CODE) {
        const col = code[c]!
        const a = col[i]!
        const b = col[j]!
        if (a !== b) {
          if (a === Table.NULL_CODE) return 1
          if (b === Table.NULL_CODE) return -1
          const r = rank[c]!
          return r.length === 0 ? a - b : r[a]! - r[b]!
        }
      } else {
        const col = str[c]!
        const a = col[i]!
        const b = col[j]!
        if (a !== b) {
          if (a === "") return 1
          if (b === "") return -1
          return a < b ? -1 : 1
        }
      }
    }
    return 0
  }
}

/** Runs up to this length are put in order by insertion sort. */
const INSERTION = 24

/** Sorts `perm[from..to)` under `cmp`. */
const sortRange = (
  perm: Uint32Array,
  from: number,
  to: number,
  cmp: (i: number, j: number) => number
): void => {
  if (to - from <= INSERTION) {
    for (let i = from + 1; i < to; i++) {
      const x = perm[i]!
      let j = i - 1
      while (j >= from && cmp(perm[j]!, x) > 0) {
        perm[j + 1] = perm[j]!
        j--
      }
      perm[j + 1] = x
    }
  } else {
    perm.subarray(from, to).sort(cmp)
  }
}

const identity = (n: number): Uint32Array => {
  const perm = new Uint32Array(n)
  for (let i = 0; i < n; i++) perm[i] = i
  return perm
}

/**
 * The canonical order of the `n` rows of `columns` (a table's columns), or `undefined` when they
 * are already in it: the order by `EventTS` alone (`stableOrder`) when the table has that column,
 * then each run of equal `EventTS` checked and, when out of order, sorted under `comparator`.
 */
export const canonicalOrder = (
  table: Table.Table,
  columns: ReadonlyArray<Column>,
  n: number
): Uint32Array | undefined => {
  const ts = sortColumnOf(table)
  const cmp = comparator(table, columns)
  if (ts < 0) {
    let sorted = true
    for (let i = 1; i < n && sorted; i++) if (cmp(i - 1, i) > 0) sorted = false
    if (sorted) return undefined
    const perm = identity(n)
    sortRange(perm, 0, n, cmp)
    return perm
  }
  const tsData = columns[ts] as Float64Array
  // Within a run of one finite, non-zero EventTS the first other column decides most ties: when
  // it is numeric, compare it inline and call the full comparator only when it is equal.
  const leadIndex = ts === 0 ? 1 : 0
  const leadColumn = columns[leadIndex]
  const lead = leadIndex < columns.length && leadColumn instanceof Float64Array ? leadColumn : undefined
  const fast =
    lead === undefined
      ? cmp
      : (i: number, j: number): number => {
          const a = lead[i]!
          const b = lead[j]!
          return a < b ? -1 : a > b ? 1 : cmp(i, j)
        }
  let perm = stableOrder(n === tsData.length ? tsData : tsData.subarray(0, n))
  let from = 0
  while (from < n) {
    const k = keyOf(tsData[perm === undefined ? from : perm[from]!]!)
    const order = k !== 0 && k !== Number.POSITIVE_INFINITY ? fast : cmp
    let to = from + 1
    let sorted = true
    let prev = perm === undefined ? from : perm[from]!
    while (to < n) {
      const row = perm === undefined ? to : perm[to]!
      if (keyOf(tsData[row]!) !== k) break
      if (sorted && order(prev, row) > 0) sorted = false
      prev = row
      to++
    }
    if (!sorted) {
      if (perm === undefined) perm = identity(n)
      sortRange(perm, from, to, order)
    }
    from = to
  }
  return perm
}

/**
 * One owned batch holding the rows of `batches` (all of `table`) in the canonical order (see the
 * module comment). The result shares no array with the input.
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
  const single = batches.length === 1 ? batches[0]! : undefined
  // A single batch is read in place (its columns may be longer than its length); several are
  // concatenated into owned arrays first.
  const source: ReadonlyArray<Column> =
    single !== undefined ? single.columns : table.columns.map((_, c) => concatColumn(batches, c, n))
  const perm = canonicalOrder(table, source, n)
  const columns = new Array<Column>(width)
  for (let c = 0; c < width; c++) {
    if (perm !== undefined) columns[c] = gather(source[c]!, perm)
    else if (single !== undefined) columns[c] = copyOf(source[c]!, n)
    else columns[c] = source[c]!
  }
  return { table, length: n, columns }
}

/** Merges the sorted row lists `a` and `b` under `cmp` into `out`. */
const merge2 = (
  a: Uint32Array,
  b: Uint32Array,
  out: Uint32Array,
  cmp: (i: number, j: number) => number
): void => {
  let i = 0
  let j = 0
  let o = 0
  while (i < a.length && j < b.length) out[o++] = cmp(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!
  while (i < a.length) out[o++] = a[i++]!
  while (j < b.length) out[o++] = b[j++]!
}

/**
 * One owned batch holding the rows of `parts` (all of `table`, each part in the canonical row
 * order, as `ownedSorted` makes them) in the canonical order: the parts are merged pairwise
 * (n·log2(parts) comparisons, most decided by `EventTS` alone) instead of sorted again. A single
 * part is returned as is.
 */
export const mergeSorted = (table: Table.Table, parts: ReadonlyArray<Batch.Batch>): Batch.Batch => {
  if (parts.length === 1) return parts[0]!
  let n = 0
  for (const p of parts) n += p.length
  const columns = table.columns.map((_, c) => concatColumn(parts, c, n))
  let runs: Array<Uint32Array> = []
  let o = 0
  for (const p of parts) {
    if (p.length === 0) continue
    const run = new Uint32Array(p.length)
    for (let r = 0; r < p.length; r++) run[r] = o + r
    runs.push(run)
    o += p.length
  }
  if (runs.length <= 1) return { table, length: n, columns }
  const cmp = comparator(table, columns)
  while (runs.length > 1) {
    const next: Array<Uint32Array> = []
    for (let k = 0; k + 1 < runs.length; k += 2) {
      const out = new Uint32Array(runs[k]!.length + runs[k + 1]!.length)
      merge2(runs[k]!, runs[k + 1]!, out, cmp)
      next.push(out)
    }
    if (runs.length % 2 === 1) next.push(runs[runs.length - 1]!)
    runs = next
  }
  const perm = runs[0]!
  return { table, length: n, columns: columns.map((c) => gather(c, perm)) }
}
