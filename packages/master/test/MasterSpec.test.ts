import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Effect, Either, FastCheck as fc } from "effect"
import { Geographies, MasterSpec } from "../src/index.js"

const errorOf = (input: unknown): MasterSpec.MasterSpecError => {
  const r = MasterSpec.decodeEither(input)
  if (Either.isRight(r)) throw new Error(`expected a failure for ${JSON.stringify(input)}`)
  return r.left
}

describe("MasterSpec", () => {
  it("accepts {} and applies the documented defaults", () => {
    const s = MasterSpec.make({})
    expect(s).toEqual({
      seed: 42,
      stores: 250,
      dcs: 12,
      customers: 100_000,
      products: 10_000,
      geographies: 63,
      trucksPerDc: 8,
      truckCapacityUnits: 2_400,
      startDate: Calendar.parse("2024-01-01"),
      horizonDays: 0,
      unitsPerStoreDay: 400
    })
  })

  it("defaults geographies to max(50, dcs, stores / 4) capped by the dictionary", () => {
    expect(MasterSpec.make({ stores: 10, dcs: 2 }).geographies).toBe(50)
    expect(MasterSpec.make({ stores: 400, dcs: 2 }).geographies).toBe(100)
    expect(MasterSpec.make({ stores: 90_000, dcs: 2, products: 100 }).geographies).toBe(
      Geographies.CITY_COUNT
    )
    expect(MasterSpec.make({ stores: 20, dcs: 7, geographies: 3 }).geographies).toBe(3)
  })

  it.each([
    [{ stores: 0 }, "stores", "from 1 to 99999"],
    [{ stores: -3 }, "stores", "from 1 to 99999"],
    [{ dcs: 0 }, "dcs", "from 1 to"],
    [{ stores: 5, dcs: 6 }, "dcs", "at most stores = 5"],
    [{ customers: -1 }, "customers", "from 1 to"],
    [{ products: 2.5 }, "products", "integer"],
    [{ geographies: Geographies.CITY_COUNT + 1 }, "geographies", `from 1 to ${Geographies.CITY_COUNT}`],
    [{ trucksPerDc: 0 }, "trucksPerDc", "from 1 to 1000"],
    [{ truckCapacityUnits: -5 }, "truckCapacityUnits", "from 1 to"],
    [{ horizonDays: -1 }, "horizonDays", "from 0 to"],
    [{ startDate: "2024-01-01" }, "startDate", "epoch day"],
    [{ seed: 1.5 }, "seed", "safe integer"],
    [{ unitsPerStoreDay: 0 }, "unitsPerStoreDay", "from 1 to"],
    [{ stores: 1000, products: 600_000 }, "products", "from 1 to 500000 (stores × products"],
    [{ store: 10 }, "store", "a known field"]
  ] as const)("rejects %j naming %s", (input, field, expected) => {
    const e = errorOf(input)
    expect(e._tag).toBe("MasterSpecError")
    expect(e.field).toBe(field)
    expect(e.expected).toContain(expected)
    expect(e.message).toContain(field)
    expect(e.message).toContain(expected)
  })

  it("reports the offending value", () => {
    expect(errorOf({ stores: 0 }).actual).toBe("0")
    expect(errorOf({ products: "many" }).actual).toBe('"many"')
  })

  it("rejects input that is not an object", () => {
    for (const bad of [null, 3, "x", [1]]) expect(errorOf(bad).field).toBe("(spec)")
  })

  it.effect("decode fails with the tagged error in the Effect channel", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(MasterSpec.decode({ dcs: 3, stores: 2 }))
      expect(e).toBeInstanceOf(MasterSpec.MasterSpecError)
      expect(e.field).toBe("dcs")
      const ok = yield* MasterSpec.decode({ stores: 3, dcs: 3 })
      expect(ok.dcs).toBe(3)
    })
  )

  it("make throws the MasterSpecError", () => {
    expect(() => MasterSpec.make({ stores: 0 })).toThrow(/stores must be an integer from 1 to 99999, got 0/)
  })

  it.prop(
    "accepts every in-range combination and keeps the given values",
    [
      fc.integer({ min: 1, max: 99_999 }),
      fc.integer({ min: 1, max: 999 }),
      fc.integer({ min: 1, max: 50_000_000 })
    ],
    ([stores, dcsWanted, customers]) => {
      const dcs = Math.min(stores, dcsWanted)
      const products = Math.min(1_000_000, Math.floor(MasterSpec.MAX_STORE_PRODUCT_PAIRS / stores))
      const s = MasterSpec.make({ stores, dcs, customers, products })
      expect([s.stores, s.dcs, s.customers, s.products]).toEqual([stores, dcs, customers, products])
    }
  )

  it.prop(
    "rejects every negative count naming its field",
    [fc.integer({ min: -1_000_000, max: -1 })],
    ([n]) => {
      for (const field of [
        "stores",
        "dcs",
        "customers",
        "products",
        "trucksPerDc",
        "truckCapacityUnits"
      ] as const) {
        expect(errorOf({ [field]: n }).field).toBe(field)
      }
    }
  )
})
