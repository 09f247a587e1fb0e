/**
 * The `receipts` plugin: store visits → `receipts` and `receipt_lines`.
 *
 * Per store of the shard's regions and day (streams keyed by store and day, never by shard):
 * 1. **Volume.** `λ = customersPerDay × TrafficWeight / Σ TrafficWeight (all stores) ×
 *    patterns.storeDayMultiplier(day, store) / mean dayMultiplier of the year`, so the yearly
 *    mean of the chain is `customersPerDay` before weather (weather only lowers traffic, by ≈ 2 %);
 *    visits ~ Poisson(λ); closed days have none. Stream `("visits", StoreID, day)`.
 * 2. **Times.** Seconds drawn from the day's hour curve inside the day's opening window
 *    (`patterns.storeHours`, holiday rules applied) and sorted: visits run in time order.
 * 3. **Each visit** (stream `("shop", StoreID, day)`): a customer (`StoreChoice`, optionally
 *    boosted by marketing exposure), their segment's behaviour, a basket (`Basket`), then stock:
 *    each line takes its units from the `"stock"` service; a line granted nothing is replaced
 *    once by a substitute (same subcategory, else category; stream `("substitute", StoreID, day)`,
 *    so stock never shifts the shop stream) taking the same quantity; a line
 *    still granted nothing is a lost sale (dropped); a partial grant sells what was granted.
 *    A visit whose lines are all lost produces no receipt (a lost visit).
 * 4. **Money.** ExtPrice = Qty × UnitPrice; Subtotal = Σ ExtPrice; Tax per rate class
 *    (`taxable` at the store's TaxRateBps, `reduced` at ReducedTaxRateBps, `exempt_food` 0),
 *    half-up once per class; Total = Subtotal + Tax. Tender from the segment's mix.
 * 5. **Closed stores** (a scenario's `store_closed`): no visits of their own; after every store's
 *    own visits, a share of the visits a closed store would have had go to another open store of
 *    its region (`redirectStore`), drawn from the closed store's own streams.
 *
 * Ids: `ReceiptId` = epochDay(5) StoreID(4) seq(5), seq counting the store-day's own receipts in
 * time order from 0, then its redirected visits' receipts; `TraceId` = 1 followed by the same 14
 * digits (kind 1 = receipt). Rows of a day come out ordered by (EventTS, StoreID, seq); each
 * receipt's lines follow it, numbered 1..n.
 *
 * @example
 * import { Receipts, Stock } from "@retail-datagen/customers"
 * const receipts = Receipts.make({ customersPerDay: 2000, itemsPerTicketMean: 4.2 })
 * // Run.run({ plugins: [Stock.unlimited, receipts], master, seed, start, end, onBatches })
 */
import { Batch, Calendar, Distribution, Money, Plugin, type Rng } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Departments, type Patterns, PatternsService, Weather } from "@retail-datagen/patterns"
import { Scenario } from "@retail-datagen/scenario"
import * as Basket from "./Basket.js"
import * as Behaviours from "./Behaviours.js"
import * as Exposure from "./Exposure.js"
import {
  BasketBuffer,
  type BasketContext,
  departmentCumulative,
  fillBasket,
  priceLine,
  substitute
} from "./internal/basket.js"
import { Assortment } from "./internal/catalog.js"
import * as Counters from "./internal/counters.js"
import { growFloat64, growInt32, growUint8 } from "./internal/grow.js"
import {
  mapSecond,
  promoCode,
  promote,
  redirectDraw,
  redirectSalt,
  reprice,
  rescale,
  roundingSalt
} from "./internal/scenario.js"
import { IdLayoutExceeded, VolumeLimitExceeded } from "./ShopperError.js"
import * as Stock from "./Stock.js"
import * as StoreChoice from "./StoreChoice.js"
import * as Tables from "./Tables.js"
import * as Truth from "./Truth.js"
import * as World from "./World.js"

/** Plugin name. */
export const NAME = "receipts"

/** Events per (store, day) the id layout allows (5-digit sequence). */
export const MAX_PER_STORE_DAY = 100_000

/** TraceId kind of a receipt. */
export const TRACE_KIND = 1

export interface Options {
  /** Chain-wide in-store receipts on an average day (DATA-CONTRACT `customers_per_day`). */
  readonly customersPerDay: number
  /** Mean lines per receipt (≥ 1). */
  readonly itemsPerTicketMean: number
  /** Read the `"marketing"` plugin's `ExposureService` (and depend on it). */
  readonly exposure?: boolean | undefined
  /** Record the day's ground truth for the `"truth"` plugin (`Truth`); no effect on the tables. */
  readonly truth?: boolean | undefined
  /**
   * What-if interventions (docs/scenarios.md): closed stores get no visits, a region's demand
   * shock scales its stores' visit rate, category demand shocks and price changes rescale the
   * quantity a shopper asks for (before stock) and price changes set the line's UnitPrice.
   */
  readonly scenario?: Scenario.Scenario | undefined
}

