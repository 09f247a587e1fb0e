import { describe, expect, it } from "@effect/vitest"
import { Taxonomy } from "../src/index.js"
import { BRAND_PREFIXES, BRAND_SUFFIXES, COMPANY_STEMS } from "../src/internal/brands.js"
import { TAXONOMY } from "../src/internal/taxonomy.js"
import { REAL_BRANDS } from "./fixtures/realBrands.js"
import { generate } from "./helpers.js"

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "")
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** Whole-word, case-insensitive matchers of every real name. */
const MATCHERS = REAL_BRANDS.map((b) => ({
  brand: b,
  re: new RegExp(`(^|[^a-z0-9])${escapeRegExp(b.toLowerCase())}($|[^a-z0-9])`)
}))
const SQUASHED = new Map(REAL_BRANDS.map((b) => [squash(b), b]))

/** The real names a text contains (whole words), or that one of its words spells without punctuation. */
const realNamesIn = (text: string): Array<string> => {
  const lower = text.toLowerCase()
  const hits = MATCHERS.filter((m) => m.re.test(lower)).map((m) => m.brand)
  const whole = SQUASHED.get(squash(text))
  if (whole !== undefined) hits.push(whole)
  for (const word of text.split(/\s+/)) {
    const w = SQUASHED.get(squash(word))
    if (w !== undefined && squash(word).length > 0) hits.push(w)
  }
  return hits
}

describe("synthetic brands and companies", () => {
  it("the blocklist holds at least 200 distinct real brands and companies", () => {
    expect(new Set(REAL_BRANDS.map((b) => b.toLowerCase())).size).toBeGreaterThanOrEqual(200)
  })

  it("the matcher itself catches real names (so the checks below can fail)", () => {
    expect(realNamesIn("Fernholt Tide Pods")).toContain("Tide")
    expect(realNamesIn("Mapleleaf")).toContain("Maple Leaf")
    expect(realNamesIn("KITCHENAID Mixer")).toContain("KitchenAid")
    expect(realNamesIn("Tidewater Towels")).toEqual([])
  })

  it("no brand name the generator can form is a real brand", () => {
    const bad: Array<string> = []
    for (const p of BRAND_PREFIXES)
      for (const s of BRAND_SUFFIXES) if (realNamesIn(p + s).length > 0) bad.push(p + s)
    expect(bad).toEqual([])
  })

  it("no company name the generator can form contains a real one", () => {
    const bad: Array<string> = []
    for (const d of TAXONOMY.departments) {
      for (const suffix of d.companySuffixes) {
        for (const stem of COMPANY_STEMS) {
          const name = `${stem} ${suffix}`
          if (realNamesIn(name).length > 0) bad.push(`${name}: ${realNamesIn(name).join(", ")}`)
        }
      }
    }
    expect(bad).toEqual([])
  })

  it("no taxonomy word (item, variant, size, category, department) is a real brand", () => {
    const words = new Set<string>([
      ...Taxonomy.DEPARTMENTS,
      ...Taxonomy.CATEGORIES,
      ...Taxonomy.SUBCATEGORIES
    ])
    for (const c of TAXONOMY.categories) for (const v of c.variants) words.add(v)
    for (const s of TAXONOMY.subcategories) for (const x of [...s.items, ...s.sizes]) words.add(x)
    const bad = [...words]
      .filter((w) => realNamesIn(w).length > 0)
      .map((w) => `${w}: ${realNamesIn(w).join(", ")}`)
    expect(bad).toEqual([])
  })

  it.each([1, 2, 3])("no generated brand, company or product name contains a real one (seed %i)", (seed) => {
    const p = generate({ seed, stores: 5, dcs: 1, customers: 1, products: 20_000 }).products
    const bad: Array<string> = []
    for (const name of [...p.brands, ...p.companies, ...p.productName]) {
      const hits = realNamesIn(name)
      if (hits.length > 0) bad.push(`${name}: ${hits.join(", ")}`)
    }
    expect(bad).toEqual([])
    expect(p.brands.length).toBeGreaterThan(100)
    expect(new Set(p.brands).size).toBe(p.brands.length)
    expect(new Set(p.companies).size).toBe(p.companies.length)
  })
})
