/**
 * The product catalogue: taxonomy placement, brands and companies, prices, launch dates,
 * popularity.
 */
import { Distribution, Money, Rng } from "@retail-datagen/core"
import type { MasterSpec } from "../MasterSpec.js"
import type { ProductTable } from "../Products.js"
import { AT_MSRP_SHARE, LAUNCH_DURING_SHARE } from "../Products.js"
import { allocate } from "./allocate.js"
import { BRAND_PREFIXES, BRAND_SUFFIXES, COMPANY_STEMS } from "./brands.js"
import { TAXONOMY } from "./taxonomy.js"

const BLOCK = 1024
const POPULARITY_SIGMA = 0.9
const BRAND_ZIPF = 0.7
const STORAGE_CODE = { ambient: 0, chilled: 1, frozen: 2 } as const
const TAX_CODE = { taxable: 0, exempt_food: 1, reduced: 2 } as const

interface Brands {
  readonly brands: ReadonlyArray<string>
  readonly companies: ReadonlyArray<string>
  readonly brandCompany: Int32Array
  /** First brand index of each department, and its brand-choice table (undefined when empty). */
  readonly deptFirst: Int32Array
  readonly deptTable: ReadonlyArray<Distribution.AliasTable | undefined>
}

const makeBrands = (seed: number, deptCounts: Int32Array): Brands => {
  const rng = Rng.make(seed, "master", "brands")
  const nd = deptCounts.length
  const want = new Int32Array(nd)
  let total = 0
  for (let d = 0; d < nd; d++) {
    const n = deptCounts[d]!
    want[d] = n === 0 ? 0 : Math.min(n, Math.ceil(2 * Math.sqrt(n)))
    total += want[d]!
  }
  const space = BRAND_PREFIXES.length * BRAND_SUFFIXES.length
  if (total > space) {
    // More brands wanted than names exist: shrink every department in proportion.
    const wanted = total
    for (let d = 0; d < nd; d++)
      if (want[d]! > 0) want[d] = Math.max(1, Math.floor((want[d]! * space) / wanted))
    total = sumOf(want)
  }
  const nameIdx = Distribution.sampleWithoutReplacement(rng, space, total)
  const brands: Array<string> = []
  for (let i = 0; i < total; i++) {
    const k = nameIdx[i]!
    brands.push(
      BRAND_PREFIXES[Math.floor(k / BRAND_SUFFIXES.length)]! + BRAND_SUFFIXES[k % BRAND_SUFFIXES.length]!
    )
  }
  const companies: Array<string> = []
  const brandCompany = new Int32Array(total)
  const deptFirst = new Int32Array(nd + 1)
  const deptTable: Array<Distribution.AliasTable | undefined> = []
  let b = 0
  for (let d = 0; d < nd; d++) {
    deptFirst[d] = b
    const nb = want[d]!
    const suffixes = TAXONOMY.departments[d]!.companySuffixes
    const stems = COMPANY_STEMS.length
    const nc = nb === 0 ? 0 : Math.min(stems * suffixes.length, Math.max(1, Math.ceil(nb / 4)))
    const companyIdx = Distribution.sampleWithoutReplacement(rng, stems * suffixes.length, nc)
    const firstCompany = companies.length
    for (let c = 0; c < nc; c++) {
      const k = companyIdx[c]!
      companies.push(`${COMPANY_STEMS[k % stems]!} ${suffixes[Math.floor(k / stems)]!}`)
    }
    for (let j = 0; j < nb; j++) brandCompany[b + j] = firstCompany + (j % nc)
    deptTable.push(nb === 0 ? undefined : Distribution.zipf(nb, BRAND_ZIPF))
    b += nb
  }
  deptFirst[nd] = b
  return { brands, companies, brandCompany, deptFirst, deptTable }
}

const sumOf = (xs: Int32Array): number => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  return s
}

