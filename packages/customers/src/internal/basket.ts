/**
 * The basket hot path: draws a basket's lines into a reusable buffer. Plain TypeScript over
 * typed arrays; no per-line allocation.
 */
import { Distribution, Hash, Money, type Rng } from "@retail-datagen/core"
import { Departments } from "@retail-datagen/patterns"
import * as Behaviours from "../Behaviours.js"
import * as Exposure from "../Exposure.js"
import type { DayPromotions } from "../Promotions.js"
import * as Segments from "../Segments.js"
import type { Assortment, Catalog } from "./catalog.js"

/**
 * A uniform number in [0, 1) keyed by (salt, a, b): per-customer choices (a preferred brand) that
 * must not consume a random stream.
 */
export const unit2 = (s: number, a: number, b: number): number =>
  Hash.mix32(Hash.mix32(s ^ Math.imul(a | 0, 0x9e3779b1)) ^ Math.imul((b | 0) + 0x632be5ab, 0x85ebca77)) /
  4294967296

const D = Departments.COUNT

/** Lines per basket are capped here (a Poisson tail beyond it is cut). */
export const MAX_LINES = 99

/** Redraws of a line that hit a product already in the basket. */
const DUPLICATE_TRIES = 4

/** Popularity draws per line before drawing among the products the store carries by a scan. */
const ASSORTMENT_TRIES = 16

/** Draws when looking for a substitute. */
const SUBSTITUTE_TRIES = 12

/** Lines of one basket, product rows 0-based. */
export class BasketBuffer {
  length = 0
  product: Int32Array
  qty: Int32Array
  unit: Int32Array
  /** Index into the day's promotion list, or -1. */
  promo: Int32Array

  constructor(capacity = MAX_LINES + 1) {
    this.product = new Int32Array(capacity)
    this.qty = new Int32Array(capacity)
    this.unit = new Int32Array(capacity)
    this.promo = new Int32Array(capacity)
  }

  contains(p: number): boolean {
    for (let i = 0; i < this.length; i++) if (this.product[i] === p) return true
    return false
  }
}

/**
 * Department weights of each behaviour for a day: the behaviour mix × the day's department
 * lifts, departments without a launched product removed. Cumulative, `Behaviours.COUNT × D`.
 */
export const departmentCumulative = (
  catalog: Catalog,
  mix: Float64Array,
  lifts: Float64Array,
  out: Float64Array
): Float64Array => {
  for (let b = 0; b < Behaviours.COUNT; b++) {
    let s = 0
    for (let d = 0; d < D; d++) {
      s += catalog.deptAvail[d]! === 1 ? mix[b * D + d]! * lifts[d]! : 0
      out[b * D + d] = s
    }
  }
  return out
}

const sampleDepartment = (cum: Float64Array, offset: number, rng: Rng.Stream): number => {
  const total = cum[offset + D - 1]!
  if (!(total > 0)) return -1
  const t = rng.float() * total
  for (let d = 0; d < D; d++) if (cum[offset + d]! > t) return d
  return D - 1
}

const sampleCategory = (catalog: Catalog, behaviour: number, d: number, rng: Rng.Stream): number => {
  const from = catalog.deptCatStart[d]!
  const to = catalog.deptCatStart[d + 1]!
  const row = behaviour * catalog.categories
  let total = 0
  for (let j = from; j < to; j++) total += catalog.catDay[row + catalog.deptCats[j]!]!
  if (!(total > 0)) return -1
  let t = rng.float() * total
  for (let j = from; j < to; j++) {
    const c = catalog.deptCats[j]!
    t -= catalog.catDay[row + c]!
    if (t < 0) return c
  }
  return catalog.deptCats[to - 1]!
}

const RANGE = new Int32Array(2)

/** Popularity draws within the preferred brand before scanning it for a carried product. */
const BRAND_TRIES = 8

