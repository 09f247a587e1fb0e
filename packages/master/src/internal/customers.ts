/**
 * Customers, generated in independent blocks (one stream per block of ids), with their nearest
 * stores found by a pruned scan of each home city's stores sorted by distance.
 */
import { Distribution, Hash, Rng } from "@retail-datagen/core"
import type { CustomerTable } from "../Customers.js"
import { NEAREST_STORES, SEGMENT_SHARES } from "../Customers.js"
import type { GeographyTable } from "../Geographies.js"
import type { MasterSpec } from "../MasterSpec.js"
import type { StoreTable } from "../Stores.js"
import { houseNumber, MAX_UNIT } from "./addresses.js"
import { chord, roundTo, unitVectors } from "./geo.js"
import { idSalt } from "./idSalt.js"
import { FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from "./names.js"

const BLOCK = 4096
const SPREAD_DEG = 0.05
const MAX_OFFSET_DEG = 0.15
const UNIT_CHANCE = 0.2
/** Candidate stores kept per home city, nearest first; beyond them the scan falls back to all stores. */
const CANDIDATES = 512
const RAD = Math.PI / 180

/** Stores sorted by distance from each geography's centre (only geographies customers live in). */
interface Candidates {
  readonly ids: ReadonlyArray<Int32Array | undefined>
  readonly dist: ReadonlyArray<Float64Array | undefined>
}

const candidates = (geos: GeographyTable, storeXyz: Float64Array, live: Float64Array): Candidates => {
  const geoXyz = unitVectors(geos.latitude, geos.longitude)
  const s = storeXyz.length / 3
  const m = Math.min(s, CANDIDATES)
  const ids: Array<Int32Array | undefined> = []
  const dist: Array<Float64Array | undefined> = []
  const all = new Float64Array(s)
  for (let g = 0; g < geos.length; g++) {
    if (!(live[g]! > 0)) {
      ids.push(undefined)
      dist.push(undefined)
      continue
    }
    for (let j = 0; j < s; j++) all[j] = chord(geoXyz, g, storeXyz, j)
    const order = Int32Array.from({ length: s }, (_, j) => j).sort((a, b) => all[a]! - all[b]! || a - b)
    const top = order.slice(0, m)
    ids.push(top)
    dist.push(Float64Array.from(top, (j) => all[j]!))
  }
  return { ids, dist }
}

export const generateCustomers = (
  spec: MasterSpec,
  geos: GeographyTable,
  stores: StoreTable
): CustomerTable => {
  const n = spec.customers
  const S = stores.length
  const k = Math.min(NEAREST_STORES, S)
  // Customers live where stores are, in proportion to those stores' traffic.
  const live = new Float64Array(geos.length)
  for (let i = 0; i < S; i++) live[stores.geographyId[i]! - 1]! += stores.trafficWeight[i]!
  const homeTable = Distribution.alias(live)
  const segmentTable = Distribution.alias(SEGMENT_SHARES)
  const storeXyz = unitVectors(stores.latitude, stores.longitude)
  const geoXyz = unitVectors(geos.latitude, geos.longitude)
  const cand = candidates(geos, storeXyz, live)
  const saltLoyalty = idSalt(spec.seed, "loyalty")
  const saltBle = idSalt(spec.seed, "ble")
  const saltAd = idSalt(spec.seed, "ad")

  const firstName = new Uint16Array(n)
  const lastName = new Uint16Array(n)
  const geographyId = new Int32Array(n)
  const loyaltyCard = new Uint32Array(n)
  const bleId = new Uint32Array(n)
  const adId = new Uint32Array(n)
  const segment = new Uint8Array(n)
  const latitude = new Float64Array(n)
  const longitude = new Float64Array(n)
  const nearestStoreIds = new Int32Array(n * k)
  const houseNumbers = new Uint16Array(n)
  const street = new Uint8Array(n)
  const streetSuffix = new Uint8Array(n)
  const unit = new Uint8Array(n)
  const phoneLine = new Uint8Array(n)

  const bestId = new Int32Array(k)
  // bestD[k] holds the squared cut-off of the k-th best distance (see `consider`).
  const bestD = new Float64Array(k + 1)
  const F = FIRST_NAMES.length
  const L = LAST_NAMES.length
  let rng = Rng.make(spec.seed, "master", "customers", 0)

  for (let i = 0; i < n; i++) {
    if (i % BLOCK === 0) rng = Rng.make(spec.seed, "master", "customers", i / BLOCK)
    const id = i + 1
    const g = homeTable.sample(rng)
    geographyId[i] = g + 1
    segment[i] = segmentTable.sample(rng)
    firstName[i] = rng.int(0, F - 1)
    lastName[i] = rng.int(0, L - 1)
    const glat = geos.latitude[g]!
    const dLat = Math.max(-MAX_OFFSET_DEG, Math.min(MAX_OFFSET_DEG, SPREAD_DEG * rng.gaussian()))
    const dLon = Math.max(-MAX_OFFSET_DEG, Math.min(MAX_OFFSET_DEG, SPREAD_DEG * rng.gaussian()))
    const lat = roundTo(glat + dLat, 1e5)
    const lon = roundTo(geos.longitude[g]! + dLon / Math.cos(glat * RAD), 1e5)
    latitude[i] = lat
    longitude[i] = lon
    houseNumbers[i] = houseNumber(rng)
    street[i] = rng.int(0, STREET_NAMES.length - 1)
    streetSuffix[i] = rng.int(0, STREET_SUFFIXES.length - 1)
    unit[i] = rng.chance(UNIT_CHANCE) ? rng.int(1, MAX_UNIT) : 0
    phoneLine[i] = rng.int(0, 99)
    loyaltyCard[i] = Hash.scramble(id, saltLoyalty)
    bleId[i] = Hash.scramble(id, saltBle)
    adId[i] = Hash.scramble(id, saltAd)

    // Nearest stores: scan the home city's stores by distance from its centre; a store whose
    // centre distance exceeds (k-th best + customer's distance from the centre) cannot be closer.
    const phi = lat * RAD
    const lam = lon * RAD
    const cphi = Math.cos(phi)
    const x = cphi * Math.cos(lam)
    const y = cphi * Math.sin(lam)
    const z = Math.sin(phi)
    const gx = x - geoXyz[3 * g]!
    const gy = y - geoXyz[3 * g + 1]!
    const gz = z - geoXyz[3 * g + 2]!
    const d0 = Math.sqrt(gx * gx + gy * gy + gz * gz)
    clearBest(bestId, bestD, k)
    const ids = cand.ids[g]!
    const dist = cand.dist[g]!
    let pruned = false
    for (let j = 0; j < ids.length; j++) {
      if (dist[j]! - d0 > bestD[k - 1]!) {
        pruned = true
        break
      }
      consider(ids[j]!, x, y, z, storeXyz, bestId, bestD, k)
    }
    if (!pruned && ids.length < S) {
      clearBest(bestId, bestD, k)
      for (let s = 0; s < S; s++) consider(s, x, y, z, storeXyz, bestId, bestD, k)
    }
    for (let j = 0; j < k; j++) nearestStoreIds[i * k + j] = bestId[j]! + 1
  }
  return {
    length: n,
    firstName,
    lastName,
    houseNumber: houseNumbers,
    street,
    streetSuffix,
    unit,
    geographyId,
    loyaltyCard,
    bleId,
    adId,
    phoneLine,
    segment,
    latitude,
    longitude,
    nearestCount: k,
    nearestStoreIds
  }
}

/** Empties the top-k (a loop: `fill` on three elements costs more than the search). */
const clearBest = (bestId: Int32Array, bestD: Float64Array, k: number): void => {
  for (let j = 0; j < k; j++) {
    bestD[j] = Number.POSITIVE_INFINITY
    bestId[j] = 0x7fffffff
  }
  bestD[k] = Number.POSITIVE_INFINITY
}

/**
 * Relative margin of the squared cut-off: a squared distance above `best² × (1 + CUT_MARGIN)`
 * (both rounded) has a square root strictly above `best` (the roundings are worth < 4e-16), so
 * skipping it before the square root changes nothing.
 */
const CUT_MARGIN = 4e-15

/** Inserts store `s` into the sorted top-k (by distance, then id) when it belongs there. */
const consider = (
  s: number,
  x: number,
  y: number,
  z: number,
  xyz: Float64Array,
  bestId: Int32Array,
  bestD: Float64Array,
  k: number
): void => {
  const dx = x - xyz[3 * s]!
  const dy = y - xyz[3 * s + 1]!
  const dz = z - xyz[3 * s + 2]!
  const d2 = dx * dx + dy * dy + dz * dz
  if (d2 > bestD[k]!) return
  const d = Math.sqrt(d2)
  let j = k - 1
  if (d > bestD[j]! || (d === bestD[j]! && s > bestId[j]!)) return
  while (j > 0 && (d < bestD[j - 1]! || (d === bestD[j - 1]! && s < bestId[j - 1]!))) {
    bestD[j] = bestD[j - 1]!
    bestId[j] = bestId[j - 1]!
    j--
  }
  bestD[j] = d
  bestId[j] = s
  const last = bestD[k - 1]!
  bestD[k] = last * last * (1 + CUT_MARGIN)
}
