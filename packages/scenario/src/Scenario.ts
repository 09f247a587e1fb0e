/**
 * A scenario: the same world with a few things changed. It is a JSON document of interventions,
 * each with a target and an inclusive date range, checked by an effect `Schema` (errors name the
 * path: `interventions[2].factor: expected a number > 0 and ≤ 100, got -1`).
 *
 * The simulation applies a scenario through the plugins that own the behaviour; `compile` turns it
 * into per-day lookups cheap enough for their hot loops. Interventions draw no random numbers
 * from the plugins' streams (a rescaled quantity is rounded with a hash keyed by the line), so
 * every draw an intervention does not causally touch is the same as in the baseline: the two
 * datasets are twins under common random numbers.
 *
 * @example
 * import { Scenario } from "@retail-datagen/scenario"
 * import { Calendar } from "@retail-datagen/core"
 * import { Schema } from "effect"
 *
 * const s = Schema.decodeUnknownSync(Scenario.Scenario)({
 *   interventions: [{ type: "store_closed", stores: [3], start: "2024-12-10", end: "2024-12-12" }]
 * })
 * const plan = Scenario.compile(s)
 * plan.at(Calendar.parse("2024-12-11")).storeClosed(3) // true
 */
import { Calendar, Hash } from "@retail-datagen/core"
import { Taxonomy } from "@retail-datagen/master"
import { Weather } from "@retail-datagen/patterns"
import { type ParseResult, Schema } from "effect"

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

const show = (u: unknown): string => {
  const text = typeof u === "number" ? String(u) : (JSON.stringify(u) ?? String(u))
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

/** A schema whose every failure reads `expected <expected>, got <value>`. */
const expecting = <A, I>(schema: Schema.Schema<A, I>, expected: string) =>
  schema.annotations({
    message: (issue: ParseResult.ParseIssue) => ({
      message: `expected ${expected}, got ${show(issue.actual)}`,
      override: true
    })
  })

const DateText = expecting(
  Schema.String.pipe(Schema.filter((s) => Calendar.isValid(s))),
  "a date YYYY-MM-DD"
).annotations({
  arbitrary: () => (fc) =>
    fc
      .integer({ min: Calendar.fromYmd(2020, 1, 1), max: Calendar.fromYmd(2030, 12, 31) })
      .map(Calendar.format)
})

const Id = expecting(Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)), "an integer ≥ 1")

/** Category names of the product taxonomy (master `Taxonomy.CATEGORIES`). */
const Category = expecting(
  Schema.String.pipe(Schema.filter((s) => Taxonomy.CATEGORIES.includes(s))),
  'a product category name (e.g. "Snacks", "Dairy & Eggs"; see the master products\' Category column)'
).annotations({ arbitrary: () => (fc) => fc.constantFrom(...Taxonomy.CATEGORIES) })

const Factor = expecting(
  Schema.Finite.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(100)),
  "a number > 0 and ≤ 100"
)

const Percent = expecting(
  Schema.Finite.pipe(Schema.greaterThan(-100), Schema.lessThanOrEqualTo(1000)),
  "a number > -100 and ≤ 1000"
)

const window = {
  start: DateText,
  end: DateText,
  /** Free text for people reading the scenario (and the diff report). */
  note: Schema.optionalWith(Schema.String, { exact: true })
}

/** The end is on or after the start (reported at `end`). */
const ordered = <S extends Schema.Schema.Any>(schema: S) =>
  schema.pipe(
    Schema.filter((i: { readonly start: string; readonly end: string }) =>
      Calendar.parse(i.end) >= Calendar.parse(i.start)
        ? undefined
        : { path: ["end"], message: `expected a date on or after start (${i.start}), got "${i.end}"` }
    )
  )

/**
 * Stores (StoreID) sell nothing in the range: no visits, receipts or sales; stock stays on the
 * shelf. A share `redirect` of the visits the store would have had (default `REDIRECT_SHARE`; 0:
 * none) happen instead at the shopper's next choice of an open store in the same DC region.
 */