/** Counters of what stock did to store sales. */
export interface Stats {
  /** Receipts written. */
  readonly receipts: number
  /** Lines written. */
  readonly lines: number
  /** Units asked for and not sold (after substitution). */
  readonly lostUnits: number
  /** Lines dropped for lack of stock. */
  readonly lostLines: number
  /** Lines sold as a substitute product. */
  readonly substitutedLines: number
  /** Visits that produced no receipt because every line was out of stock. */
  readonly lostVisits: number
}

/** What the plugin shares with its dependents. */
export interface ReceiptsService {
  /** Counters since the start of the run (restored on resume). */
  stats(): Stats
  /** Counters of the last day stepped. */
  dayStats(): Stats
  /** The shopper world (shared tables; read-only). */
  readonly world: World.World
  /** The ground truth of the last day stepped (`Truth.Source`); `null` unless the option `truth` is on. */
  truth(): Truth.Recorder | null
}

const RECEIPTS = 0
const LINES = 1
const LOST_UNITS = 2
const LOST_LINES = 3
const SUBSTITUTED = 4
const LOST_VISITS = 5
const toStats = (c: Float64Array): Stats => ({
  receipts: c[RECEIPTS]!,
  lines: c[LINES]!,
  lostUnits: c[LOST_UNITS]!,
  lostLines: c[LOST_LINES]!,
  substitutedLines: c[SUBSTITUTED]!,
  lostVisits: c[LOST_VISITS]!
})

export interface State {
  readonly options: Options
  readonly world: World.World
  /** Owned store rows, ascending. */
  readonly stores: Int32Array
  readonly profiles: ReadonlyArray<Patterns.StoreProfile>
  readonly totalTraffic: number
  readonly candidates: StoreChoice.Candidates
  readonly assortment: Assortment
  readonly stock: Stock.StockService
  readonly exposure: Exposure.ExposureService | null
  /** The scenario's per-day lookups, or null for a baseline run. */
  readonly scenario: Scenario.Plan | null
  readonly scenarioSalt: number
  readonly redirectSalt: number
  /** Per closed store row, the other stores of its region nearest first (`nearbyStores`). */
  readonly nearby: Map<number, ReadonlyArray<number>>
  readonly receipts: Batch.Builder
  readonly lines: Batch.Builder
  readonly buf: BasketBuffer
  readonly lifts: Float64Array
  readonly deptCum: Float64Array
  readonly total: Float64Array
  readonly today: Float64Array
  staging: Staging
  /** Ground truth of the day (option `truth`), else null. */
  readonly truth: Truth.Recorder | null
  /** Lift (capped) of the customer the last `pickCustomer` kept, and whether the lift made the keep. */
  pickLift: number
  pickLifted: boolean
}

/** One day's receipts before they are ordered by (EventTS, StoreID, seq). */
interface Staging {
  secs: Int32Array
  receipts: number
  lineCount: number
  store: Int32Array
  customer: Int32Array
  subtotal: Float64Array
  tax: Float64Array
  tender: Uint8Array
  lineStart: Int32Array
  product: Int32Array
  qty: Int32Array
  unit: Int32Array
  promo: Int32Array
  /** First staging row of each store row's own visits (stores are staged in ascending order). */
  storeFirst: Int32Array
  keys: Float64Array
  /** Receipts staged per store row (the next sequence number). */
  count: Int32Array
  /** Receipts of each store row's own visits; sequence numbers from `own` on are redirected visits. */
  own: Int32Array
  /** Staging row of each redirected visit's receipt, by its sort key (they follow every own receipt). */
  extra: Map<number, number>
  /** Closed store rows of the day whose shoppers go elsewhere, ascending. */
  closed: Array<number>
  /** Per store row, whether it opens today for redirected shoppers: 0 not yet known, 1 yes, 2 no. */
  opens: Uint8Array
}

