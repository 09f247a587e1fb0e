/**
 * Scenarios inside the simulation (issue 19): a scenario run is a twin of its baseline under common
 * random numbers. Whole runs of every built-in plugin in memory, over a small two-region world:
 * - an empty scenario changes nothing (same configuration, same rows);
 * - a store closed in one DC region leaves every row of the other region identical;
 * - a price rise on one category lowers its units, reprices its lines, and leaves the units of the
 *   other categories within a stated bound;
 * - a dataset is continued only with the scenario it was made with;
 * - a brand's price rise, promotions removed or added, and a regional weather event move what
 *   they cause and leave the rest within a stated bound (or identical, outside their region).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Calendar, Money } from "@retail-datagen/core"
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

/** Units sold per category index (receipt_lines), of the lines `keep` keeps. */
const unitsByCategory = (facts: Record<string, Array<Row>>, keep?: (line: Row) => boolean) =>
  unitsByCategoryOf(master, facts, keep)

/** Units sold per brand index (receipt_lines). */
const unitsByBrand = (facts: Record<string, Array<Row>>): Float64Array => {
  const units = new Float64Array(master.products.brands.length)
  for (const l of facts.receipt_lines ?? []) {
    const b = master.products.brandId[(l.ProductID as number) - 1]!
    units[b] = units[b]! + (l.Qty as number)
  }
  return units
}

/** The sum of `units` but index `except`. */
const othersThan = (units: Float64Array, except: number): number =>
  units.reduce((s, x, i) => (i === except ? s : s + x), 0)

/** Whether a line was sold in a DC region (DCID), by its receipt. */
const inRegion = (facts: Record<string, Array<Row>>, dc: number) => {
  const storeOfTrace = new Map((facts.receipts ?? []).map((r) => [r.TraceId, r.StoreID as number]))
  return (l: Row) => master.stores.dcId[storeOfTrace.get(l.TraceId)! - 1] === dc
}