export const StoreClosed = ordered(
  Schema.Struct({
    type: Schema.Literal("store_closed"),
    stores: expecting(Schema.NonEmptyArray(Id), "a non-empty array of StoreIDs (integers ≥ 1)"),
    redirect: Schema.optionalWith(
      expecting(
        Schema.Finite.pipe(Schema.greaterThanOrEqualTo(0), Schema.lessThanOrEqualTo(1)),
        "a number ≥ 0 and ≤ 1"
      ),
      { exact: true }
    ),
    ...window
  })
)

/** Share of a closed store's visits that go to another store of its region when `redirect` is not given. */
export const REDIRECT_SHARE = 0.5

/**
 * Demand × `factor`: for a DC region (`dc`, the DCID) store visits are scaled; for a `category`
 * the units of its lines are scaled; with both, the category's units in that region.
 */
export const DemandShock = ordered(
  Schema.Struct({
    type: Schema.Literal("demand_shock"),
    dc: Schema.optionalWith(Id, { exact: true }),
    category: Schema.optionalWith(Category, { exact: true }),
    factor: Factor,
    ...window
  })
).pipe(
  Schema.filter((i) =>
    i.dc === undefined && i.category === undefined
      ? { path: ["dc"], message: "expected a target: dc (a DCID), category, or both" }
      : undefined
  )
)

/**
 * A brand name of the master products (`products_master.Brand`). Brands are generated with the
 * master data, so the Schema checks the form only; `checkMaster` (and `compile` given the brands)
 * checks the name.
 */
const Brand = expecting(
  Schema.String.pipe(Schema.filter((s) => s.trim().length > 0 && s.length <= 100)),
  "a brand name (see the master products' Brand column)"
)

/** Exactly one of `category` and `brand` (reported at `category`). */
const oneTarget = <S extends Schema.Schema.Any>(schema: S) =>
  schema.pipe(
    Schema.filter((i: { readonly category?: string; readonly brand?: string }) =>
      (i.category === undefined) === (i.brand === undefined)
        ? {
            path: ["category"],
            message:
              i.category === undefined
                ? "expected a target: category or brand"
                : "expected either category or brand, not both"
          }
        : undefined
    )
  )

/**
 * The shelf price of a category's or a brand's products changes by `percent` (+10 = 10 % dearer).
 * Units follow through the constant price elasticity `PRICE_ELASTICITY`.
 */
export const PriceChange = oneTarget(
  ordered(
    Schema.Struct({
      type: Schema.Literal("price_change"),
      category: Schema.optionalWith(Category, { exact: true }),
      brand: Schema.optionalWith(Brand, { exact: true }),
      percent: Percent,
      ...window
    })
  )
)

/**
 * A DC (DCID) ships nothing to its stores in the range: no truck leaves it, so the stores of its
 * region live on their shelves, run out and lose sales; supplier deliveries still arrive.
 */
export const DcClosed = ordered(
  Schema.Struct({
    type: Schema.Literal("dc_closed"),
    dc: Id,
    ...window
  })
)

/** A DC's daily outbound throughput (units loaded onto trucks) × `factor` (0 < factor ≤ 1). */
export const DcCapacity = ordered(
  Schema.Struct({
    type: Schema.Literal("dc_capacity"),
    dc: Id,
    factor: expecting(
      Schema.Finite.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(1)),
      "a number > 0 and ≤ 1"
    ),
    ...window
  })
)

/**
 * Trucks dispatched in the range (from one DC, or from every DC) arrive `hours` late — a `share` of
 * the trips, chosen by a hash of the trip's keys (DC, day, sequence), not by a random stream.
 */
export const TruckDelay = ordered(
  Schema.Struct({
    type: Schema.Literal("truck_delay"),
    dc: Schema.optionalWith(Id, { exact: true }),
    hours: expecting(
      Schema.Finite.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(48)),
      "a number > 0 and ≤ 48"
    ),
    share: expecting(
      Schema.Finite.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(1)),
      "a number > 0 and ≤ 1"
    ),
    ...window
  })
)

