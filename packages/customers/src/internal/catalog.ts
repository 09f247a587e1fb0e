/**
 * The product catalogue arranged for basket drawing: products grouped by category (ordered by
 * launch date, so the launched products of a day are a prefix), popularity weights tilted per
 * segment, alias tables per (category, segment) rebuilt only when a category's launched prefix
 * grows, brand groups per category, and per-behaviour category weights per department.
 */
import { Distribution } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Taxonomy } from "@retail-datagen/master"
import { Departments } from "@retail-datagen/patterns"
import * as Behaviours from "../Behaviours.js"
import * as Segments from "../Segments.js"

const D = Departments.COUNT
const G = Segments.COUNT
const B = Behaviours.COUNT

export class Catalog {
  /** Number of products. */
  readonly size: number
  /** Number of master categories. */
  readonly categories: number
  /** Patterns department index of each product (-1: a department patterns does not know). */
  readonly deptOf: Int8Array
  readonly catOf: Uint16Array
  readonly subOf: Uint16Array
  readonly brandOf: Int32Array
  readonly price: Int32Array
  readonly taxability: Uint8Array
  readonly launchDate: Int32Array
  /** Products of category `c` are `catProducts[catStart[c] … catStart[c+1])`, by launch date. */
  readonly catStart: Int32Array
  readonly catProducts: Int32Array
  readonly catLaunch: Int32Array
  /** Prefix sums of popularity within each category (in `catProducts` order). */
  readonly catCum: Float64Array
  /** Same members as `catProducts`, ordered by (brand, launch date, id) within each category. */
  readonly brandOrder: Int32Array
  /** `G × size`: popularity × the segment's price tilt. */
  readonly tiltWeight: Float64Array
  /** `G × size`: prefix sums of `tiltWeight` in `brandOrder` order, restarting at each category. */
  readonly brandCum: Float64Array
  /** Categories of each patterns department: `deptCats[deptCatStart[d] … deptCatStart[d+1])`. */
  readonly deptCatStart: Int32Array
  readonly deptCats: Int32Array
  /** `B × categories`: Σ popularity × the behaviour's category boost. */
  readonly catBase: Float64Array

  /** The day the fields below describe (-∞ before the first `ensureDay`). */
  day = Number.NEGATIVE_INFINITY
  /** Launched products per category on `day`. */
  readonly launched: Int32Array
  /** `B × categories`: `catBase`, or 0 when nothing in the category is launched. */
  readonly catDay: Float64Array
  /** 1 when the department has a launched product. */
  readonly deptAvail: Uint8Array
  private readonly alias: Array<Distribution.AliasTable | null>
  private readonly aliasCount: Int32Array

  constructor(master: Master.Master) {
    const p = master.products
    const n = p.length
    const C = Taxonomy.CATEGORIES.length
    this.size = n
    this.categories = C
    this.catOf = p.category
    this.subOf = p.subcategory
    this.brandOf = p.brandId
    this.price = p.salePrice
    this.taxability = p.taxability
    this.launchDate = p.launchDate
    const deptMap = Int8Array.from(Taxonomy.DEPARTMENTS, (name) => Departments.indexOf(name))
    this.deptOf = new Int8Array(n)
    for (let i = 0; i < n; i++) this.deptOf[i] = deptMap[p.department[i]!]!

    // Group by category, launch date, id.
    const counts = new Int32Array(C + 1)
    for (let i = 0; i < n; i++) counts[p.category[i]! + 1]!++
    for (let c = 0; c < C; c++) counts[c + 1] = counts[c + 1]! + counts[c]!
    this.catStart = counts
    const order = Array.from({ length: n }, (_, i) => i)
    order.sort((a, b) => p.category[a]! - p.category[b]! || p.launchDate[a]! - p.launchDate[b]! || a - b)
    this.catProducts = Int32Array.from(order)
    this.catLaunch = Int32Array.from(order, (i) => p.launchDate[i]!)
    this.catCum = new Float64Array(n)
    for (let c = 0; c < C; c++) {
      let s = 0
      for (let k = counts[c]!; k < counts[c + 1]!; k++) {
        s += p.popularity[this.catProducts[k]!]!
        this.catCum[k] = s
      }
    }
    const byBrand = [...order].sort(
      (a, b) =>
        p.category[a]! - p.category[b]! ||
        p.brandId[a]! - p.brandId[b]! ||
        p.launchDate[a]! - p.launchDate[b]! ||
        a - b
    )
    this.brandOrder = Int32Array.from(byBrand)

    // Price tilt per segment: popularity × (price / geometric mean price of the category)^γ.
    const logMean = new Float64Array(C)
    for (let i = 0; i < n; i++) logMean[p.category[i]!] = logMean[p.category[i]!]! + Math.log(p.salePrice[i]!)
    for (let c = 0; c < C; c++) {
      const k = counts[c + 1]! - counts[c]!
      logMean[c] = k > 0 ? logMean[c]! / k : 0
    }
    this.tiltWeight = new Float64Array(G * n)
    for (let g = 0; g < G; g++) {
      const gamma = Segments.PRICE_TILT[g]!
      for (let i = 0; i < n; i++) {
        const rel = Math.log(p.salePrice[i]!) - logMean[p.category[i]!]!
        this.tiltWeight[g * n + i] = p.popularity[i]! * Math.exp(gamma * rel)
      }
    }

    this.brandCum = new Float64Array(G * n)
    for (let g = 0; g < G; g++) {
      for (let c = 0; c < C; c++) {
        let sum = 0
        for (let j = counts[c]!; j < counts[c + 1]!; j++) {
          sum += this.tiltWeight[g * n + this.brandOrder[j]!]!
          this.brandCum[g * n + j] = sum
        }
      }
    }

    // Department → categories, and per-behaviour category weights.
    const dc = new Int32Array(D + 1)
    const catDept = Int8Array.from(Taxonomy.CATEGORY_DEPARTMENT, (d) => deptMap[d]!)
    for (let c = 0; c < C; c++) if (catDept[c]! >= 0) dc[catDept[c]! + 1]!++
    for (let d = 0; d < D; d++) dc[d + 1] = dc[d + 1]! + dc[d]!
    this.deptCatStart = dc
    this.deptCats = new Int32Array(dc[D]!)
    const fill = dc.slice(0, D)
    for (let c = 0; c < C; c++) {
      const d = catDept[c]!
      if (d >= 0) this.deptCats[fill[d]!++] = c
    }
    const popSum = new Float64Array(C)
    for (let c = 0; c < C; c++) {
      const k = counts[c + 1]!
      popSum[c] = k > counts[c]! ? this.catCum[k - 1]! : 0
    }
    this.catBase = new Float64Array(B * C)
    for (let b = 0; b < B; b++) {
      const boosts = Behaviours.CATEGORY_BOOSTS[b]!
      for (let c = 0; c < C; c++)
        this.catBase[b * C + c] = popSum[c]! * (boosts[Taxonomy.CATEGORIES[c]!] ?? 1)
    }

    this.launched = new Int32Array(C)
    this.catDay = new Float64Array(B * C)
    this.deptAvail = new Uint8Array(D)
    this.alias = new Array<Distribution.AliasTable | null>(C * G).fill(null)
    this.aliasCount = new Int32Array(C * G).fill(-1)
  }