const newStaging = (stores: number): Staging => ({
  secs: new Int32Array(256),
  receipts: 0,
  lineCount: 0,
  store: new Int32Array(256),
  customer: new Int32Array(256),
  subtotal: new Float64Array(256),
  tax: new Float64Array(256),
  tender: new Uint8Array(256),
  lineStart: new Int32Array(257),
  product: new Int32Array(1024),
  qty: new Int32Array(1024),
  unit: new Int32Array(1024),
  promo: new Int32Array(1024),
  storeFirst: new Int32Array(stores),
  keys: new Float64Array(256),
  count: new Int32Array(stores),
  own: new Int32Array(stores),
  extra: new Map(),
  closed: [],
  opens: new Uint8Array(stores)
})

const init = (options: Options, ctx: Plugin.InitContext<Master.Master>): State => {
  const master = ctx.master
  const world = World.make(master, {
    seed: ctx.seed,
    itemsPerTicketMean: options.itemsPerTicketMean,
    patterns: ctx.service(PatternsService.Key),
    start: ctx.start
  })
  const s = master.stores
  if (s.length > 9999) throw new IdLayoutExceeded({ field: "StoreID", count: s.length, limit: 9999 })
  const owned: Array<number> = []
  let totalTraffic = 0
  for (let i = 0; i < s.length; i++) {
    totalTraffic += s.trafficWeight[i]!
    if (Plugin.ownsRegion(ctx.shard, StoreChoice.storeRegion(master, i))) owned.push(i)
  }
  const stores = Int32Array.from(owned)
  const own = new Uint8Array(s.length)
  for (const i of owned) own[i] = 1
  return {
    options,
    world,
    stores,
    profiles: Array.from({ length: s.length }, (_, i) => ({
      hours: world.storeHours[i]!,
      region: world.storeRegion[i]!
    })),
    totalTraffic,
    candidates: StoreChoice.candidates(master, (i) => own[i] === 1),
    assortment: new Assortment(master, (i) => own[i] === 1),
    stock: ctx.service(Stock.Key),
    exposure: options.exposure === true ? ctx.service(Exposure.Key) : null,
    scenario: Scenario.isEmpty(options.scenario)
      ? null
      : Scenario.compile(options.scenario!, { brands: master.products.brands }),
    scenarioSalt: roundingSalt(ctx.seed),
    redirectSalt: redirectSalt(ctx.seed),
    nearby: new Map(),
    receipts: Batch.builder(Tables.Receipts, 4096),
    lines: Batch.builder(Tables.ReceiptLines, 16384),
    buf: new BasketBuffer(),
    lifts: new Float64Array(Departments.COUNT),
    deptCum: new Float64Array(Behaviours.COUNT * Departments.COUNT),
    total: new Float64Array(6),
    today: new Float64Array(6),
    staging: newStaging(s.length),
    truth: options.truth === true ? new Truth.Recorder(master.products.length) : null,
    pickLift: 1,
    pickLifted: false
  }
}

/**
 * A customer row for a visit at store row `s`, exposure-boosted by rejection when enabled. Sets
 * `state.pickLift` (the kept customer's capped lift) and `state.pickLifted` (kept only thanks to
 * the lift: the draw fell in `[1, lift)` of the envelope, where a lift of 1 would have rejected).
 */
const pickCustomer = (state: State, s: number, day: number, rng: Rng.Stream): number => {
  const exposure = state.exposure
  let c = state.candidates.pick(s, rng)
  state.pickLift = 1
  state.pickLifted = false
  if (exposure === null) return c
  for (let a = 1; a < Exposure.MAX_ATTEMPTS; a++) {
    const lift = Math.min(exposure.visitLift(c + 1, day), Exposure.MAX_LIFT)
    const u = rng.float() * Exposure.MAX_LIFT
    if (u < lift) {
      state.pickLift = lift
      state.pickLifted = u >= 1
      return c
    }
    c = state.candidates.pick(s, rng)
  }
  if (state.truth !== null) state.pickLift = Math.min(exposure.visitLift(c + 1, day), Exposure.MAX_LIFT)
  return c
}

/**
 * What the visits of one store-day share: the basket context of the store whose visits they are
 * (for a closed store's redirected visits, the closed store's) and its streams.
 */
interface Visits {
  readonly day: number
  readonly bctx: BasketContext
  readonly promos: ReturnType<typeof World.promotions>
  /** Scenario units and price multipliers per category (null: none). */
  readonly units: Float64Array | null
  readonly prices: Float64Array | null
  /** Scenario units and price multipliers per brand (null: none). */
  readonly brandUnits: Float64Array | null
  readonly brandPrices: Float64Array | null
  /** The region's promotions added or removed (null: none), and the scenario's added promotions. */
  readonly promotions: Scenario.PromotionChanges | null
  readonly added: ReadonlyArray<Scenario.AddedPromotion | undefined>
  /** Whether any of the above rescales a line's quantity. */
  readonly rescaled: boolean
  readonly rs: Rng.Stream
  readonly rsub: Rng.Stream
  /** The StoreID whose visits these are: it keys the rounding of rescaled quantities. */
  readonly origin: number
}

