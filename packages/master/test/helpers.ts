import { Batch } from "@retail-datagen/core"
import { FastCheck as fc } from "effect"
import { Master, MasterSpec } from "../src/index.js"

/** Small specs, so property tests stay fast. */
export const smallSpec: fc.Arbitrary<MasterSpec.MasterSpec> = fc
  .record({
    seed: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    stores: fc.integer({ min: 1, max: 40 }),
    dcsWanted: fc.integer({ min: 1, max: 6 }),
    customers: fc.integer({ min: 1, max: 1500 }),
    products: fc.integer({ min: 1, max: 400 }),
    trucksPerDc: fc.integer({ min: 1, max: 6 }),
    horizonDays: fc.integer({ min: 0, max: 400 }),
    geographies: fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined })
  })
  .map(({ dcsWanted, geographies, ...r }) =>
    MasterSpec.make({
      ...r,
      dcs: Math.min(dcsWanted, r.stores),
      ...(geographies === undefined ? {} : { geographies })
    })
  )

/** Great-circle distance in km (haversine), independent of the implementation's chord metric. */
export const km = (lat1: number, lon1: number, lat2: number, lon2: number): number => {
  const r = Math.PI / 180
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)))
}

/** Every cell of a batch in its written text form, row by row. */
export const texts = (b: Batch.Batch): Array<string> => {
  const out: Array<string> = []
  for (let r = 0; r < b.length; r++) {
    out.push(b.table.columns.map((_, c) => Batch.text(b, r, c)).join("\u0001"))
  }
  return out
}

/** The numeric column `name` of a batch. */
export const numbers = (b: Batch.Batch, name: string): Float64Array => {
  const i = b.table.columns.findIndex((c) => c.name === name)
  if (i < 0) throw new Error(`no column ${name}`)
  return b.columns[i] as Float64Array
}

export const generate = (input: MasterSpec.MasterSpecInput): Master.Master =>
  Master.generateMaster(MasterSpec.make(input))