/**
 * Suppliers deliver `factor` × what a DC orders of a category (for one DC, or every DC), on the
 * orders placed in the range: the DC's stock of the category thins, then its stores'.
 */
export const SupplierShortage = ordered(
  Schema.Struct({
    type: Schema.Literal("supplier_shortage"),
    dc: Schema.optionalWith(Id, { exact: true }),
    category: Category,
    factor: expecting(
      Schema.Finite.pipe(Schema.greaterThanOrEqualTo(0), Schema.lessThan(1)),
      "a number ≥ 0 and < 1"
    ),
    ...window
  })
)

/**
 * The marketing table's `Channel` values. The marketing package, above this one, owns the channels;
 * its tests hold the two lists equal.
 */
export const CHANNELS = ["FACEBOOK", "INSTAGRAM", "GOOGLE", "YOUTUBE", "EMAIL", "DISPLAY", "SEARCH"] as const

/**
 * The marketing budget of a `channel` × `factor` (in one DC region, or all): the channel's
 * impressions — and so their cost — scale, and the visits their exposure drives follow.
 */
export const MarketingBudget = ordered(
  Schema.Struct({
    type: Schema.Literal("marketing_budget"),
    channel: expecting(Schema.Literal(...CHANNELS), `a marketing channel (${CHANNELS.join(", ")})`),
    dc: Schema.optionalWith(Id, { exact: true }),
    factor: expecting(
      Schema.Finite.pipe(Schema.greaterThanOrEqualTo(0), Schema.lessThanOrEqualTo(100)),
      "a number ≥ 0 and ≤ 100"
    ),
    ...window
  })
)

/** A promotion code: capitals, digits, `_` and `-`, 1 to 24 characters. */
const PromoCode = expecting(
  Schema.String.pipe(Schema.pattern(/^[A-Z0-9_-]{1,24}$/)),
  "a promotion code of 1 to 24 capitals, digits, _ or -"
)

/**
 * A shelf promotion on a category's or a brand's products (in one DC region, or all): every line
 * of them without a promotion of its own is sold `discount` % off under `code` (default
 * `SCENARIO<n>`, n the intervention's position from 1), and asks for more units through
 * `PRICE_ELASTICITY`.
 */
export const PromotionAdded = oneTarget(
  ordered(
    Schema.Struct({
      type: Schema.Literal("promotion_added"),
      category: Schema.optionalWith(Category, { exact: true }),
      brand: Schema.optionalWith(Brand, { exact: true }),
      dc: Schema.optionalWith(Id, { exact: true }),
      discount: expecting(
        Schema.Finite.pipe(Schema.greaterThan(0), Schema.lessThan(100)),
        "a percentage > 0 and < 100"
      ),
      code: Schema.optionalWith(PromoCode, { exact: true }),
      ...window
    })
  )
)

/**
 * The calendar's promotions (chain events and weekly deals) no longer apply to a category's or a
 * brand's products — or to any product, with neither — in one DC region or all: those lines sell
 * at SalePrice without a code, and ask for fewer units through `PRICE_ELASTICITY`.
 */
export const PromotionRemoved = ordered(
  Schema.Struct({
    type: Schema.Literal("promotion_removed"),
    category: Schema.optionalWith(Category, { exact: true }),
    brand: Schema.optionalWith(Brand, { exact: true }),
    dc: Schema.optionalWith(Id, { exact: true }),
    ...window
  })
).pipe(
  Schema.filter((i) =>
    i.category !== undefined && i.brand !== undefined
      ? { path: ["category"], message: "expected either category or brand, not both" }
      : undefined
  )
)

/** Weather conditions of the patterns (`Weather.CONDITIONS`). */
export const CONDITIONS = Weather.CONDITIONS