/** The basket context and streams of store row `s`'s visits on the day. */
const visitsOf = (
  state: State,
  ctx: Plugin.DayContext<Master.Master>,
  s: number,
  scenario: Scenario.Day | null
): Visits => {
  const world = state.world
  const day = ctx.day
  const storeId = s + 1
  const dcId = world.master.stores.dcId[s]!
  const catalog = world.catalog
  // a weather event replaces the drawn weather of the region: its department lifts
  const weather = scenario === null ? -1 : scenario.weatherCode(dcId)
  world.patterns.categoryLifts(day, weather >= 0 ? undefined : state.profiles[s]!.region, state.lifts)
  if (weather >= 0) {
    const w = Weather.CATEGORY_LIFTS[weather]!
    for (let k = 0; k < Departments.COUNT; k++) state.lifts[k] = state.lifts[k]! * w[k]!
  }
  departmentCumulative(catalog, world.departmentMix, state.lifts, state.deptCum)
  const promos = World.promotions(world, day)
  const units = scenario === null ? null : scenario.units(dcId)
  const brandUnits = scenario === null ? null : scenario.brandUnits
  const promotions = scenario === null ? null : scenario.promotions(dcId)
  return {
    day,
    bctx: {
      catalog,
      assortment: state.assortment,
      brandSalt: world.brandSalt,
      deptCum: state.deptCum,
      lambda: world.lambda,
      promos
    },
    promos,
    units,
    prices: scenario === null ? null : scenario.prices,
    brandUnits,
    brandPrices: scenario === null ? null : scenario.brandPrices,
    promotions,
    added: state.scenario === null ? [] : state.scenario.added,
    rescaled: units !== null || brandUnits !== null || promotions !== null,
    rs: ctx.rng("shop", storeId, day),
    // Substitutes come from a stream of their own, so that stock (which decides when one is needed)
    // never shifts the shop stream: the visits, customers and baskets of a store-day are the same
    // whatever the stock — the common random numbers of a scenario and its baseline.
    rsub: ctx.rng("substitute", storeId, day),
    origin: storeId
  }
}

/**
 * Draws a store-day's visit count (stream `("visits", StoreID, day)`) and their seconds of the
 * day, sorted, into `state.staging.secs`; 0 when no visit or the store is closed by its hours.
 */
const drawVisits = (
  state: State,
  ctx: Plugin.DayContext<Master.Master>,
  s: number,
  mean: number,
  hours: { readonly open: number; readonly close: number; readonly closed: boolean }
): number => {
  const day = ctx.day
  const storeId = s + 1
  const rv = ctx.rng("visits", storeId, day)
  const n = Distribution.poisson(rv, mean)
  if (n === 0) return 0
  if (n > MAX_PER_STORE_DAY)
    throw new VolumeLimitExceeded({
      table: "receipts",
      entity: `store ${storeId}`,
      date: Calendar.format(day),
      count: n,
      limit: MAX_PER_STORE_DAY
    })
  if (hours.closed) return 0
  const st = state.staging
  st.secs = growInt32(st.secs, n)
  state.world.patterns.sampler(day, hours.open, hours.close).fillSorted(rv, n, st.secs)
  return n
}

/**
 * Store row `s`'s day multiplier (patterns `storeDayMultiplier`), with a scenario's weather event
 * in place of the region's drawn weather; `weather` is that event's traffic factor, if any.
 */
const storeDay = (
  state: State,
  day: number,
  s: number,
  scenario: Scenario.Day | null
): { readonly dm: number; readonly weather: number | undefined } => {
  const patterns = state.world.patterns
  const dm = patterns.storeDayMultiplier(day, state.profiles[s]!)
  const dcId = state.world.master.stores.dcId[s]!
  if (scenario === null || scenario.weatherCode(dcId) < 0) return { dm, weather: undefined }
  const weather = scenario.weatherFactor(dcId)
  return { dm: dm > 0 ? patterns.dayMultiplier(day) * weather : dm, weather }
}

