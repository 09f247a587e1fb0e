import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, type Plugin, Table } from "@retail-datagen/core"
import { Effect, FastCheck as fc } from "effect"
import { Run } from "../src/index.js"
import { ownedSorted, stableOrder } from "../src/internal/rows.js"
import * as F from "./fixtures/pipeline.js"

/** Reference: a stable sort of row indices by key, NaN last. */
const reference = (keys: ReadonlyArray<number>): Array<number> =>
  keys
    .map((k, i) => ({ k: Number.isNaN(k) ? Number.POSITIVE_INFINITY : k, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.i)

const T = Table.make("t", {
  EventTS: Table.timestamp,
  Tag: Table.string,
  Code: Table.enumOf(["a", "b", "c"])
})

const batchOf = (keys: ReadonlyArray<number>, from = 0): Batch.Batch => {
  const b = Batch.builder(T)
  keys.forEach((k, i) => {
    b.num("EventTS").push(k)
    b.str("Tag").push(`r${String(from + i).padStart(5, "0")}`)
    b.code("Code").push((from + i) % 3)
  })
  return b.finish()
}

const texts = (b: Batch.Batch): Array<string> =>
  Array.from({ length: b.length }, (_, r) => b.table.columns.map((_, c) => Batch.text(b, r, c)).join(","))

describe("stableOrder", () => {
  it.prop(
    "is a stable sort by key (counting sort over a small span, comparison sort otherwise)",
    [
      fc.oneof(
        fc.array(fc.integer({ min: 1_700_000_000, max: 1_700_000_100 }), { maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { maxLength: 300 }),
        fc.array(fc.oneof(fc.double({ noNaN: false, noDefaultInfinity: true }), fc.constant(5)), {
          maxLength: 100
        })
      )
    ],
    ([keys]) => {
      const perm = stableOrder(Float64Array.from(keys))
      const order = perm === undefined ? keys.map((_, i) => i) : Array.from(perm)
      expect(order).toStrictEqual(reference(keys))
    }
  )

  it("returns undefined for rows already in order", () => {
    expect(stableOrder(Float64Array.from([1, 1, 2, 3, 3]))).toBeUndefined()
    expect(stableOrder(new Float64Array(0))).toBeUndefined()
  })
})

describe("ownedSorted", () => {
  it.prop(
    "concatenates and sorts by EventTS (distinct rows: ties by the next column), as owned copies",
    [fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), { maxLength: 5 })],
    ([groups]) => {
      let from = 0
      const batches = groups.map((g) => {
        const b = batchOf(g, from)
        from += g.length
        return b
      })
      const out = ownedSorted(T, batches)
      const all = groups.flat()
      const rows = batches.flatMap(texts)
      expect(texts(out)).toStrictEqual(reference(all).map((i) => rows[i]))
      for (const b of batches) for (const c of b.columns) expect(out.columns).not.toContain(c)
    }
  )

  it("a table without EventTS is sorted by the whole row", () => {
    const U = Table.make("u", { Day: Table.date, N: Table.int })
    const b = Batch.fromRows(U, [
      { Day: 3, N: 1 },
      { Day: 1, N: 2 },
      { Day: null, N: 0 },
      { Day: 1, N: 1 }
    ])
    expect(Batch.rows(ownedSorted(U, [b]))).toStrictEqual([
      { Day: 1, N: 1 },
      { Day: 1, N: 2 },
      { Day: 3, N: 1 },
      { Day: null, N: 0 }
    ])
  })

  it.effect("merging the shards' batches of a day gives the rows of the whole run", () =>
    Effect.gen(function* () {
      const day = Calendar.parse("2024-05-05")
      const collect = (shard: Plugin.Shard) =>
        Effect.gen(function* () {
          let out: Batch.Batch | undefined
          yield* Run.run({
            plugins: [F.sales],
            master: { stores: 9 },
            seed: 3,
            start: day,
            end: day,
            shard,
            onBatches: (_d, _p, [b]) => Effect.sync(() => (out = ownedSorted(F.SalesTable, [b!])))
          })
          return out!
        })
      const whole = yield* collect({ index: 0, count: 1 })
      const parts = [yield* collect({ index: 0, count: 3 }), yield* collect({ index: 1, count: 3 })]
      parts.push(yield* collect({ index: 2, count: 3 }))
      const merged = ownedSorted(F.SalesTable, parts)
      expect(texts(merged)).toStrictEqual(texts(whole))
    })
  )
})

/** A table with every comparison kind; enum labels deliberately not in text order. */
const W = Table.make("w", {
  Trace: Table.id("TRC", 4),
  EventTS: Table.timestamp,
  Tag: Table.string,
  Code: Table.enumOf(["b", "a", "ca", "c"]),
  Flag: Table.bool,
  Amount: Table.cents,
  Ratio: Table.float(2)
})

type Row = Record<string, Batch.Cell>

const rowArb: fc.Arbitrary<Row> = fc.record({
  // few distinct values: many EventTS ties and many duplicate rows
  Trace: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 })),
  EventTS: fc.oneof(fc.constant(null), fc.integer({ min: 1_700_000_000, max: 1_700_000_003 })),
  Tag: fc.oneof(fc.constant(null), fc.constantFrom("a", "B", "b", "ab", "é", "Z")),
  Code: fc.oneof(fc.constant(null), fc.constantFrom("b", "a", "ca", "c")),
  Flag: fc.oneof(fc.constant(null), fc.boolean()),
  Amount: fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 2 })),
  Ratio: fc.oneof(fc.constant(null), fc.constantFrom(0, -0, 1.5, -1.5))
})