/**
 * The weather of a DC region's stores (or every store) is `condition` on the days of the range:
 * its department lifts apply, and the store traffic factor is `factor` (default the condition's
 * own, `Weather.TRAFFIC`: rain 0.9, snow 0.7, heat 0.95) in place of the day's drawn weather.
 */
export const WeatherEvent = ordered(
  Schema.Struct({
    type: Schema.Literal("weather_event"),
    dc: Schema.optionalWith(Id, { exact: true }),
    condition: expecting(Schema.Literal(...CONDITIONS), `a weather condition (${CONDITIONS.join(", ")})`),
    factor: Schema.optionalWith(
      expecting(
        Schema.Finite.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(10)),
        "a number > 0 and ≤ 10"
      ),
      { exact: true }
    ),
    ...window
  })
)

/** One intervention. The `type` field names its kind. */
export const Intervention = Schema.Union(
  SupplierShortage,

  StoreClosed,
  DemandShock,
  PriceChange,
  DcClosed,
  DcCapacity,
  TruckDelay,
  MarketingBudget,
  PromotionAdded,
  PromotionRemoved,
  WeatherEvent
)

/** @category models */
export type Intervention = typeof Intervention.Type

/** The kinds of intervention, in documentation order. */
export const TYPES = [
  "store_closed",
  "demand_shock",
  "price_change",
  "dc_closed",
  "dc_capacity",
  "truck_delay",
  "supplier_shortage",
  "marketing_budget",
  "promotion_added",
  "promotion_removed",
  "weather_event"
] as const

/** A scenario document. */
export const Scenario = Schema.Struct({
  /** A short name shown by `diff`. */
  name: Schema.optionalWith(Schema.String, { exact: true }),
  description: Schema.optionalWith(Schema.String, { exact: true }),
  interventions: expecting(Schema.Array(Intervention), "an array of interventions").annotations({
    message: (issue: ParseResult.ParseIssue) => ({
      message: `expected an array of interventions, got ${show(issue.actual)}`,
      override: !Array.isArray(issue.actual)
    })
  })
}).annotations({
  identifier: "Scenario",
  parseOptions: { errors: "all", onExcessProperty: "error" }
})

/** @category models */
export interface Scenario extends Schema.Schema.Type<typeof Scenario> {}

/** The JSON form. */
export type Encoded = Schema.Schema.Encoded<typeof Scenario>

/** Whether a scenario changes nothing (no interventions): such a run is the baseline. */
export const isEmpty = (s: Scenario | undefined): boolean => s === undefined || s.interventions.length === 0

/** Units respond to a category's price with this constant elasticity: units × (1 + percent/100)^−ε. */
export const PRICE_ELASTICITY = 1.5

/** A problem of a decoded scenario against a world (an id beyond the world's stores or DCs). */
export interface Problem {
  readonly path: string
  readonly message: string
}

/**
 * Ids that the world does not have: StoreIDs above `stores`, DCIDs above `dcs`. Paths are like
 * `interventions[1].stores[0]`.
 */
export const checkWorld = (
  scenario: Scenario,
  world: { readonly stores: number; readonly dcs: number }
): ReadonlyArray<Problem> => {
  const out: Array<Problem> = []
  scenario.interventions.forEach((i, k) => {
    if (i.type === "store_closed") {
      i.stores.forEach((id, j) => {
        if (id > world.stores)
          out.push({
            path: `interventions[${k}].stores[${j}]`,
            message: `expected a StoreID from 1 to ${world.stores} (volume.stores), got ${id}`
          })
      })
    } else if (
      (i.type === "demand_shock" ||
        i.type === "dc_closed" ||
        i.type === "dc_capacity" ||
        i.type === "truck_delay" ||
        i.type === "supplier_shortage" ||
        i.type === "marketing_budget" ||
        i.type === "promotion_added" ||
        i.type === "promotion_removed" ||
        i.type === "weather_event") &&
      i.dc !== undefined &&
      i.dc > world.dcs
    ) {
      out.push({
        path: `interventions[${k}].dc`,
        message: `expected a DCID from 1 to ${world.dcs} (volume.dcs), got ${i.dc}`
      })
    }
  })
  return out
}