/** Generates one store's visits of the day into the staging area. */
const generateStore = (
  state: State,
  ctx: Plugin.DayContext<Master.Master>,
  s: number,
  base: number
): void => {
  const world = state.world
  const master = world.master
  const patterns = world.patterns
  const day = ctx.day
  const st = state.staging
  st.storeFirst[s] = st.receipts
  st.count[s] = 0
  st.own[s] = 0
  const profile = state.profiles[s]!
  const storeId = s + 1
  const scenario = state.scenario === null ? null : state.scenario.at(day)
  const { dm, weather } = storeDay(state, day, s, scenario)
  const closed = scenario?.storeClosed(storeId) === true
  const shock = scenario === null ? 1 : scenario.visits(master.stores.dcId[s]!)
  // × 1 leaves a number as it is: without a scenario the mean is the baseline's to the bit
  const mean = base * master.stores.trafficWeight[s]! * dm * shock
  const truth = state.truth
  // the truth's expected visits are the scenario's: none at a closed store, the shocked mean
  if (truth !== null) beginTruth(truth, patterns, day, storeId, profile, dm, closed ? 0 : mean, weather)
  if (!(dm > 0)) return
  if (closed) {
    // its shoppers go elsewhere after every store's own visits (`redirectStore`)
    if (scenario!.redirect(storeId) > 0) st.closed.push(s)
    return
  }
  const hours = patterns.storeHours(day, profile.hours)
  const n = drawVisits(state, ctx, s, mean, hours)
  if (n === 0) return
  if (truth !== null) truth.visits(n)
  const secs = st.secs
  const vs = visitsOf(state, ctx, s, scenario)
  st.own[s] = MAX_PER_STORE_DAY // every receipt staged now is one of the store's own
  for (let v = 0; v < n; v++) shop(state, vs, s, v, secs[v]!, pickCustomer(state, s, day, vs.rs))
  st.own[s] = st.count[s]!
}

/**
 * A closed store's redirected visits (docs/scenarios.md): the visits it would have had — the same
 * count and times, drawn from its own `visits` stream, with customers from its `shop` stream —
 * of which a share, picked by a hash of (store, day, visit), happen at the customer's next choice
 * of an open store in the region (`hostOf`). They run after every store's own visits, so the
 * hosts' own visits, and the other stores' draws, are those of the baseline.
 */
const redirectStore = (
  state: State,
  ctx: Plugin.DayContext<Master.Master>,
  c: number,
  base: number,
  scenario: Scenario.Day
): void => {
  const world = state.world
  const master = world.master
  const patterns = world.patterns
  const day = ctx.day
  const st = state.staging
  const storeId = c + 1
  const profile = state.profiles[c]!
  const { dm } = storeDay(state, day, c, scenario)
  const mean = base * master.stores.trafficWeight[c]! * dm * scenario.visits(master.stores.dcId[c]!)
  const hours = patterns.storeHours(day, profile.hours)
  const n = drawVisits(state, ctx, c, mean, hours)
  if (n === 0) return
  const share = scenario.redirect(storeId)
  const secs = st.secs
  const vs = visitsOf(state, ctx, c, scenario)
  const truth = state.truth
  for (let v = 0; v < n; v++) {
    const cust = pickCustomer(state, c, day, vs.rs)
    if (redirectDraw(state.redirectSalt, storeId, day, v) >= share) continue
    const h = hostOf(state, day, cust, c, scenario)
    if (h < 0) continue
    if (st.count[h]! >= MAX_PER_STORE_DAY)
      throw new VolumeLimitExceeded({
        table: "receipts",
        entity: `store ${h + 1}`,
        date: Calendar.format(day),
        count: st.count[h]! + 1,
        limit: MAX_PER_STORE_DAY
      })
    const to = patterns.storeHours(day, state.profiles[h]!.hours)
    if (truth !== null) {
      if (truth.current() !== h + 1) {
        truth.endStore()
        truth.reopen(h + 1)
      }
      truth.redirected()
    }
    shop(state, vs, h, v, mapSecond(secs[v]!, hours.open, hours.close, to.open, to.close), cust)
  }
}

/**
 * Where a shopper of closed store row `c` goes instead: the first of their nearest stores
 * (master `NearestStoreID1…`) that is open and in `c`'s region, else the open store of the region
 * nearest to `c`; -1 when none is open.
 */
const hostOf = (state: State, day: number, cust: number, c: number, scenario: Scenario.Day): number => {
  const master = state.world.master
  const k = master.customers.nearestCount
  const near = master.customers.nearestStoreIds
  for (let r = 0; r < k; r++) {
    const s = near[cust * k + r]! - 1
    if (s !== c && isHost(state, day, s, c, scenario)) return s
  }
  for (const s of nearbyStores(state, c)) if (isHost(state, day, s, c, scenario)) return s
  return -1
}

