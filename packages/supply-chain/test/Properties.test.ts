import { describe, expect, it } from "@effect/vitest"
import type { Master } from "@retail-datagen/master"
import { Report, Validate } from "@retail-datagen/validation"
import { FastCheck as fc } from "effect"
import { dcRows, ordered, replay, saleUnits, shipments, storeRows } from "./checks.js"
import { masterBatches, masterOf, type Output, run } from "./helpers.js"

/** Small chains, including tiny stock, heavy demand, tiny trucks, one truck per DC and scarce DC throughput. */
const configs = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  stores: fc.integer({ min: 3, max: 12 }),
  dcs: fc.integer({ min: 1, max: 3 }),
  products: fc.integer({ min: 40, max: 250 }),
  trucksPerDc: fc.integer({ min: 1, max: 4 }),
  truckCapacityUnits: fc.constantFrom(25, 300, 2400),
  unitsPerStoreDay: fc.constantFrom(3, 20, 200),
  demand: fc.constantFrom(20, 80, 200),
  online: fc.constantFrom(0, 40, 150),
  days: fc.integer({ min: 3, max: 7 }),
  supplierLeadDays: fc.integer({ min: 1, max: 5 }),
  dcThroughputUnitsPerDay: fc.constantFrom(50, 5000, 250_000),
  shrink: fc.constantFrom(0, 0.5, 4)
})
type Config = typeof configs extends fc.Arbitrary<infer A> ? A : never

/** One fast-check seed per test file run: every property below sees the same chains (runs are cached). */
const SEED = Math.floor(Math.random() * 2 ** 31)
const RUNS = Number(process.env.SUPPLY_PROPERTY_RUNS ?? 16)
const cache = new Map<string, Promise<{ master: Master.Master; out: Output }>>()

const simulate = (c: Config) => {
  const key = JSON.stringify(c)
  let p = cache.get(key)
  if (p === undefined) {
    const master = masterOf({ ...c, customers: 300 })
    p = run({
      master,
      seed: c.seed,
      days: c.days,
      receiptsPerDay: c.stores * c.demand,
      onlineOrdersPerDay: c.online,
      options: {
        supplierLeadDays: c.supplierLeadDays,
        dcThroughputUnitsPerDay: c.dcThroughputUnitsPerDay,
        storeShrinkPerDay: c.shrink,
        storeCycleCountsPerDay: c.shrink,
        dcShrinkPerDay: c.shrink * 2,
        dcCycleCountsPerDay: c.shrink * 2
      }
    }).then((out) => ({ master, out }))
    cache.set(key, p)
  }
  return p
}

const property = (name: string, check: (master: Master.Master, out: Output, c: Config) => void) =>
  it(name, () =>
    fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const { master, out } = await simulate(c)
        check(master, out, c)
      }),
      { numRuns: RUNS, seed: SEED }
    )
  )

describe("supply chain properties (random chains)", () => {
  property("replaying all rows from the snapshots never gives a negative balance", (master, out) => {
    const r = replay(master, out.tables)
    expect(r.problems.filter((x) => !x.includes("capacity")).slice(0, 5)).toEqual([])
    expect(r.minStore).toBeGreaterThanOrEqual(0)
    const report = Validate.batches({ master: masterBatches(master), facts: out.tables }, { only: ["I4"] })
    expect(Report.ok(report), Report.text(report)).toBe(true)
  })

  property("no store holds more than its shelf capacity", (master, out) => {
    expect(
      replay(master, out.tables)
        .problems.filter((x) => x.includes("capacity"))
        .slice(0, 5)
    ).toEqual([])
  })

  property("SALE units per (store, product, day) equal the receipt-line units", (_master, out) => {
    expect(saleUnits(out.tables).slice(0, 5)).toEqual([])
  })

  property("truck statuses come in lifecycle order, ETA < ETD, keys resolve", (master, out) => {
    const p = shipments(master, out.tables)
    expect(p.lifecycle.slice(0, 5)).toEqual([])
    expect(p.keys.slice(0, 5)).toEqual([])
  })

  property(
    "every store INBOUND follows its shipment's ARRIVED, once per product, from its truck",
    (master, out) => {
      expect(shipments(master, out.tables).inbound.slice(0, 5)).toEqual([])
    }
  )

  property("a truck is never on two trips at once", (master, out) => {
    expect(shipments(master, out.tables).overlap.slice(0, 5)).toEqual([])
  })

  property("shipments fit their truck and the DC ships what the store receives", (master, out) => {
    expect(shipments(master, out.tables).capacity.slice(0, 5)).toEqual([])
  })

  property("refrigerated products travel only on refrigerated trucks", (master, out) => {
    expect(shipments(master, out.tables).cold.slice(0, 5)).toEqual([])
  })

  property("every batch holds its own day's rows in EventTS order", (_master, out) => {
    expect(ordered(out.tables, out.days).slice(0, 5)).toEqual([])
  })

  property("the whole dataset passes @retail-datagen/validation", (master, out) => {
    const report = Validate.batches({ master: masterBatches(master), facts: out.tables })
    expect(Report.ok(report), Report.text(report)).toBe(true)
  })

  property("lost-sales counters cover every day and every unit written", (_master, out, c) => {
    const written = [...storeRows(out.tables), ...dcRows(out.tables)]
      .filter((x) => x.reason === "SALE" || x.reason === "ONLINE_FULFILLMENT")
      .reduce((n, x) => n - x.delta, 0)
    expect(out.lost.days.length).toBe(c.days)
    expect(written).toBe(out.lost.totalGranted)
    expect(out.lost.totalLost).toBe(out.lost.totalRequested - out.lost.totalGranted)
    out.lost.lost.forEach((l, k) => {
      expect(l).toBeGreaterThanOrEqual(out.lost.notCarried[k]!)
    })
  })
})