/** Up to five names of a list, for a message: `"A", "B", … (12 in all)`. */
const sample = (names: ReadonlyArray<string>): string =>
  `${names
    .slice(0, 5)
    .map((n) => JSON.stringify(n))
    .join(", ")}${names.length > 5 ? `, … (${names.length} in all)` : ""}`

/**
 * Names the master data does not have: brands missing from `products_master.Brand`. Paths are
 * like `interventions[1].brand`.
 */
export const checkMaster = (
  scenario: Scenario,
  master: { readonly brands: ReadonlyArray<string> }
): ReadonlyArray<Problem> => {
  const known = new Set(master.brands)
  const out: Array<Problem> = []
  scenario.interventions.forEach((i, k) => {
    if ("brand" in i && i.brand !== undefined && !known.has(i.brand))
      out.push({
        path: `interventions[${k}].brand`,
        message: `expected a brand of the master products (products_master.Brand, e.g. ${sample(master.brands)}), got ${JSON.stringify(i.brand)}`
      })
  })
  return out
}

/** A scenario names something the master data does not have (see `checkMaster`). */
export class UnknownTarget extends RangeError {
  readonly _tag = "UnknownTarget"
  constructor(readonly problems: ReadonlyArray<Problem>) {
    super(`scenario: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`)
    this.name = "UnknownTarget"
  }
}

// ---------------------------------------------------------------------------------------------
// Compiled lookups
// ---------------------------------------------------------------------------------------------

/**
 * How a day's promotion interventions change the lines of one DC region, per category index
 * (master `Taxonomy.CATEGORIES`) and per brand index (master `products.brands`). Arrays are null
 * where nothing applies.
 */
export interface PromotionChanges {
  /** Every calendar promotion is removed (a `promotion_removed` without a target). */
  readonly removeAll: boolean
  /** 1 where the calendar's promotions are removed. */
  readonly removedCategories: Uint8Array | null
  readonly removedBrands: Uint8Array | null
  /** The intervention index of the promotion added to the category or brand, else -1. */
  readonly addedCategories: Int32Array | null
  readonly addedBrands: Int32Array | null
}

/** A promotion that a `promotion_added` intervention runs. */
export interface AddedPromotion {
  readonly code: string
  readonly discountBps: number
}

/** What the scenario does on one day. Factors are 1 where nothing applies. */
export interface Day {
  /** Whether anything applies on this day. */
  readonly active: boolean
  /** Whether the store (StoreID) is closed. */
  storeClosed(storeId: number): boolean
  /** Share of a closed store's (StoreID) visits redirected to another store (0 when open or none). */
  redirect(storeId: number): number
  /** Visits multiplier of the stores of a DC region (DCID). */
  visits(dcId: number): number
  /**
   * Units multiplier per category index (master `Taxonomy.CATEGORIES`) in a DC region (demand
   * shocks and price elasticity), or null when every factor is 1.
   */
  units(dcId: number): Float64Array | null
  /** Price multiplier per category index, or null when every factor is 1. */
  readonly prices: Float64Array | null
  /** Multiplier of a DC's (DCID) daily outbound throughput: 0 when closed, 1 normally. */
  dcCapacity(dcId: number): number
  /** Whether a DC (DCID) is closed (`dc_closed`): it ships nothing, to stores or to online customers. */
  dcClosed(dcId: number): boolean
  /** Share of a DC's supplier orders delivered, per category index, or null when every factor is 1. */
  supply(dcId: number): Float64Array | null
  /** Extra seconds before the truck of trip `seq` dispatched by DC `dcId` on `day` arrives (0 normally). */
  tripDelay(dcId: number, day: number, seq: number): number
  /** Multiplier of a channel's (index in `CHANNELS`) impressions in a DC region (DCID); 1 normally. */
  budget(channel: number, dcId: number): number
  /**
   * Price multiplier per brand index (master `products.brands`), or null when every factor is 1
   * or the plan was compiled without the brands.
   */
  readonly brandPrices: Float64Array | null
  /** Units multiplier per brand index (the brand price changes' elasticity), or null. */
  readonly brandUnits: Float64Array | null
  /** The promotion changes of a DC region (DCID), or null when none applies. */
  promotions(dcId: number): PromotionChanges | null
  /** The weather condition code (`Weather.CONDITIONS`) forced on a DC region (DCID), or -1. */
  weatherCode(dcId: number): number
  /** The store traffic factor of the forced weather of a DC region (1 when none is forced). */
  weatherFactor(dcId: number): number
}