/** Whether store row `s` can take closed store row `c`'s shoppers on `day`: same region, open. */
const isHost = (state: State, day: number, s: number, c: number, scenario: Scenario.Day): boolean => {
  const stores = state.world.master.stores
  if (stores.dcId[s] !== stores.dcId[c] || scenario.storeClosed(s + 1)) return false
  const open = state.staging.opens
  if (open[s] === 0) {
    const profile = state.profiles[s]!
    const patterns = state.world.patterns
    open[s] =
      patterns.storeDayMultiplier(day, profile) > 0 && !patterns.storeHours(day, profile.hours).closed ? 1 : 2
  }
  return open[s] === 1
}

/** The other stores of store row `c`'s region, nearest first (by latitude and longitude; ties by id). */
const nearbyStores = (state: State, c: number): ReadonlyArray<number> => {
  let list = state.nearby.get(c)
  if (list === undefined) {
    const stores = state.world.master.stores
    const d = (s: number) =>
      (stores.latitude[s]! - stores.latitude[c]!) ** 2 + (stores.longitude[s]! - stores.longitude[c]!) ** 2
    const near: Array<number> = []
    for (let s = 0; s < stores.length; s++) if (s !== c && stores.dcId[s] === stores.dcId[c]) near.push(s)
    near.sort((a, b) => d(a) - d(b) || a - b)
    state.nearby.set(c, near)
    list = near
  }
  return list
}

/**
 * One visit of customer row `cust` at store row `s`, at second `sec` of the day (visit `v` of the
 * store-day `vs` belongs to): behaviour, basket, stock (substitutes, lost lines), and the receipt
 * staged with the store's next sequence number.
 */
const shop = (state: State, vs: Visits, s: number, v: number, sec: number, cust: number): void => {
  const world = state.world
  const master = world.master
  const day = vs.day
  const st = state.staging
  const rs = vs.rs
  const bctx = vs.bctx
  const promos = vs.promos
  const units = vs.units
  const prices = vs.prices
  const catalog = world.catalog
  const buf = state.buf
  const stock = state.stock
  const exposure = state.exposure
  const truth = state.truth
  const today = state.today
  const storeId = s + 1
  const ts = day * 86400 + sec
  const customerId = cust + 1
  const seg = master.customers.segment[cust]!
  const beh = world.behaviourPick[seg]!.sample(rs)
  const promo = Basket.redeem(promos, seg, rs)
  const promoted = exposure === null ? -1 : exposure.promotedDepartment(customerId, day)
  fillBasket(bctx, buf, rs, day, customerId, seg, beh, promo, promoted, s)
  // Stock: take each line; substitute once; drop what cannot be sold.
  let kept = 0
  for (let i = 0; i < buf.length; i++) {
    const p = buf.product[i]!
    let q = buf.qty[i]!
    if (vs.rescaled) {
      let f = units === null ? 1 : units[catalog.catOf[p]!]!
      if (vs.brandUnits !== null) f *= vs.brandUnits[catalog.brandOf[p]!]!
      if (vs.promotions !== null) f *= promote(vs.promotions, vs.added, catalog, promos, buf, i)
      // a line the shopper no longer wants is neither sold nor lost
      if (f !== 1 && (q = rescale(q, f, state.scenarioSalt, vs.origin, day, v, p)) <= 0) continue
    }
    let granted = stock.takeFromStore(storeId, p + 1, q, ts)
    if (granted <= 0) {
      const sub = substitute(bctx, buf, vs.rsub, seg, s, p)
      granted = sub >= 0 ? stock.takeFromStore(storeId, sub + 1, q, ts) : 0
      if (truth !== null) {
        truth.refused(p, q, 0)
        if (granted > 0) truth.substituted(p, sub, Math.min(granted, q))
      }
      if (granted <= 0) {
        today[LOST_UNITS] = today[LOST_UNITS]! + q
        today[LOST_LINES]!++
        continue
      }
      today[SUBSTITUTED]!++
      buf.product[i] = sub
      priceLine(catalog, promos, promo, buf, i)
      if (vs.promotions !== null) promote(vs.promotions, vs.added, catalog, promos, buf, i)
    } else if (truth !== null && granted < q) truth.refused(p, q, granted)
    if (granted > q) granted = q
    if (granted < q) today[LOST_UNITS] = today[LOST_UNITS]! + (q - granted)
    buf.product[kept] = buf.product[i]!
    buf.qty[kept] = granted
    let pf = prices === null ? 1 : prices[catalog.catOf[buf.product[i]!]!]!
    if (vs.brandPrices !== null) pf *= vs.brandPrices[catalog.brandOf[buf.product[i]!]!]!
    buf.unit[kept] = pf === 1 ? buf.unit[i]! : reprice(buf.unit[i]!, pf)
    buf.promo[kept] = buf.promo[i]!
    kept++
  }
  buf.length = kept
  // drawn whether or not the visit buys anything, so that a visit the shelves turn away does not
  // shift the store-day's later visits (common random numbers: stock never moves the shop stream)
  const tender = world.tenderPick[seg]!.sample(rs)
  if (kept === 0) {
    today[LOST_VISITS]!++
    if (truth !== null) visitTruth(state, truth, day, ts, customerId, Number.NaN)
    return
  }
  // Stage the receipt.
  const r = st.receipts
  if (r >= st.store.length) {
    const cap = r + 1
    st.store = growInt32(st.store, cap)
    st.customer = growInt32(st.customer, cap)
    st.subtotal = growFloat64(st.subtotal, cap)
    st.tax = growFloat64(st.tax, cap)
    st.tender = growUint8(st.tender, cap)
    st.lineStart = growInt32(st.lineStart, st.store.length + 1)
    st.keys = growFloat64(st.keys, cap)
  }
  const l0 = st.lineCount
  if (l0 + kept > st.product.length) {
    const cap = l0 + kept
    st.product = growInt32(st.product, cap)
    st.qty = growInt32(st.qty, cap)
    st.unit = growInt32(st.unit, cap)
    st.promo = growInt32(st.promo, cap)
  }
  let subtotal = 0
  let taxable = 0
  let reduced = 0
  for (let i = 0; i < kept; i++) {
    const p = buf.product[i]!
    const ext = buf.qty[i]! * buf.unit[i]!
    subtotal += ext
    const t = catalog.taxability[p]!
    if (t === 0) taxable += ext
    else if (t === 2) reduced += ext
    st.product[l0 + i] = p
    st.qty[l0 + i] = buf.qty[i]!
    st.unit[l0 + i] = buf.unit[i]!
    st.promo[l0 + i] = buf.promo[i]!
  }
  // own visits are numbered in time order from 0; a host's redirected ones after them
  const seq = st.count[s]!++
  st.store[r] = storeId
  st.customer[r] = customerId
  st.subtotal[r] = subtotal
  st.tax[r] =
    Money.applyBps(taxable, master.stores.taxRateBps[s]!) +
    Money.applyBps(reduced, master.stores.reducedTaxRateBps[s]!)
  st.tender[r] = tender
  st.lineStart[r] = l0
  st.keys[r] = sec * 1e9 + storeId * 1e5 + seq
  if (seq >= st.own[s]!) st.extra.set(st.keys[r]!, r)
  st.lineCount = l0 + kept
  st.receipts = r + 1
  today[RECEIPTS]!++
  today[LINES] = today[LINES]! + kept
  if (truth !== null) visitTruth(state, truth, day, ts, customerId, day * 1e9 + storeId * 1e5 + seq)
}