export const generateProducts = (spec: MasterSpec): ProductTable => {
  const n = spec.products
  const deps = TAXONOMY.departments
  const deptCounts = allocate(
    n,
    deps.map((d) => d.share)
  )
  // Subcategory of every product, in catalogue order (department, category, subcategory).
  const subcategory = new Uint16Array(n)
  const category = new Uint16Array(n)
  const department = new Uint8Array(n)
  let p = 0
  deps.forEach((dep, d) => {
    const subs = dep.categories.flatMap((c) => TAXONOMY.categories[c]!.subcategories)
    const counts = allocate(
      deptCounts[d]!,
      subs.map(() => 1)
    )
    subs.forEach((s, k) => {
      const c = TAXONOMY.subcategories[s]!.category
      for (let j = 0; j < counts[k]!; j++, p++) {
        subcategory[p] = s
        category[p] = c
        department[p] = d
      }
    })
  })

  const brandsData = makeBrands(spec.seed, deptCounts)
  const productName: Array<string> = []
  const brandId = new Int32Array(n)
  const companyId = new Int32Array(n)
  const basePrice = new Int32Array(n)
  const msrp = new Int32Array(n)
  const salePrice = new Int32Array(n)
  const cost = new Int32Array(n)
  const storage = new Uint8Array(n)
  const launchDate = new Int32Array(n)
  const taxability = new Uint8Array(n)
  const popularity = new Float64Array(n)
  const popMu = Distribution.lognormalMu(1, POPULARITY_SIGMA)
  const start = spec.startDate
  const launchesDuring = spec.horizonDays > 1

  let rng = Rng.make(spec.seed, "master", "products", 0)
  for (let i = 0; i < n; i++) {
    if (i % BLOCK === 0) rng = Rng.make(spec.seed, "master", "products", i / BLOCK)
    const sub = TAXONOMY.subcategories[subcategory[i]!]!
    const cat = TAXONOMY.categories[category[i]!]!
    const d = department[i]!
    // Name and brand.
    const item = sub.items[rng.int(0, sub.items.length - 1)]!
    const variant = cat.variants[rng.int(0, cat.variants.length - 1)]!
    const size = sub.sizes.length === 0 ? "" : ` ${sub.sizes[rng.int(0, sub.sizes.length - 1)]!}`
    const b = brandsData.deptFirst[d]! + brandsData.deptTable[d]!.sample(rng)
    brandId[i] = b
    companyId[i] = brandsData.brandCompany[b]!
    productName.push(`${brandsData.brands[b]!} ${variant} ${item}${size}`)
    // Prices, integer cents.
    const base = Math.round(Math.exp(rng.uniform(Math.log(cat.lowCents), Math.log(cat.highCents))))
    const lo = Math.ceil((base * 85) / 100)
    const hi = Math.floor((base * 115) / 100)
    let m = Math.min(hi, Math.max(lo, Math.round(base * rng.uniform(0.85, 1.15))))
    const charm = Math.floor(m / 10) * 10 + 9
    if (charm >= lo && charm <= hi) m = charm
    let sale = m
    if (!rng.chance(AT_MSRP_SHARE)) {
      const off = Money.applyBps(m, rng.int(500, 3500))
      const minSale = Math.ceil((m * 65) / 100)
      const maxSale = Math.floor((m * 95) / 100)
      sale = Math.min(maxSale, Math.max(minSale, m - off))
    }
    const minCost = Math.ceil(sale / 2)
    const maxCost = Math.floor((sale * 85) / 100)
    const c = Math.min(maxCost, Math.max(minCost, Money.applyBps(sale, rng.int(5000, 8500))))
    basePrice[i] = base
    msrp[i] = m
    salePrice[i] = sale
    cost[i] = c
    storage[i] = STORAGE_CODE[cat.storage]
    taxability[i] = TAX_CODE[cat.taxability]
    // Launch date.
    launchDate[i] =
      launchesDuring && rng.chance(LAUNCH_DURING_SHARE)
        ? start + rng.int(1, spec.horizonDays - 1)
        : start - rng.int(14, 2000)
    popularity[i] = cat.weight * Distribution.lognormal(rng, popMu, POPULARITY_SIGMA)
  }
  let sum = 0
  for (let i = 0; i < n; i++) sum += popularity[i]!
  const scale = n / sum
  for (let i = 0; i < n; i++) popularity[i] = Math.max(1e-6, Math.round(popularity[i]! * scale * 1e6) / 1e6)

  return {
    length: n,
    productName,
    brandId,
    companyId,
    brands: brandsData.brands,
    companies: brandsData.companies,
    brandCompany: brandsData.brandCompany,
    department,
    category,
    subcategory,
    basePrice,
    msrp,
    salePrice,
    cost,
    storage,
    launchDate,
    taxability,
    popularity
  }
}