/** The canonical order written out independently: nulls last, then by value (text for enums). */
const compareCell = (a: Batch.Cell, b: Batch.Cell): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1
  if (typeof a === "number" && typeof b === "number") {
    if (a !== b) return a < b ? -1 : 1
    return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1
  }
  if (typeof a === "boolean") return a === b ? 0 : a ? 1 : -1
  return a === b ? 0 : (a as string) < (b as string) ? -1 : 1
}
const compareRow = (table: Table.Table, x: Row, y: Row): number => {
  const names = table.columns.map((c) => c.name)
  const keys = names.includes("EventTS") ? ["EventTS", ...names] : names
  for (const k of keys) {
    const d = compareCell(x[k] ?? null, y[k] ?? null)
    if (d !== 0) return d
  }
  return 0
}

const columnsOf = (b: Batch.Batch): Array<Array<unknown>> =>
  b.columns.map((c) => Array.from(c as ArrayLike<unknown>))

/** `rows` shuffled by `keys` and cut at `cuts` into batches. */
const split = (
  table: Table.Table,
  rows: ReadonlyArray<Row>,
  keys: ReadonlyArray<number>,
  cuts: ReadonlyArray<number>
) => {
  const shuffled = rows
    .map((r, i) => ({ r, k: keys[i] ?? 0, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.r)
  const at = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b)
  const out: Array<Batch.Batch> = []
  let from = 0
  for (const c of [...at, rows.length]) {
    out.push(Batch.fromRows(table, shuffled.slice(from, c)))
    from = c
  }
  return out
}

describe("ownedSorted: the canonical order", () => {
  it.prop(
    "any split of the rows into batches, in any order, gives identical columns",
    [
      fc.array(rowArb, { maxLength: 120 }),
      fc.array(fc.integer(), { maxLength: 120 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.array(fc.integer(), { maxLength: 120 }),
      fc.array(fc.nat(), { maxLength: 6 })
    ],
    ([rows, keysA, cutsA, keysB, cutsB]) => {
      const a = ownedSorted(W, split(W, rows, keysA, cutsA))
      const b = ownedSorted(W, split(W, rows, keysB, cutsB))
      expect(a.length).toBe(rows.length)
      expect(columnsOf(a)).toStrictEqual(columnsOf(b))
    }
  )

  it.prop(
    "the result is sorted under the canonical comparison and is a permutation of the input",
    [fc.array(rowArb, { maxLength: 150 }), fc.array(fc.nat(), { maxLength: 4 })],
    ([rows, cuts]) => {
      const out = Batch.rows(ownedSorted(W, split(W, rows, [], cuts)))
      for (let i = 1; i < out.length; i++) expect(compareRow(W, out[i - 1]!, out[i]!)).toBeLessThanOrEqual(0)
      const key = (r: Row) =>
        JSON.stringify(W.columns.map((c) => (Object.is(r[c.name], -0) ? "-0" : r[c.name])))
      const input = Batch.rows(Batch.fromRows(W, rows))
      expect(out.map(key).sort()).toStrictEqual(input.map(key).sort())
    }
  )

  it.prop(
    "long tie runs (comparator sort) and tables without EventTS (full-row sort) obey the same order",
    [fc.array(rowArb, { minLength: 30, maxLength: 300 }), fc.array(fc.integer(), { maxLength: 300 })],
    ([rows, keys]) => {
      const tied = rows.map((r) => ({ ...r, EventTS: 1_700_000_000 }))
      const U = Table.make("u", {
        Tag: Table.string,
        Code: Table.enumOf(["b", "a", "ca", "c"]),
        Amount: Table.cents
      })
      for (const [table, input] of [
        [W, tied],
        [U, rows]
      ] as const) {
        const out = Batch.rows(ownedSorted(table, split(table, input, keys, [7])))
        for (let i = 1; i < out.length; i++)
          expect(compareRow(table, out[i - 1]!, out[i]!)).toBeLessThanOrEqual(0)
        expect(columnsOf(ownedSorted(table, [Batch.fromRows(table, input)]))).toStrictEqual(
          columnsOf(ownedSorted(table, split(table, input, keys, [3, 11])))
        )
      }
    }
  )
})
