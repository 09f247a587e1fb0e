/**
 * DCs, stores and trucks: the physical network.
 */
import { Distribution, Ids, Rng } from "@retail-datagen/core"
import type { DcTable } from "../DistributionCenters.js"
import type { GeographyTable } from "../Geographies.js"
import type { MasterSpec } from "../MasterSpec.js"
import type { StoreTable } from "../Stores.js"
import { FORMATS, HOURS, HOURS_WEIGHTS, TRAFFIC_BASE, VOLUME_CLASSES } from "../Stores.js"
import type { TruckTable } from "../Trucks.js"
import { REFRIGERATED_SHARE } from "../Trucks.js"
import { industrial, street } from "./addresses.js"
import { nearest, roundTo, unitVectors } from "./geo.js"

const COORD_SCALE = 1e5

/** Geography indices of `k` DCs: distinct geographies weighted by metro weight while possible. */
const dcGeographies = (rng: Rng.Stream, geos: GeographyTable, k: number): Int32Array => {
  const g = geos.length
  const out = new Int32Array(k)
  const keys = new Float64Array(g)
  for (let i = 0; i < g; i++) keys[i] = Math.log(1 - rng.float53()) / geos.metroWeight[i]!
  const order = Array.from({ length: g }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b)
  const distinct = Math.min(k, g)
  for (let i = 0; i < distinct; i++) out[i] = order[i]!
  if (k > g) {
    const table = Distribution.alias(geos.metroWeight)
    for (let i = g; i < k; i++) out[i] = table.sample(rng)
  }
  out.sort()
  return out
}

export const generateDcs = (spec: MasterSpec, geos: GeographyTable): DcTable => {
  const rng = Rng.make(spec.seed, "master", "dcs")
  const n = spec.dcs
  const geo = dcGeographies(rng, geos, n)
  const geographyId = new Int32Array(n)
  const latitude = new Float64Array(n)
  const longitude = new Float64Array(n)
  const address: Array<string> = []
  for (let i = 0; i < n; i++) {
    const gi = geo[i]!
    geographyId[i] = gi + 1
    // On the outskirts: 0.03–0.12 degrees from the centre in a random direction.
    const r = rng.uniform(0.03, 0.12)
    const a = rng.uniform(0, 2 * Math.PI)
    latitude[i] = roundTo(geos.latitude[gi]! + r * Math.sin(a), COORD_SCALE)
    longitude[i] = roundTo(geos.longitude[gi]! + r * Math.cos(a), COORD_SCALE)
    address.push(industrial(rng))
  }
  return { length: n, address, geographyId, latitude, longitude }
}

const CLASS_SHARES_BIG = [10, 24, 38, 18, 10]
const CLASS_SHARES_MID = [4, 16, 40, 28, 12]
const CLASS_SHARES_SMALL = [1, 10, 40, 35, 14]
const FORMAT_WEIGHTS: ReadonlyArray<ReadonlyArray<number>> = [
  [100, 0, 0, 0, 0],
  [60, 40, 0, 0, 0],
  [0, 50, 50, 0, 0],
  [0, 0, 65, 35, 0],
  [0, 0, 0, 40, 60]
]
const TRAFFIC_SIGMA = 0.2

