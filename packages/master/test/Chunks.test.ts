import { describe, expect, it } from "@effect/vitest"
import { Batch } from "@retail-datagen/core"
import { FastCheck as fc } from "effect"
import { Master, Tables } from "../src/index.js"
import { generate, smallSpec, texts } from "./helpers.js"

/** Every chunk copied as it comes (the generator reuses its numeric columns). */
const copies = (master: Master.Master, name: Tables.Name, rows?: number): Array<Batch.Batch> => {
  const out: Array<Batch.Batch> = []
  const table = Master.tableOf(name)
  for (const b of Master.chunks(master, name, rows)) out.push(Batch.concat(table, [b]))
  return out
}

describe("Master.chunks", () => {
  it("splits every table into consecutive chunks whose rows are the whole batch's rows", () => {
    fc.assert(
      fc.property(smallSpec, fc.integer({ min: 1, max: 700 }), (spec, rows) => {
        const m = Master.generateMaster(spec)
        for (const name of Master.TABLE_NAMES) {
          const whole = Master.toBatch(m, name)
          const parts = copies(m, name, rows)
          expect(parts.length).toBe(Math.max(1, Math.ceil(whole.length / rows)))
          parts.forEach((p, i) => {
            expect(p.table).toBe(whole.table)
            expect(p.length).toBe(i < parts.length - 1 ? rows : whole.length - rows * (parts.length - 1))
          })
          expect(parts.flatMap(texts)).toEqual(texts(whole))
        }
      }),
      { numRuns: 15 }
    )
  })

  it("uses CHUNK_ROWS by default and stays within it", () => {
    const m = generate({ seed: 3, stores: 30, dcs: 3, customers: 2000, products: 4000 })
    const lengths = Array.from(Master.chunks(m, "store_inventory_snapshots"), (b) => b.length)
    expect(m.storeInventory.length).toBeGreaterThan(Master.CHUNK_ROWS)
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(m.storeInventory.length)
    expect(lengths.slice(0, -1).every((n) => n === Master.CHUNK_ROWS)).toBe(true)
    expect(lengths.at(-1)!).toBeLessThanOrEqual(Master.CHUNK_ROWS)
  })

  it("is lazy: nothing is converted before a chunk is asked for", () => {
    const m = generate({ seed: 3, stores: 5, dcs: 1, customers: 100, products: 50 })
    const it = Master.chunks(m, "customers", 40)
    const first = it.next()
    expect(first.done).toBe(false)
    expect((first.value as Batch.Batch).length).toBe(40)
    expect(Batch.rows(first.value as Batch.Batch)[0]!.ID).toBe(1)
    const second = it.next().value as Batch.Batch
    expect(Batch.rows(second)[0]!.ID).toBe(41)
  })

  it("rejects a chunk size that is not a positive integer", () => {
    const m = generate({ seed: 3, stores: 5, dcs: 1, customers: 10, products: 10 })
    for (const rows of [0, -1, 1.5, Number.NaN])
      expect(() => Master.chunks(m, "stores", rows).next()).toThrow(RangeError)
  })

  it("tableOf gives each name's table spec", () => {
    for (const t of Tables.all) expect(Master.tableOf(t.name as Tables.Name)).toBe(t)
  })
})