const C = Taxonomy.CATEGORIES.length

const NOTHING: Day = {
  active: false,
  storeClosed: () => false,
  redirect: () => 0,
  visits: () => 1,
  units: () => null,
  prices: null,
  dcCapacity: () => 1,
  dcClosed: () => false,
  tripDelay: () => 0,
  supply: () => null,
  budget: () => 1,
  brandPrices: null,
  brandUnits: null,
  promotions: () => null,
  weatherCode: () => -1,
  weatherFactor: () => 1
}

/** Per-day lookups of a scenario; `at(day)` is cached for the last day asked. */
export interface Plan {
  readonly scenario: Scenario
  at(day: Calendar.EpochDay): Day
  /** The promotion of each `promotion_added` intervention, by intervention index (else undefined). */
  readonly added: ReadonlyArray<AddedPromotion | undefined>
}

/** What `compile` needs of the master data to resolve names (brands); without it brand interventions do nothing. */
export interface World {
  /** `products_master` brand names; a product's brand index is its position here. */
  readonly brands: ReadonlyArray<string>
}

/** A uniform number in [0, 1) keyed by four integers: which trips an intervention picks. */
const unit = (a: number, b: number, c: number, d: number): number =>
  Hash.mix32(Hash.mix32(Hash.mix32(Hash.mix32(a ^ 0x5bd1e995) ^ b) ^ Math.imul(c, 0x9e3779b1)) ^ d) /
  4294967296

const covers = (i: Intervention, day: number): boolean =>
  day >= Calendar.parse(i.start) && day <= Calendar.parse(i.end)

/** Factors per category, for every DC and per DC (a DC's own factors include the common ones). */
class CategoryFactors {
  common: Float64Array | null = null
  readonly regional = new Map<number, Float64Array>()
  scale(dc: number | undefined, category: number, f: number): void {
    if (dc === undefined) {
      this.common ??= new Float64Array(C).fill(1)
      this.common[category] = this.common[category]! * f
      for (const arr of this.regional.values()) arr[category] = arr[category]! * f
    } else {
      let arr = this.regional.get(dc)
      if (arr === undefined) {
        arr = this.common === null ? new Float64Array(C).fill(1) : Float64Array.from(this.common)
        this.regional.set(dc, arr)
      }
      arr[category] = arr[category]! * f
    }
  }
  of(dc: number): Float64Array | null {
    return this.regional.get(dc) ?? this.common
  }
}

/** An intervention with its position in the scenario. */
interface Indexed {
  readonly i: Intervention
  readonly k: number
}