  /** Brings the launched prefixes (and what depends on them) to `day`. */
  ensureDay(day: number): void {
    if (this.day === day) return
    this.day = day
    const C = this.categories
    this.deptAvail.fill(0)
    for (let c = 0; c < C; c++) {
      // Upper bound of `day` in the category's launch dates.
      let lo = this.catStart[c]!
      let hi = this.catStart[c + 1]!
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (this.catLaunch[mid]! <= day) lo = mid + 1
        else hi = mid
      }
      const k = lo - this.catStart[c]!
      this.launched[c] = k
      for (let b = 0; b < B; b++) this.catDay[b * C + c] = k > 0 ? this.catBase[b * C + c]! : 0
    }
    for (let d = 0; d < D; d++) {
      for (let j = this.deptCatStart[d]!; j < this.deptCatStart[d + 1]!; j++) {
        if (this.launched[this.deptCats[j]!]! > 0) {
          this.deptAvail[d] = 1
          break
        }
      }
    }
  }

  /** The alias table over category `c`'s launched products weighted for segment `g` (null if none). */
  productAlias(c: number, g: number): Distribution.AliasTable | null {
    const k = this.launched[c]!
    const slot = c * G + g
    if (this.aliasCount[slot] === k) return this.alias[slot]!
    let table: Distribution.AliasTable | null = null
    if (k > 0) {
      const start = this.catStart[c]!
      const w = new Float64Array(k)
      const base = g * this.size
      for (let j = 0; j < k; j++) w[j] = this.tiltWeight[base + this.catProducts[start + j]!]!
      table = Distribution.alias(w)
    }
    this.alias[slot] = table
    this.aliasCount[slot] = k
    return table
  }

  /**
   * The brand a customer prefers in category `c`: the brand of the launched product found at
   * popularity quantile `u` (a keyed hash, so it is stable for the customer). -1 when nothing is launched.
   */
  preferredBrand(c: number, u: number): number {
    const k = this.launched[c]!
    if (k === 0) return -1
    const start = this.catStart[c]!
    const target = u * this.catCum[start + k - 1]!
    let lo = start
    let hi = start + k - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.catCum[mid]! > target) hi = mid
      else lo = mid + 1
    }
    return this.brandOf[this.catProducts[lo]!]!
  }

  /** `[from, to)` in `brandOrder` of brand `brand` within category `c`. */
  brandRange(c: number, brand: number, out: Int32Array): void {
    let lo = this.catStart[c]!
    let hi = this.catStart[c + 1]!
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.brandOf[this.brandOrder[mid]!]! < brand) lo = mid + 1
      else hi = mid
    }
    const from = lo
    hi = this.catStart[c + 1]!
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.brandOf[this.brandOrder[mid]!]! <= brand) lo = mid + 1
      else hi = mid
    }
    out[0] = from
    out[1] = lo
  }
}

/** A bitset of the products each store carries (from the store inventory snapshots). */
export class Assortment {
  private readonly bits: Uint32Array
  private readonly words: number

  /** Stores for which `include(storeIndex)` is false get an empty row (never consulted). */
  constructor(master: Master.Master, include: (storeIndex: number) => boolean) {
    const stores = master.stores.length
    this.words = (master.products.length + 31) >>> 5
    this.bits = new Uint32Array(stores * this.words)
    const inv = master.storeInventory
    for (let s = 0; s < stores; s++) {
      if (!include(s)) continue
      const base = s * this.words
      for (let r = inv.locationStart[s]!; r < inv.locationStart[s + 1]!; r++) {
        const p = inv.productId[r]! - 1
        this.bits[base + (p >>> 5)] = this.bits[base + (p >>> 5)]! | (1 << (p & 31))
      }
    }
  }

  /** Whether store row `s` carries product row `p`. */
  has(s: number, p: number): boolean {
    return (this.bits[s * this.words + (p >>> 5)]! & (1 << (p & 31))) !== 0
  }
}
