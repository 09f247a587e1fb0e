import { Batch, Table } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { lines, text } from "./checks.js"
import { masterOf, run, START, type Scenario, type Tables } from "./helpers.js"

const SUPPLY = ["store_inventory_txn", "dc_inventory_txn", "truck_moves"]

/** Per table and day: the text lines of each region's rows, in batch order. */
const byRegion = (scenario: Scenario, t: Tables, days: ReadonlyArray<number>): Map<string, Array<string>> => {
  const out = new Map<string, Array<string>>()
  const dcOf = scenario.master.stores.dcId
  for (const name of SUPPLY) {
    ;(t[name] ?? []).forEach((b, k) => {
      const text = lines(b)
      const node = name === "store_inventory_txn" ? "StoreID" : "DCID"
      const c = Table.indexOf(b.table, node)
      text.forEach((line, r) => {
        const id = Batch.cell(b, r, c) as number
        const region = name === "store_inventory_txn" ? dcOf[id - 1]! - 1 : id - 1
        const key = `${name}/${days[k]}/${region}`
        out.set(key, [...(out.get(key) ?? []), line])
      })
    })
  }
  return out
}

const scenarios = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  stores: fc.integer({ min: 6, max: 12 }),
  dcs: fc.integer({ min: 3, max: 5 }),
  products: fc.integer({ min: 60, max: 200 }),
  unitsPerStoreDay: fc.constantFrom(10, 100),
  trucksPerDc: fc.integer({ min: 1, max: 3 })
})

describe("determinism, sharding and resume", () => {
  it("the same config gives the same rows; another seed gives others", async () => {
    const master = masterOf({ seed: 5, stores: 8, dcs: 2, products: 150 })
    const s: Scenario = { master, seed: 5, days: 4, receiptsPerDay: 600, onlineOrdersPerDay: 60 }
    const a = await run(s)
    const b = await run(s)
    expect(text(b.tables)).toEqual(text(a.tables))
    expect(b.lost).toEqual(a.lost)
    const c = await run({ ...s, seed: 6 })
    for (const name of SUPPLY) expect(text(c.tables)[name]).not.toEqual(text(a.tables)[name])
  })

  it("1 shard and 3 shards produce the same rows per region, in the same order", async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (c) => {
        const master = masterOf({ ...c, customers: 300 })
        const s: Scenario = {
          master,
          seed: c.seed,
          days: 4,
          receiptsPerDay: c.stores * 80,
          onlineOrdersPerDay: 80
        }
        const one = await run(s)
        const whole = byRegion(s, one.tables, one.days)
        const parts = new Map<string, Array<string>>()
        let granted = 0
        for (let index = 0; index < 3; index++) {
          const part = await run({ ...s, shard: { index, count: 3 } })
          granted += part.lost.totalGranted
          for (const [k, v] of byRegion(s, part.tables, part.days))
            parts.set(k, [...(parts.get(k) ?? []), ...v])
        }
        expect([...parts.keys()].sort()).toEqual([...whole.keys()].sort())
        for (const [k, v] of whole) expect(parts.get(k), k).toEqual(v)
        expect(granted).toBe(one.lost.totalGranted)
      }),
      { numRuns: 4 }
    )
  })

  it("a run resumed from a JSON round-trip of its saved state continues byte-identically", async () => {
    const master = masterOf({
      seed: 9,
      stores: 9,
      dcs: 2,
      products: 120,
      trucksPerDc: 2,
      unitsPerStoreDay: 30
    })
    const s: Scenario = { master, seed: 9, days: 7, receiptsPerDay: 900, onlineOrdersPerDay: 100 }
    const full = await run(s)
    const head = await run(s, undefined, START + 2)
    expect(head.days.length).toBe(3)
    const saved = JSON.parse(JSON.stringify(head.resume))
    const tail = await run(s, saved)
    expect(tail.days).toEqual(full.days.slice(3))
    const fullText = text(full.tables)
    const tailText = text(tail.tables)
    for (const name of SUPPLY) expect(tailText[name]).toEqual(fullText[name]!.slice(3))
    expect(tail.lost).toEqual(full.lost)
    // rows decided on day 3 (the next day's trucks) come out on day 4 of the resumed run
    expect(fullText.truck_moves![3]!.length).toBeGreaterThan(0)
  })
})

describe("saved state", () => {
  it("is refused by another shard or another master", async () => {
    const master = masterOf({ seed: 9, stores: 6, dcs: 2, products: 80 })
    const s: Scenario = { master, seed: 9, days: 2, receiptsPerDay: 200 }
    const head = await run(s)
    await expect(run({ ...s, shard: { index: 0, count: 2 } }, head.resume, START + 3)).rejects.toThrow(
      /saved by shard 0\/1, restored on shard 0\/2/
    )
    const other = masterOf({ seed: 10, stores: 6, dcs: 2, products: 80 })
    await expect(run({ ...s, master: other }, head.resume, START + 3)).rejects.toThrow(/cannot be restored/)
  })
})