/** The promotion changes of one DC region from the day's promotion interventions. */
const promotionChanges = (
  list: ReadonlyArray<Indexed>,
  dc: number,
  brandIndex: ReadonlyMap<string, number> | null,
  brandCount: number
): PromotionChanges | null => {
  let removeAll = false
  let removedCategories: Uint8Array | null = null
  let removedBrands: Uint8Array | null = null
  let addedCategories: Int32Array | null = null
  let addedBrands: Int32Array | null = null
  for (const { i, k } of list) {
    if (
      (i.type !== "promotion_added" && i.type !== "promotion_removed") ||
      (i.dc !== undefined && i.dc !== dc)
    )
      continue
    const c = i.category === undefined ? -1 : Taxonomy.CATEGORIES.indexOf(i.category)
    const b = i.brand === undefined || brandIndex === null ? -1 : (brandIndex.get(i.brand) ?? -1)
    if (i.brand !== undefined && b < 0) continue // brands unresolved: compiled without the master
    if (i.type === "promotion_removed") {
      if (c >= 0) (removedCategories ??= new Uint8Array(C))[c] = 1
      else if (b >= 0) (removedBrands ??= new Uint8Array(brandCount))[b] = 1
      else removeAll = true
    } else if (c >= 0) (addedCategories ??= new Int32Array(C).fill(-1))[c] = k
    else (addedBrands ??= new Int32Array(brandCount).fill(-1))[b] = k
  }
  return removeAll || removedCategories || removedBrands || addedCategories || addedBrands
    ? { removeAll, removedCategories, removedBrands, addedCategories, addedBrands }
    : null
}

/** A uniform number in [0, 1) keyed by a salt and three integers (which impressions a budget cut keeps). */
export const keep = (salt: number, a: number, b: number, c: number): number =>
  Hash.mix32(
    Hash.mix32(Hash.mix32(salt ^ Math.imul(a | 0, 0x9e3779b1)) ^ (b | 0)) ^ Math.imul(c | 0, 0x85ebca77)
  ) / 4294967296

const dayOf = (
  indexed: ReadonlyArray<Indexed>,
  brandIndex: ReadonlyMap<string, number> | null,
  brandCount: number
): Day => {
  if (indexed.length === 0) return NOTHING
  const interventions = indexed.map((x) => x.i)
  const closed = new Map<number, number>()
  const dcClosed = new Set<number>()
  const visits = new Map<number, number>()
  const capacity = new Map<number, number>()
  const delays: Array<{
    readonly dc: number | undefined
    readonly seconds: number
    readonly share: number
    readonly salt: number
  }> = []
  let prices: Float64Array | null = null
  let brandPrices: Float64Array | null = null
  let brandUnits: Float64Array | null = null
  const units = new CategoryFactors()
  const supply = new CategoryFactors()
  const budgets: Array<{
    readonly channel: number
    readonly dc: number | undefined
    readonly factor: number
  }> = []
  const weather = new Map<number | undefined, { readonly code: number; readonly factor: number }>()
  let promotions = false
  for (const i of interventions) {
    switch (i.type) {
      case "store_closed":
        // overlapping closures of a store: the largest redirected share
        for (const s of i.stores) closed.set(s, Math.max(closed.get(s) ?? 0, i.redirect ?? REDIRECT_SHARE))
        break
      case "demand_shock":
        if (i.category === undefined) visits.set(i.dc!, (visits.get(i.dc!) ?? 1) * i.factor)
        else units.scale(i.dc, Taxonomy.CATEGORIES.indexOf(i.category), i.factor)
        break
      case "price_change": {
        const m = 1 + i.percent / 100
        if (i.category !== undefined) {
          const c = Taxonomy.CATEGORIES.indexOf(i.category)
          prices ??= new Float64Array(C).fill(1)
          prices[c] = prices[c]! * m
          units.scale(undefined, c, m ** -PRICE_ELASTICITY)
        } else if (brandIndex !== null) {
          const b = brandIndex.get(i.brand!)!
          brandPrices ??= new Float64Array(brandCount).fill(1)
          brandUnits ??= new Float64Array(brandCount).fill(1)
          brandPrices[b] = brandPrices[b]! * m
          brandUnits[b] = brandUnits[b]! * m ** -PRICE_ELASTICITY
        }
        break
      }
      case "dc_closed":
        capacity.set(i.dc, 0)
        dcClosed.add(i.dc)
        break
      case "dc_capacity":
        capacity.set(i.dc, (capacity.get(i.dc) ?? 1) * i.factor)
        break
      case "truck_delay":
        // each delay intervention picks its own trips (salted by its position)
        delays.push({ dc: i.dc, seconds: Math.round(i.hours * 3600), share: i.share, salt: delays.length })
        break
      case "supplier_shortage":
        supply.scale(i.dc, Taxonomy.CATEGORIES.indexOf(i.category), i.factor)
        break
      case "marketing_budget":
        budgets.push({ channel: CHANNELS.indexOf(i.channel), dc: i.dc, factor: i.factor })
        break
      case "promotion_added":
      case "promotion_removed":
        promotions = true
        break
      case "weather_event": {
        // the last event of the file wins where several cover a region
        const code = CONDITIONS.indexOf(i.condition)
        const w = { code, factor: i.factor ?? Weather.TRAFFIC[i.condition] }
        if (i.dc === undefined) weather.clear()
        weather.set(i.dc, w)
        break
      }
    }
  }
  const promotionCache = new Map<number, PromotionChanges | null>()
  return {
    active: true,
    storeClosed: (id) => closed.has(id),
    redirect: (id) => closed.get(id) ?? 0,
    visits: (dc) => visits.get(dc) ?? 1,
    units: (dc) => units.of(dc),
    supply: (dc) => supply.of(dc),
    prices,
    dcCapacity: (dc) => capacity.get(dc) ?? 1,
    dcClosed: (dc) => dcClosed.has(dc),
    tripDelay: (dc, day, seq) => {
      let extra = 0
      for (const d of delays)
        if ((d.dc === undefined || d.dc === dc) && unit(d.salt, dc, day, seq) < d.share) extra += d.seconds
      return extra
    },
    budget: (channel, dc) => {
      let f = 1
      for (const b of budgets) if (b.channel === channel && (b.dc === undefined || b.dc === dc)) f *= b.factor
      return f
    },
    brandPrices,
    brandUnits,
    promotions: promotions
      ? (dc) => {
          let p = promotionCache.get(dc)
          if (p === undefined)
            promotionCache.set(dc, (p = promotionChanges(indexed, dc, brandIndex, brandCount)))
          return p
        }
      : () => null,
    weatherCode: (dc) => (weather.get(dc) ?? weather.get(undefined))?.code ?? -1,
    weatherFactor: (dc) => (weather.get(dc) ?? weather.get(undefined))?.factor ?? 1
  }
}