/** Opens a store's day in the truth recorder with the factors `storeDayMultiplier` multiplies. */
const beginTruth = (
  truth: Truth.Recorder,
  patterns: World.World["patterns"],
  day: number,
  storeId: number,
  profile: Patterns.StoreProfile,
  dm: number,
  expected: number,
  /** A scenario's weather factor, in place of the region's drawn weather. */
  weather: number | undefined
): void =>
  truth.beginStore(
    storeId,
    patterns.seasonal(day),
    patterns.weekly[Calendar.dayOfWeek(day)]!,
    patterns.holiday(day),
    patterns.eventMultiplier(day),
    weather ?? (profile.region === undefined ? 1 : patterns.weatherMultiplier(day, profile.region)),
    dm,
    expected
  )

/** Records a visit's outcome and, for an exposed customer, its exposure (receiptId NaN: lost visit). */
const visitTruth = (
  state: State,
  truth: Truth.Recorder,
  day: number,
  ts: number,
  customerId: number,
  receiptId: number
): void => {
  truth.outcome(!Number.isNaN(receiptId))
  if (state.pickLift > 1) {
    const imp = state.pickLifted ? (state.exposure?.impression?.(customerId, day) ?? Number.NaN) : Number.NaN
    truth.exposed(ts, customerId, state.pickLift, state.pickLifted, imp, receiptId)
  }
}

