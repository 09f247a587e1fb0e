/**
 * Scenarios inside the simulation (issue 19): a scenario run is a twin of its baseline under common
 * random numbers. Whole runs of every built-in plugin in memory, over a small two-region world:
 * - an empty scenario changes nothing (same configuration, same rows);
 * - a store closed in one DC region leaves every row of the other region identical;
 * - a price rise on one category lowers its units, reprices its lines, and leaves the units of the
 *   other categories within a stated bound;
 * - a dataset is continued only with the scenario it was made with.
 */
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Taxonomy } from "@retail-datagen/master"
import { Effect, Either } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, freshDir } from "./helpers.js"
import { BASE, byRegionOf, type Row, run, unitsByCategoryOf, withScenario } from "./twins.js"

afterAll(cleanup)

const baseline = run(BASE)
const { master } = baseline

/** The rows of every table as JSON lines, by region (DCID; 0: not split by region). */
const byRegion = (facts: Record<string, Array<Row>>) => byRegionOf(master, facts)

/** Units sold per category index (receipt_lines). */
const unitsByCategory = (facts: Record<string, Array<Row>>) => unitsByCategoryOf(master, facts)

describe("scenarios in the simulation", () => {
  it("an empty scenario is the baseline: same configuration, same rows", () => {
    const config = withScenario([])
    expect(Config.toJson(config)).toBe(Config.toJson(BASE))
    expect(Generator.configHash(config)).toBe(Generator.configHash(BASE))
    expect(run(config).facts).toStrictEqual(baseline.facts)
  })

  it("a store closed in one DC region leaves every row of the other region identical", () => {
    const closedStore = 1
    const closedDc = master.stores.dcId[closedStore - 1]!
    const twin = run(
      withScenario([{ type: "store_closed", stores: [closedStore], start: "2024-12-10", end: "2024-12-11" }])
    )
    const a = byRegion(baseline.facts)
    const b = byRegion(twin.facts)
    expect([...b.keys()].sort()).toStrictEqual([...a.keys()].sort())
    let compared = 0
    for (const [key, rows] of a) {
      const dc = Number(key.split("@")[1])
      if (dc === closedDc) continue
      expect(b.get(key), key).toStrictEqual(rows)
      compared += rows.length
    }
    // not vacuous: the other region has rows, and the closed region's did change
    expect(compared).toBeGreaterThan(1000)
    expect(b.get(`receipts@${closedDc}`)).not.toStrictEqual(a.get(`receipts@${closedDc}`))
    // the store sold nothing on its closed days, and did the day before and after
    const sales = (facts: Record<string, Array<Row>>, day: string) =>
      facts.receipts!.filter(
        (r) => r.StoreID === closedStore && Math.floor((r.EventTS as number) / 86400) === Calendar.parse(day)
      ).length
    expect([10, 11].map((d) => sales(twin.facts, `2024-12-${d}`))).toStrictEqual([0, 0])
    expect([10, 11].map((d) => sales(baseline.facts, `2024-12-${d}`)).every((n) => n > 0)).toBe(true)
    expect(sales(twin.facts, "2024-12-09")).toBe(sales(baseline.facts, "2024-12-09"))
    expect(sales(twin.facts, "2024-12-12")).toBeGreaterThan(0)
  })

  it("a closed DC sends no truck on its days, its stores sell less, the other region is identical", () => {
    const twin = run(withScenario([{ type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-11" }]))
    const trucks = (facts: Record<string, Array<Row>>, day: string) =>
      facts.truck_moves!.filter(
        (r) =>
          r.DCID === 1 &&
          r.Status === "SCHEDULED" &&
          Math.floor((r.EventTS as number) / 86400) === Calendar.parse(day)
      ).length
    expect(["2024-12-10", "2024-12-11"].map((d) => trucks(twin.facts, d))).toStrictEqual([0, 0])
    expect(trucks(baseline.facts, "2024-12-10") + trucks(baseline.facts, "2024-12-11")).toBeGreaterThan(0)
    expect(trucks(twin.facts, "2024-12-09")).toBe(trucks(baseline.facts, "2024-12-09"))
    const a = byRegion(baseline.facts)
    const b = byRegion(twin.facts)
    for (const [key, rows] of a) if (key.endsWith("@2")) expect(b.get(key), key).toStrictEqual(rows)
    expect(b.get("truck_moves@1")).not.toStrictEqual(a.get("truck_moves@1"))
  })

  it("delayed trucks arrive hours after their ETA, for about their share of the trips", () => {
    const twin = run(
      withScenario([
        { type: "truck_delay", dc: 2, hours: 5, share: 0.5, start: "2024-12-09", end: "2024-12-12" }
      ])
    )
    const lateness = (facts: Record<string, Array<Row>>, dc: number) =>
      facts
        .truck_moves!.filter((r) => r.DCID === dc && r.Status === "ARRIVED")
        .map((r) => (r.EventTS as number) - (r.ETA as number))
    const late = lateness(twin.facts, 2)
    expect(late.length).toBeGreaterThan(0)
    const delayed = late.filter((s) => s >= 5 * 3600).length
    expect(delayed).toBeGreaterThan(0)
    expect(delayed).toBeLessThan(late.length)
    expect(lateness(baseline.facts, 2).every((s) => s < 5 * 3600)).toBe(true)
    // the other region is untouched
    const a = byRegion(baseline.facts)
    const b = byRegion(twin.facts)
    for (const [key, rows] of a) if (key.endsWith("@1")) expect(b.get(key), key).toStrictEqual(rows)
  })

  it("a supplier shortage cuts a category's DC inbound in its DC only", () => {
    // orders arrive after the supplier lead time (5 days): a longer period than the other cases
    const longer = Effect.runSync(Config.merge(BASE, { dates: { start: "2024-12-03", end: "2024-12-12" } }))
    const baseline = run(longer)
    const base = unitsByCategory(baseline.facts)
    const target = base.indexOf(Math.max(...base))
    const category = Taxonomy.CATEGORIES[target]!
    const twin = run(
      withScenario(
        [{ type: "supplier_shortage", dc: 1, category, factor: 0.2, start: "2024-12-03", end: "2024-12-07" }],
        longer
      )
    )
    const inbound = (facts: Record<string, Array<Row>>, dc: number, cat: boolean) =>
      facts
        .dc_inventory_txn!.filter(
          (r) =>
            r.DCID === dc &&
            r.Reason === "INBOUND_SHIPMENT" &&
            (master.products.category[(r.ProductID as number) - 1] === target) === cat
        )
        .reduce((s, r) => s + (r.QtyDelta as number), 0)
    const cut = inbound(twin.facts, 1, true)
    const full = inbound(baseline.facts, 1, true)
    expect(full).toBeGreaterThan(0)
    expect(cut).toBeLessThan(full * 0.5)
    const a = byRegion(baseline.facts)
    const b = byRegion(twin.facts)
    for (const [key, rows] of a) if (key.endsWith("@2")) expect(b.get(key), key).toStrictEqual(rows)
  })

  it("a price rise on one category lowers its units and leaves the other categories' units within 2 %", () => {
    const base = unitsByCategory(baseline.facts)
    // the best-selling category of this world, so that the effect is well above the noise
    const target = base.indexOf(Math.max(...base))
    const category = Taxonomy.CATEGORIES[target]!
    const twin = run(
      withScenario([{ type: "price_change", category, percent: 30, start: "2024-12-09", end: "2024-12-12" }])
    )
    const scen = unitsByCategory(twin.facts)
    // expected factor 1.3^-1.5 ≈ 0.67: well below 0.85
    expect(scen[target]! / base[target]!).toBeLessThan(0.85)
    expect(scen[target]! / base[target]!).toBeGreaterThan(0.5)
    const others = (u: Float64Array) => u.reduce((s, x, c) => (c === target ? s : s + x), 0)
    // other lines draw the same random numbers; only stock and truck capacity couple them
    expect(Math.abs(others(scen) / others(base) - 1)).toBeLessThanOrEqual(0.02)
    // every unpromoted line of the category is sold at the new price
    let priced = 0
    for (const l of twin.facts.receipt_lines!) {
      const p = (l.ProductID as number) - 1
      if (master.products.category[p] !== target || l.PromoCode !== null) continue
      expect(l.UnitPrice).toBe(Math.round(master.products.salePrice[p]! * 1.3))
      priced++
    }
    expect(priced).toBeGreaterThan(0)
  })

  it.effect("a dataset is continued only with the scenario it was made with", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const paths = { master: path.join(dir, "master"), facts: path.join(dir, "facts") }
      const closed = (store: number) =>
        withScenario(
          [{ type: "store_closed", stores: [store], start: "2024-12-09", end: "2024-12-09" }],
          Effect.runSync(Config.merge(BASE, { paths }))
        )
      yield* Generator.generate(closed(1), { end: "2024-12-10", workers: 1 })
      const other = yield* Effect.either(Generator.generate(closed(2), { end: "2024-12-11", workers: 1 }))
      expect(Either.isLeft(other) && other.left.message).toMatch(/configuration/)
      const same = yield* Effect.either(Generator.generate(closed(1), { end: "2024-12-11", workers: 1 }))
      expect(Either.isRight(same)).toBe(true)
    })
  )
})