/**
 * The per-day lookups of a scenario. Plugins call `at(day)` once per step and the `Day`'s
 * methods in their loops. With `world`, brand names are resolved (an unknown one throws
 * `UnknownTarget` naming the intervention); without it brand interventions do nothing.
 */
export const compile = (scenario: Scenario, world?: World): Plan => {
  let brandIndex: ReadonlyMap<string, number> | null = null
  if (world !== undefined) {
    const problems = checkMaster(scenario, world)
    if (problems.length > 0) throw new UnknownTarget(problems)
    brandIndex = new Map(world.brands.map((b, j) => [b, j]))
  }
  const indexed = scenario.interventions.map((i, k) => ({ i, k }))
  const added = scenario.interventions.map((i, k) =>
    i.type === "promotion_added"
      ? { code: i.code ?? `SCENARIO${k + 1}`, discountBps: Math.round(i.discount * 100) }
      : undefined
  )
  let cachedDay = Number.NaN
  let cached: Day = NOTHING
  return {
    scenario,
    added,
    at: (day) => {
      if (day !== cachedDay) {
        cached = dayOf(
          indexed.filter((x) => covers(x.i, day)),
          brandIndex,
          world?.brands.length ?? 0
        )
        cachedDay = day
      }
      return cached
    }
  }
}

/** Decodes a scenario (throws a ParseError); for tests and scripts. Prefer the config package's `Scenario.load`. */
export const decodeSync = (input: unknown): Scenario =>
  Schema.decodeUnknownSync(Scenario)(input, { errors: "all", onExcessProperty: "error" })
