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
    b.str("Tag").push(`r${from + i}`)
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
    "concatenates and stably sorts by EventTS, as owned copies of every column kind",
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

  it("a table without EventTS keeps the step order", () => {
    const U = Table.make("u", { Day: Table.date, N: Table.int })
    const b = Batch.fromRows(U, [
      { Day: 3, N: 1 },
      { Day: 1, N: 2 }
    ])
    expect(Batch.rows(ownedSorted(U, [b, b]))).toStrictEqual([...Batch.rows(b), ...Batch.rows(b)])
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
      // ties on EventTS keep the order of their source: compare as multisets per second, and the keys exactly
      expect(Array.from(merged.columns[1] as Float64Array)).toStrictEqual(
        Array.from(whole.columns[1] as Float64Array)
      )
      expect(texts(merged).sort()).toStrictEqual(texts(whole).sort())
    })
  )
})