const step = (state: State, ctx: Plugin.DayContext<Master.Master>): ReadonlyArray<Batch.Batch> => {
  const world = state.world
  const day = ctx.day
  world.catalog.ensureDay(day)
  state.today.fill(0)
  const st = state.staging
  st.receipts = 0
  st.lineCount = 0
  st.extra.clear()
  st.closed.length = 0
  st.opens.fill(0)
  const mean = World.yearMean(world, day, "store")
  const base =
    mean > 0 && state.totalTraffic > 0 ? state.options.customersPerDay / mean / state.totalTraffic : 0
  const truth = state.truth
  if (truth !== null) truth.beginDay(day)
  for (let k = 0; k < state.stores.length; k++) {
    generateStore(state, ctx, state.stores[k]!, base)
    if (truth !== null) truth.endStore()
  }
  if (st.closed.length > 0) {
    const scenario = state.scenario!.at(day)
    for (const c of st.closed) redirectStore(state, ctx, c, base, scenario)
    if (truth !== null) truth.endRedirects()
  }
  st.lineStart[st.receipts] = st.lineCount
  // Order by (EventTS, StoreID, seq) and write.
  const n = st.receipts
  const keys = st.keys.subarray(0, n)
  keys.sort()
  const promos = World.promotions(world, day)
  const added = state.scenario === null ? null : state.scenario.added
  const rb = state.receipts
  const lb = state.lines
  rb.reset()
  lb.reset()
  const rTrace = rb.num("TraceId")
  const rTs = rb.num("EventTS")
  const rStore = rb.num("StoreID")
  const rCust = rb.num("CustomerID")
  const rId = rb.num("ReceiptId")
  const rSub = rb.num("Subtotal")
  const rTax = rb.num("Tax")
  const rTotal = rb.num("Total")
  const rTender = rb.code("TenderType")
  const lTrace = lb.num("TraceId")
  const lTs = lb.num("EventTS")
  const lId = lb.num("ReceiptId")
  const lLine = lb.num("Line")
  const lProd = lb.num("ProductID")
  const lQty = lb.num("Qty")
  const lUnit = lb.num("UnitPrice")
  const lExt = lb.num("ExtPrice")
  const lPromo = lb.str("PromoCode")
  const dayBase = day * 86400
  const idBase = day * 1e9
  const traceBase = TRACE_KIND * 1e14
  for (let k = 0; k < n; k++) {
    const key = keys[k]!
    const sec = Math.floor(key / 1e9)
    const rest = key - sec * 1e9
    const storeId = Math.floor(rest / 1e5)
    const seq = rest - storeId * 1e5
    const r = seq < st.own[storeId - 1]! ? st.storeFirst[storeId - 1]! + seq : st.extra.get(key)!
    const id = idBase + storeId * 1e5 + seq
    const trace = traceBase + id
    const ts = dayBase + sec
    rTrace.push(trace)
    rTs.push(ts)
    rStore.push(storeId)
    rCust.push(st.customer[r]!)
    rId.push(id)
    rSub.push(st.subtotal[r]!)
    rTax.push(st.tax[r]!)
    rTotal.push(st.subtotal[r]! + st.tax[r]!)
    rTender.push(st.tender[r]!)
    const from = st.lineStart[r]!
    const to = st.lineStart[r + 1]!
    for (let i = from; i < to; i++) {
      lTrace.push(trace)
      lTs.push(ts)
      lId.push(id)
      lLine.push(i - from + 1)
      lProd.push(st.product[i]! + 1)
      lQty.push(st.qty[i]!)
      lUnit.push(st.unit[i]!)
      lExt.push(st.qty[i]! * st.unit[i]!)
      lPromo.push(promoCode(promos, added, st.promo[i]!))
    }
  }
  for (let i = 0; i < 6; i++) state.total[i] = state.total[i]! + state.today[i]!
  return [rb.finish(), lb.finish()]
}

/**
 * The `receipts` plugin (tables `receipts`, `receipt_lines`; depends on `"patterns"` and `"stock"`,
 * and `"marketing"` with exposure).
 */
export const make = (options: Options): Plugin.FactPlugin<State, Master.Master, ReceiptsService> => ({
  name: NAME,
  tables: [Tables.Receipts, Tables.ReceiptLines],
  dependsOn:
    options.exposure === true
      ? [PatternsService.NAME, Stock.NAME, Exposure.NAME]
      : [PatternsService.NAME, Stock.NAME],
  init: (ctx) => init(options, ctx),
  step: (state, ctx) => step(state, ctx),
  service: (state) => ({
    stats: () => toStats(state.total),
    dayStats: () => toStats(state.today),
    world: state.world,
    truth: () => state.truth
  }),
  save: (state) => Counters.save(state.total),
  restore: (saved, ctx) => {
    const state = init(options, ctx)
    Counters.restore(NAME, saved, state.total)
    return state
  }
})