/** A product of the customer's preferred brand in category `c` (launched, carried), or -1. */
const preferredProduct = (
  catalog: Catalog,
  assortment: Assortment | null,
  brandSalt: number,
  customerId: number,
  segment: number,
  store: number,
  c: number,
  day: number,
  rng: Rng.Stream
): number => {
  const brand = catalog.preferredBrand(c, unit2(brandSalt, customerId, c))
  if (brand < 0) return -1
  return brandProduct(catalog, assortment, brand, segment, store, c, day, rng)
}

/** End (exclusive, in `brandOrder`) of the launched products of `RANGE` (a brand within a category). */
const launchedEnd = (catalog: Catalog, day: number): number => {
  let lo = RANGE[0]!
  let hi = RANGE[1]!
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (catalog.launchDate[catalog.brandOrder[mid]!]! <= day) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Salts of the house-brand hashes, apart from the per-category preferred brand's. */
const HOUSE_CATEGORY_SALT = 0x68e31da4
const HOUSE_BRAND_SALT = 0x1b56c4e9

let houseMass = new Float64Array(64)

/**
 * A product of the customer's house brand of department `d` (launched, carried), or -1. The
 * house brand is the preferred brand of one category of the department, the category picked by
 * launched popularity at a keyed quantile of (customer, department) — stable for the customer.
 * The product's category is drawn ∝ the brand's tilted popularity in each category of `d`.
 */
const houseProduct = (
  catalog: Catalog,
  assortment: Assortment | null,
  brandSalt: number,
  customerId: number,
  segment: number,
  store: number,
  d: number,
  day: number,
  rng: Rng.Stream
): number => {
  const from = catalog.deptCatStart[d]!
  const to = catalog.deptCatStart[d + 1]!
  if (houseMass.length < to - from) houseMass = new Float64Array(2 * (to - from))
  let total = 0
  for (let j = from; j < to; j++) {
    const c = catalog.deptCats[j]!
    const k = catalog.launched[c]!
    total += k > 0 ? catalog.catCum[catalog.catStart[c]! + k - 1]! : 0
  }
  if (!(total > 0)) return -1
  let t = unit2(brandSalt ^ HOUSE_CATEGORY_SALT, customerId, d) * total
  let home = -1
  for (let j = from; j < to && t >= 0; j++) {
    const c = catalog.deptCats[j]!
    const k = catalog.launched[c]!
    if (k === 0) continue
    home = c
    t -= catalog.catCum[catalog.catStart[c]! + k - 1]!
  }
  const brand = catalog.preferredBrand(home, unit2(brandSalt ^ HOUSE_BRAND_SALT, customerId, d))
  if (brand < 0) return -1
  const base = segment * catalog.size
  const cum = catalog.brandCum
  let mass = 0
  for (let j = from; j < to; j++) {
    const c = catalog.deptCats[j]!
    catalog.brandRange(c, brand, RANGE)
    const a = RANGE[0]!
    const b = launchedEnd(catalog, day)
    const m = b > a ? cum[base + b - 1]! - (a > catalog.catStart[c]! ? cum[base + a - 1]! : 0) : 0
    houseMass[j - from] = m
    mass += m
  }
  if (!(mass > 0)) return -1
  let u = rng.float() * mass
  let pick = -1
  for (let j = from; j < to && u >= 0; j++) {
    const m = houseMass[j - from]!
    if (m <= 0) continue
    pick = j
    u -= m
  }
  return brandProduct(catalog, assortment, brand, segment, store, catalog.deptCats[pick]!, day, rng)
}

/** A product of `brand` in category `c` (launched, carried), or -1. */
const brandProduct = (
  catalog: Catalog,
  assortment: Assortment | null,
  brand: number,
  segment: number,
  store: number,
  c: number,
  day: number,
  rng: Rng.Stream
): number => {
  catalog.brandRange(c, brand, RANGE)
  const from = RANGE[0]!
  // The brand's products are ordered by launch date: its launched ones are a prefix.
  const to = launchedEnd(catalog, day)
  if (to === from) return -1
  const base = segment * catalog.size
  const cum = catalog.brandCum
  const first = from > catalog.catStart[c]! ? cum[base + from - 1]! : 0
  const span = cum[base + to - 1]! - first
  if (span > 0) {
    for (let t = 0; t < BRAND_TRIES; t++) {
      const target = first + rng.float() * span
      let a = from
      let b = to - 1
      while (a < b) {
        const mid = (a + b) >>> 1
        if (cum[base + mid]! > target) b = mid
        else a = mid + 1
      }
      const p = catalog.brandOrder[a]!
      if (assortment === null || assortment.has(store, p)) return p
    }
  }
  if (assortment === null) return -1
  // The store carries little of the brand: draw among what it carries.
  let total = 0
  for (let j = from; j < to; j++) {
    const p = catalog.brandOrder[j]!
    if (assortment.has(store, p)) total += catalog.tiltWeight[base + p]!
  }
  if (!(total > 0)) return -1
  let t = rng.float() * total
  let last = -1
  for (let j = from; j < to; j++) {
    const p = catalog.brandOrder[j]!
    if (!assortment.has(store, p)) continue
    last = p
    t -= catalog.tiltWeight[base + p]!
    if (t < 0) return p
  }
  return last
}

/** A product of category `c` for segment `segment`, preferring ones the store carries. */
const drawProduct = (
  catalog: Catalog,
  assortment: Assortment | null,
  brandSalt: number,
  customerId: number,
  segment: number,
  store: number,
  c: number,
  day: number,
  rng: Rng.Stream
): number => {
  if (rng.float() < Segments.BRAND_LOYALTY[segment]!) {
    const p = preferredProduct(catalog, assortment, brandSalt, customerId, segment, store, c, day, rng)
    if (p >= 0) return p
  }
  const alias = catalog.productAlias(c, segment)
  if (alias === null) return -1
  const start = catalog.catStart[c]!
  for (let t = 0; t < ASSORTMENT_TRIES; t++) {
    const p = catalog.catProducts[start + alias.sample(rng)]!
    if (assortment === null || assortment.has(store, p)) return p
  }
  // Rarely reached (a store carrying little of the category): draw among what it carries.
  const k = catalog.launched[c]!
  const base = segment * catalog.size
  let total = 0
  for (let j = start; j < start + k; j++) {
    const p = catalog.catProducts[j]!
    if (assortment!.has(store, p)) total += catalog.tiltWeight[base + p]!
  }
  if (!(total > 0)) return -1
  let t = rng.float() * total
  let last = -1
  for (let j = start; j < start + k; j++) {
    const p = catalog.catProducts[j]!
    if (!assortment!.has(store, p)) continue
    last = p
    t -= catalog.tiltWeight[base + p]!
    if (t < 0) return p
  }
  return last
}

/** Units of a line. */
const quantity = (behaviour: number, price: number, rng: Rng.Stream): number => {
  if (rng.float() >= Behaviours.MULTI_UNIT[behaviour]! || price > Behaviours.SINGLE_UNIT_ABOVE) return 1
  const u = rng.float()
  return 2 + Math.floor((Behaviours.MAX_QTY[behaviour]! - 1) * u * u)
}

/**
 * Sets line `i`'s UnitPrice and promotion from its product: the promotion's price when
 * `promo` (an index of `promos.list`, or -1) covers the product's department, else SalePrice.
 */
export const priceLine = (
  catalog: Catalog,
  promos: DayPromotions | null,
  promo: number,
  buf: BasketBuffer,
  i: number
): void => {
  const p = buf.product[i]!
  const price = catalog.price[p]!
  const dept = catalog.deptOf[p]!
  if (promo >= 0 && promos !== null && dept >= 0 && promos.mask[promo * D + dept] === 1) {
    buf.unit[i] = Money.discount(price, promos.list[promo]!.discountBps)
    buf.promo[i] = promo
  } else {
    buf.unit[i] = price
    buf.promo[i] = -1
  }
}

/** Everything a basket draw needs besides the rng; reused across baskets. */
export interface BasketContext {
  readonly catalog: Catalog
  /** The store's assortment (with `store`), or null to draw from the whole catalogue. */
  readonly assortment: Assortment | null
  readonly brandSalt: number
  /** Cumulative department weights per behaviour (`departmentCumulative`). */
  readonly deptCum: Float64Array
  /** Lines = 1 + Poisson(lambda[behaviour]). */
  readonly lambda: Float64Array
  /** Whether promotions are priced in (online orders use SalePrice). */
  readonly promos: DayPromotions | null
}

/**
 * Draws a basket into `buf`: `promo` is the redeemed promotion (index into `ctx.promos.list`)
 * or -1; `promotedDept` the department marketing promotes to the customer or -1; `store` the
 * store row whose assortment applies (ignored when `ctx.assortment` is null).
 */
export const fillBasket = (
  ctx: BasketContext,
  buf: BasketBuffer,
  rng: Rng.Stream,
  day: number,
  customerId: number,
  segment: number,
  behaviour: number,
  promo: number,
  promotedDept: number,
  store: number
): void => {
  const catalog = ctx.catalog
  let n = 1 + Distribution.poisson(rng, ctx.lambda[behaviour]!)
  if (n > MAX_LINES) n = MAX_LINES
  buf.length = 0
  const promos = ctx.promos
  const promoDepts = promo >= 0 && promos !== null ? promos.list[promo]!.departmentIndices : null
  const offset = behaviour * D
  const house = Segments.HOUSE_BRAND[segment]!
  for (let line = 0; line < n; line++) {
    let p = -1
    for (let attempt = 0; attempt < DUPLICATE_TRIES; attempt++) {
      let d = -1
      if (line === 0 && promoDepts !== null && promoDepts.length > 0) {
        const k = promoDepts[Math.floor(rng.float() * promoDepts.length)]!
        if (catalog.deptAvail[k] === 1) d = k
      } else if (
        promotedDept >= 0 &&
        catalog.deptAvail[promotedDept] === 1 &&
        rng.float() < Exposure.PROMOTED_LINE_SHARE
      ) {
        d = promotedDept
      }
      if (d < 0) d = sampleDepartment(ctx.deptCum, offset, rng)
      if (d < 0) return
      if (house > 0 && rng.float() < house) {
        p = houseProduct(catalog, ctx.assortment, ctx.brandSalt, customerId, segment, store, d, day, rng)
        if (p >= 0 && !buf.contains(p)) break
        p = -1
      }
      const c = sampleCategory(catalog, behaviour, d, rng)
      if (c < 0) continue
      p = drawProduct(catalog, ctx.assortment, ctx.brandSalt, customerId, segment, store, c, day, rng)
      if (p >= 0 && !buf.contains(p)) break
      p = -1
    }
    if (p < 0) continue
    const i = buf.length++
    buf.product[i] = p
    buf.qty[i] = quantity(behaviour, catalog.price[p]!, rng)
    priceLine(catalog, promos, promo, buf, i)
  }
}

/**
 * Another product for `p` when it is out of stock: same subcategory if one is found within a
 * few draws, else any other product of its category; launched, carried by the store, not in
 * the basket. -1 when none is found.
 */
export const substitute = (
  ctx: BasketContext,
  buf: BasketBuffer,
  rng: Rng.Stream,
  segment: number,
  store: number,
  p: number
): number => {
  const catalog = ctx.catalog
  const c = catalog.catOf[p]!
  const sub = catalog.subOf[p]!
  const alias = catalog.productAlias(c, segment)
  if (alias === null) return -1
  const start = catalog.catStart[c]!
  let fallback = -1
  for (let t = 0; t < SUBSTITUTE_TRIES; t++) {
    const q = catalog.catProducts[start + alias.sample(rng)]!
    if (q === p || buf.contains(q) || (ctx.assortment !== null && !ctx.assortment.has(store, q))) continue
    if (catalog.subOf[q] === sub) return q
    if (fallback < 0) fallback = q
  }
  return fallback
}