export const generateStores = (spec: MasterSpec, geos: GeographyTable, dcs: DcTable): StoreTable => {
  const rng = Rng.make(spec.seed, "master", "stores")
  const n = spec.stores
  // Candidate geographies: those in a state with a DC.
  const dcStates = new Set<string>()
  for (let d = 0; d < dcs.length; d++) dcStates.add(geos.state[dcs.geographyId[d]! - 1]!)
  const weights = new Float64Array(geos.length)
  for (let g = 0; g < geos.length; g++) {
    weights[g] = dcStates.has(geos.state[g]!) ? geos.metroWeight[g]! ** 0.9 : 0
  }
  const geoTable = Distribution.alias(weights)
  // The first store of each DC's city, then the rest weighted; listed by geography.
  const geo = new Int32Array(n)
  const seeded = Math.min(n, dcs.length)
  for (let i = 0; i < seeded; i++) geo[i] = dcs.geographyId[i]! - 1
  for (let i = seeded; i < n; i++) geo[i] = geoTable.sample(rng)
  geo.sort()

  const classTables = [CLASS_SHARES_BIG, CLASS_SHARES_MID, CLASS_SHARES_SMALL].map((w) =>
    Distribution.alias(w)
  )
  const formatTables = FORMAT_WEIGHTS.map((w) => Distribution.alias(w))
  const hoursTables = HOURS_WEIGHTS.map((w) => Distribution.alias(w))
  const trafficMu = Distribution.lognormalMu(1, TRAFFIC_SIGMA)

  const geographyId = new Int32Array(n)
  const latitude = new Float64Array(n)
  const longitude = new Float64Array(n)
  const volumeClass = new Uint8Array(n)
  const format = new Uint8Array(n)
  const openHour = new Uint8Array(n)
  const closeHour = new Uint8Array(n)
  const trafficWeight = new Float64Array(n)
  const taxRateBps = new Uint16Array(n)
  const reducedTaxRateBps = new Uint16Array(n)
  const address: Array<string> = []
  for (let i = 0; i < n; i++) {
    const g = geo[i]!
    geographyId[i] = g + 1
    const jitterLat = Math.max(-0.1, Math.min(0.1, 0.035 * rng.gaussian()))
    const jitterLon = Math.max(-0.1, Math.min(0.1, 0.035 * rng.gaussian()))
    latitude[i] = roundTo(geos.latitude[g]! + jitterLat, COORD_SCALE)
    longitude[i] = roundTo(geos.longitude[g]! + jitterLon, COORD_SCALE)
    const w = geos.metroWeight[g]!
    const cls = classTables[w >= 500 ? 0 : w >= 100 ? 1 : 2]!.sample(rng)
    volumeClass[i] = cls
    format[i] = formatTables[cls]!.sample(rng)
    const hours = HOURS[hoursTables[cls]!.sample(rng)]!
    openHour[i] = hours[0]
    closeHour[i] = hours[1]
    const t = TRAFFIC_BASE[cls]! * Distribution.lognormal(rng, trafficMu, TRAFFIC_SIGMA)
    trafficWeight[i] = Math.max(0.01, roundTo(t, 1000))
    const tax = geos.taxRateBps[g]!
    taxRateBps[i] = tax
    reducedTaxRateBps[i] = Math.floor(tax / 10) * 5
    address.push(street(rng, 0))
  }
  // Served by the nearest DC (chord distance on the sphere; ties to the lower DC id).
  const storeXyz = unitVectors(latitude, longitude)
  const dcXyz = unitVectors(dcs.latitude, dcs.longitude)
  const dcId = new Int32Array(n)
  for (let i = 0; i < n; i++) dcId[i] = nearest(storeXyz, i, dcXyz) + 1
  if (VOLUME_CLASSES.length !== TRAFFIC_BASE.length || FORMATS.length !== FORMAT_WEIGHTS[0]!.length) {
    throw new Error("store profile tables are inconsistent")
  }
  return {
    length: n,
    address,
    geographyId,
    dcId,
    latitude,
    longitude,
    volumeClass,
    format,
    openHour,
    closeHour,
    trafficWeight,
    taxRateBps,
    reducedTaxRateBps
  }
}

const PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

export const generateTrucks = (spec: MasterSpec, geos: GeographyTable, dcs: DcTable): TruckTable => {
  const rng = Rng.make(spec.seed, "master", "trucks")
  const per = spec.trucksPerDc
  const n = dcs.length * per
  const refrigeratedPerDc = Math.min(per, Math.max(1, Math.round(per * REFRIGERATED_SHARE)))
  const licensePlate: Array<string> = []
  const refrigerated = new Uint8Array(n)
  const dcId = new Int32Array(n)
  const capacityUnits = new Int32Array(n).fill(spec.truckCapacityUnits)
  const dcStart = new Int32Array(dcs.length + 1)
  const L = PLATE_LETTERS.length
  for (let d = 0; d < dcs.length; d++) {
    dcStart[d] = d * per
    const state = geos.state[dcs.geographyId[d]! - 1]!
    for (let t = 0; t < per; t++) {
      const i = d * per + t
      dcId[i] = d + 1
      refrigerated[i] = t < refrigeratedPerDc ? 1 : 0
      const letters =
        PLATE_LETTERS[rng.int(0, L - 1)]! +
        PLATE_LETTERS[rng.int(0, L - 1)]! +
        PLATE_LETTERS[rng.int(0, L - 1)]!
      licensePlate.push(`${state}-${letters}${Ids.pad(i + 1, 4)}`)
    }
  }
  dcStart[dcs.length] = n
  return { length: n, licensePlate, refrigerated, dcId, capacityUnits, dcStart }
}