/** Asserts that every table's rows of a region (DCID) are the baseline's. */
const sameRegion = (twin: Record<string, Array<Row>>, dc: number) => {
  const a = byRegion(baseline.facts)
  const b = byRegion(twin)
  let compared = 0
  for (const [key, rows] of a) {
    if (!key.endsWith(`@${dc}`)) continue
    expect(b.get(key), key).toStrictEqual(rows)
    compared += rows.length
  }
  expect(compared).toBeGreaterThan(1000)
}

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

  it("a price rise on one brand lowers its units to about 1.3^-1.5 and leaves the other brands' within 2 %", () => {
    const base = unitsByBrand(baseline.facts)
    const target = base.indexOf(Math.max(...base))
    const brand = master.products.brands[target]!
    const twin = run(
      withScenario([{ type: "price_change", brand, percent: 30, start: "2024-12-09", end: "2024-12-12" }])
    )
    const scen = unitsByBrand(twin.facts)
    expect(base[target]).toBeGreaterThan(200)
    // expected factor 1.3^-1.5 ≈ 0.67
    expect(scen[target]! / base[target]!).toBeGreaterThan(0.55)
    expect(scen[target]! / base[target]!).toBeLessThan(0.8)
    expect(Math.abs(othersThan(scen, target) / othersThan(base, target) - 1)).toBeLessThanOrEqual(0.02)
    let priced = 0
    for (const l of twin.facts.receipt_lines!) {
      const p = (l.ProductID as number) - 1
      if (master.products.brandId[p] !== target || l.PromoCode !== null) continue
      expect(l.UnitPrice).toBe(Math.round(master.products.salePrice[p]! * 1.3))
      priced++
    }
    expect(priced).toBeGreaterThan(0)
  })

  it("a brand the master products do not have is an error naming the intervention", () => {
    const config = withScenario([
      { type: "price_change", brand: "No Such Brand", percent: 5, start: "2024-12-09", end: "2024-12-09" }
    ])
    const result = Effect.runSync(Effect.either(Config.checkScenarioMaster(config, master.products)))
    expect(Either.isLeft(result) && result.left.message).toMatch(
      /scenario\.interventions\[0\]\.brand: expected a brand of the master products \(products_master\.Brand, e\.g\. "[^"]+"/
    )
    expect(
      Either.isRight(Effect.runSync(Effect.either(Config.checkScenarioMaster(BASE, master.products))))
    ).toBe(true)
  })

  it.effect("generate stops on an unknown brand before writing any fact", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const paths = { master: path.join(dir, "master"), facts: path.join(dir, "facts") }
      const config = withScenario(
        [{ type: "promotion_added", brand: "Nobrand", discount: 10, start: "2024-12-09", end: "2024-12-09" }],
        Effect.runSync(Config.merge(BASE, { paths }))
      )
      const result = yield* Effect.either(Generator.generate(config, { workers: 1 }))
      expect(Either.isLeft(result) && result.left.message).toMatch(
        /scenario\.interventions\[0\]\.brand: .*got "Nobrand"/
      )
      expect(fs.existsSync(path.join(paths.facts, "receipts"))).toBe(false)
    })
  )

  it("promotions removed in one region: no promoted line of the category there, fewer units, the other region identical", () => {
    const region1 = inRegion(baseline.facts, 1)
    // the category with the most promoted lines in region 1
    const promoted = unitsByCategory(baseline.facts, (l) => l.PromoCode !== null && region1(l))
    const target = promoted.indexOf(Math.max(...promoted))
    expect(promoted[target]).toBeGreaterThan(20)
    const category = Taxonomy.CATEGORIES[target]!
    const twin = run(
      withScenario([{ type: "promotion_removed", dc: 1, category, start: "2024-12-09", end: "2024-12-12" }])
    )
    const twinRegion1 = inRegion(twin.facts, 1)
    expect(unitsByCategory(twin.facts, (l) => l.PromoCode !== null && twinRegion1(l))[target]).toBe(0)
    for (const l of twin.facts.receipt_lines!) {
      const p = (l.ProductID as number) - 1
      if (master.products.category[p] === target && twinRegion1(l))
        expect(l.UnitPrice).toBe(master.products.salePrice[p])
    }
    const base = unitsByCategory(baseline.facts, region1)
    const scen = unitsByCategory(twin.facts, twinRegion1)
    expect(scen[target]!).toBeLessThan(base[target]!)
    expect(Math.abs(othersThan(scen, target) / othersThan(base, target) - 1)).toBeLessThanOrEqual(0.02)
    sameRegion(twin.facts, 2)
  })

  it("a promotion added to a category discounts its lines under its code and raises its units", () => {
    const base = unitsByCategory(baseline.facts)
    const target = base.indexOf(Math.max(...base))
    const category = Taxonomy.CATEGORIES[target]!
    const twin = run(
      withScenario([
        {
          type: "promotion_added",
          category,
          discount: 25,
          code: "TWIN25",
          start: "2024-12-09",
          end: "2024-12-12"
        }
      ])
    )
    let added = 0
    for (const l of twin.facts.receipt_lines!) {
      const p = (l.ProductID as number) - 1
      if (master.products.category[p] !== target) continue
      // every line of the category is on a promotion: the calendar's where it had one, else the new one
      expect(l.PromoCode).not.toBeNull()
      if (l.PromoCode !== "TWIN25") continue
      expect(l.UnitPrice).toBe(Money.discount(master.products.salePrice[p]!, 2500))
      added++
    }
    expect(added).toBeGreaterThan(100)
    const scen = unitsByCategory(twin.facts)
    // unpromoted lines ask for 0.75^-1.5 ≈ 1.54 × their units
    expect(scen[target]! / base[target]!).toBeGreaterThan(1.25)
    expect(scen[target]! / base[target]!).toBeLessThan(1.6)
    expect(Math.abs(othersThan(scen, target) / othersThan(base, target) - 1)).toBeLessThanOrEqual(0.02)
  })

  it("a weather event in one region: its visits fall, the truth's weather factor is the event's, the other region identical", () => {
    const withTruth = Effect.runSync(Config.merge(BASE, { output: { truth: true } }))
    const twin = run(
      withScenario(
        [
          {
            type: "weather_event",
            dc: 1,
            condition: "snow",
            factor: 0.5,
            start: "2024-12-10",
            end: "2024-12-11"
          }
        ],
        withTruth
      )
    )
    sameRegion(twin.facts, 2)
    const days = new Set([Calendar.parse("2024-12-10"), Calendar.parse("2024-12-11")])
    const receipts = (facts: Record<string, Array<Row>>) =>
      facts.receipts!.filter(
        (r) =>
          master.stores.dcId[(r.StoreID as number) - 1] === 1 &&
          days.has(Math.floor((r.EventTS as number) / 86400))
      ).length
    expect(receipts(baseline.facts)).toBeGreaterThan(200)
    // base weather factors are 0.7 to 1: 0.5 cuts the visits by 30 % at least (expected ≈ 45 %)
    expect(receipts(twin.facts) / receipts(baseline.facts)).toBeLessThan(0.7)
    const storeDays = twin.facts["_truth/store_day"]!
    const eventDay = (r: Row) => days.has(r.Date as number)
    const region1 = (r: Row) => master.stores.dcId[(r.StoreID as number) - 1] === 1
    const hit = storeDays.filter((r) => region1(r) && eventDay(r))
    expect(hit.length).toBeGreaterThan(0)
    for (const r of hit) expect(r.Weather).toBe(0.5)
    expect(storeDays.filter((r) => !(region1(r) && eventDay(r))).every((r) => r.Weather !== 0.5)).toBe(true)
  })
})
