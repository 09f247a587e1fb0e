import { Rng } from "@retail-datagen/core"
import type { GeographyTable } from "../Geographies.js"
import type { MasterSpec } from "../MasterSpec.js"
import { CITIES } from "./cities.js"

/** Sampling favours metros, sub-linearly so mid-sized cities still appear. */
const WEIGHT_EXPONENT = 0.75

/**
 * `spec.geographies` distinct cities drawn without replacement with probability proportional
 * to population^0.75 (Efraimidis–Spirakis keys), then listed in dictionary order.
 */
export const generateGeographies = (spec: MasterSpec): GeographyTable => {
  const rng = Rng.make(spec.seed, "master", "geographies")
  const n = CITIES.length
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const u = 1 - rng.float53()
    keys[i] = Math.log(u) / CITIES.weight[i]! ** WEIGHT_EXPONENT
  }
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => keys[b]! - keys[a]! || a - b)
  const chosen = order.slice(0, spec.geographies).sort((a, b) => a - b)
  const g = chosen.length
  const pick = <A>(xs: ReadonlyArray<A>): Array<A> => chosen.map((i) => xs[i]!)
  const latitude = new Float64Array(g)
  const longitude = new Float64Array(g)
  const metroWeight = new Float64Array(g)
  const areaCode = new Uint16Array(g)
  const taxRateBps = new Uint16Array(g)
  chosen.forEach((c, i) => {
    latitude[i] = CITIES.latitude[c]!
    longitude[i] = CITIES.longitude[c]!
    metroWeight[i] = CITIES.weight[c]!
    areaCode[i] = CITIES.areaCode[c]!
    taxRateBps[i] = CITIES.taxRateBps[c]!
  })
  return {
    length: g,
    city: pick(CITIES.city),
    state: pick(CITIES.state),
    zipCode: pick(CITIES.zip),
    district: pick(CITIES.district),
    region: pick(CITIES.region),
    latitude,
    longitude,
    metroWeight,
    areaCode,
    taxRateBps
  }
}
