import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Taxonomy } from "@retail-datagen/master"
import { Scenario } from "../src/index.js"

const day = Calendar.parse
const SNACKS = Taxonomy.CATEGORIES.indexOf("Snacks")
const DAIRY = Taxonomy.CATEGORIES.indexOf("Dairy & Eggs")

describe("Scenario", () => {
  it("an empty scenario is the baseline: nothing applies on any day", () => {
    const s = Scenario.decodeSync({ interventions: [] })
    expect(Scenario.isEmpty(s)).toBe(true)
    const d = Scenario.compile(s).at(day("2024-12-10"))
    expect([d.active, d.storeClosed(1), d.visits(1), d.units(1), d.prices]).toEqual([
      false,
      false,
      1,
      null,
      null
    ])
  })

  it("store_closed applies on the days of its range only, both ends included", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [{ type: "store_closed", stores: [3, 5], start: "2024-12-10", end: "2024-12-12" }]
      })
    )
    const closed = (d: string, s: number) => plan.at(day(d)).storeClosed(s)
    expect([
      closed("2024-12-09", 3),
      closed("2024-12-10", 3),
      closed("2024-12-12", 5),
      closed("2024-12-13", 5)
    ]).toEqual([false, true, true, false])
    expect(closed("2024-12-11", 4)).toBe(false)
  })

  it("store_closed redirects a share of the visits: REDIRECT_SHARE by default, the largest when closures overlap", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "store_closed", stores: [3], start: "2024-12-10", end: "2024-12-12" },
          { type: "store_closed", stores: [3, 4], redirect: 0.8, start: "2024-12-12", end: "2024-12-13" },
          { type: "store_closed", stores: [5], redirect: 0, start: "2024-12-10", end: "2024-12-10" }
        ]
      })
    )
    const share = (d: string, s: number) => plan.at(day(d)).redirect(s)
    expect([share("2024-12-10", 3), share("2024-12-12", 3), share("2024-12-13", 4)]).toEqual([
      Scenario.REDIRECT_SHARE,
      0.8,
      0.8
    ])
    // an open store redirects nothing; a closure with redirect 0 closes without redirecting
    expect([share("2024-12-09", 3), share("2024-12-10", 4), share("2024-12-10", 5)]).toEqual([0, 0, 0])
    expect(plan.at(day("2024-12-10")).storeClosed(5)).toBe(true)
    expect(() =>
      Scenario.decodeSync({
        interventions: [
          { type: "store_closed", stores: [1], redirect: 1.5, start: "2024-12-01", end: "2024-12-02" }
        ]
      })
    ).toThrow(/redirect[\s\S]*expected a number ≥ 0 and ≤ 1, got 1.5/)
  })

  it("dc_closed closes the DC on its days only (online orders too); a capacity cut does not", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-12" },
          { type: "dc_capacity", dc: 2, factor: 0.01, start: "2024-12-01", end: "2024-12-31" }
        ]
      })
    )
    expect(["09", "10", "12", "13"].map((d) => plan.at(day(`2024-12-${d}`)).dcClosed(1))).toEqual([
      false,
      true,
      true,
      false
    ])
    expect(plan.at(day("2024-12-10")).dcClosed(2)).toBe(false)
  })

  it("demand shocks multiply: region visits, category units everywhere or in one region", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "demand_shock", dc: 2, factor: 1.5, start: "2024-01-01", end: "2024-01-31" },
          { type: "demand_shock", dc: 2, factor: 2, start: "2024-01-10", end: "2024-01-10" },
          { type: "demand_shock", category: "Snacks", factor: 0.5, start: "2024-01-01", end: "2024-01-31" },
          {
            type: "demand_shock",
            dc: 1,
            category: "Dairy & Eggs",
            factor: 3,
            start: "2024-01-01",
            end: "2024-01-31"
          }
        ]
      })
    )
    const d = plan.at(day("2024-01-10"))
    expect([d.visits(1), d.visits(2)]).toEqual([1, 3])
    expect(d.units(2)![SNACKS]).toBe(0.5)
    expect(d.units(2)![DAIRY]).toBe(1)
    expect(d.units(1)![SNACKS]).toBe(0.5)
    expect(d.units(1)![DAIRY]).toBe(3)
    expect(plan.at(day("2024-01-11")).visits(2)).toBe(1.5)
    expect(plan.at(day("2024-02-01")).active).toBe(false)
  })

  it("price_change sets the category's price factor and lowers its units by the elasticity", () => {
    const d = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "price_change", category: "Snacks", percent: 20, start: "2024-01-01", end: "2024-01-02" }
        ]
      })
    ).at(day("2024-01-02"))
    expect(d.prices![SNACKS]).toBeCloseTo(1.2, 12)
    expect(d.prices![DAIRY]).toBe(1)
    expect(d.units(1)![SNACKS]).toBeCloseTo(1.2 ** -Scenario.PRICE_ELASTICITY, 12)
    expect(d.units(1)![SNACKS]).toBeLessThan(1)
  })

  it("dc_closed stops a DC's outbound on its days; dc_capacity scales it", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-12" },
          { type: "dc_capacity", dc: 2, factor: 0.5, start: "2024-12-01", end: "2024-12-31" }
        ]
      })
    )
    expect(["09", "10", "12", "13"].map((d) => plan.at(day(`2024-12-${d}`)).dcCapacity(1))).toEqual([
      1, 0, 0, 1
    ])
    expect(plan.at(day("2024-12-10")).dcCapacity(2)).toBe(0.5)
    expect(() =>
      Scenario.decodeSync({
        interventions: [{ type: "dc_capacity", dc: 1, factor: 1.5, start: "2024-12-01", end: "2024-12-02" }]
      })
    ).toThrow(/expected a number > 0 and ≤ 1, got 1.5/)
  })

  it("truck_delay delays about its share of a DC's trips, chosen by the trip's keys", () => {
    const d = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "truck_delay", dc: 1, hours: 6, share: 0.25, start: "2024-12-01", end: "2024-12-31" }
        ]
      })
    ).at(day("2024-12-10"))
    const delays = Array.from({ length: 4000 }, (_, seq) => d.tripDelay(1, day("2024-12-10"), seq))
    expect(new Set(delays)).toStrictEqual(new Set([0, 6 * 3600]))
    const share = delays.filter((x) => x > 0).length / delays.length
    expect(share).toBeGreaterThan(0.22)
    expect(share).toBeLessThan(0.28)
    expect(d.tripDelay(2, day("2024-12-10"), 1)).toBe(0)
    // the same trip is picked every time
    expect(d.tripDelay(1, day("2024-12-10"), 17)).toBe(delays[17])
  })

  it("supplier_shortage scales a category's supplier deliveries, for one DC or all", () => {
    const d = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          {
            type: "supplier_shortage",
            category: "Snacks",
            factor: 0.5,
            start: "2024-12-01",
            end: "2024-12-31"
          },
          {
            type: "supplier_shortage",
            dc: 2,
            category: "Snacks",
            factor: 0.5,
            start: "2024-12-01",
            end: "2024-12-31"
          }
        ]
      })
    ).at(day("2024-12-10"))
    expect([d.supply(1)![SNACKS], d.supply(2)![SNACKS], d.supply(2)![DAIRY]]).toEqual([0.5, 0.25, 1])
    expect(d.units(1)).toBeNull()
  })

  it("rejects bad interventions, naming the field", () => {
    const bad = (i: unknown) => () => Scenario.decodeSync({ interventions: [i] })
    expect(bad({ type: "demand_shock", dc: 1, factor: -1, start: "2024-01-01", end: "2024-01-02" })).toThrow(
      /factor[\s\S]*expected a number > 0 and ≤ 100, got -1/
    )
    expect(bad({ type: "demand_shock", factor: 2, start: "2024-01-01", end: "2024-01-02" })).toThrow(
      /expected a target/
    )
    expect(
      bad({ type: "price_change", category: "Nope", percent: 5, start: "2024-01-01", end: "2024-01-02" })
    ).toThrow(/expected a product category name/)
    expect(bad({ type: "store_closed", stores: [1], start: "2024-01-05", end: "2024-01-02" })).toThrow(
      /expected a date on or after start/
    )
    expect(bad({ type: "meteor", start: "2024-01-05", end: "2024-01-06" })).toThrow(/store_closed/)
  })

  it("checkWorld names ids the world does not have", () => {
    const s = Scenario.decodeSync({
      interventions: [
        { type: "store_closed", stores: [1, 12], start: "2024-01-01", end: "2024-01-01" },
        { type: "demand_shock", dc: 3, factor: 2, start: "2024-01-01", end: "2024-01-01" }
      ]
    })
    expect(Scenario.checkWorld(s, { stores: 10, dcs: 2 })).toEqual([
      {
        path: "interventions[0].stores[1]",
        message: "expected a StoreID from 1 to 10 (volume.stores), got 12"
      },
      { path: "interventions[1].dc", message: "expected a DCID from 1 to 2 (volume.dcs), got 3" }
    ])
  })
})
