/**
 * Ground truth of the store shoppers (opt-in): what the simulation knew and the facts only
 * imply, written as three side tables under `facts/_truth/` by the plugin named `"truth"`.
 *
 * - `_truth/store_day` — per store and day, the demand multipliers the `receipts` plugin applied
 *   (`Seasonal × Weekday × Holiday × Event × Weather = DayMultiplier`, 0 when closed), the
 *   visits it expected (`ExpectedVisits`, the Poisson mean) and realised (`Visits`), and how
 *   they ended: `Receipts` + `LostVisits` (every line out of stock) = `Visits`. `ExposedVisits`
 *   counts visits by customers under a campaign's exposure, `LiftedVisits` those that exposure
 *   caused (see below). `RedirectedVisits` counts the visits (included in `Visits`) of shoppers
 *   whose own store a scenario closed (`store_closed`).
 * - `_truth/lost_sales` — per store, product and day where stock refused a request: lines and
 *   units asked, units granted of the product itself, units sold as a substitute instead, units
 *   lost, and units of this product sold as another product's substitute.
 * - `_truth/attribution` — one row per store visit that exposure lifted, with the impression
 *   (`ImpressionId`) whose exposure acted and the visit's receipt (null for a lost visit).
 *
 * Which visits exposure lifted: a visit keeps a candidate customer when a uniform draw `u`
 * satisfies `u × MAX_LIFT < lift` (`Exposure`). Without exposure the same draw keeps them only
 * when `u × MAX_LIFT < 1`; a kept visit with `1 ≤ u × MAX_LIFT < lift` is therefore one that
 * happened only because of the campaign — the counterfactual under common random numbers.
 *
 * The recorder lives in the `receipts` plugin's state (filled during its own step, at no cost
 * when off); this plugin reads it through the receipts service and writes the rows, so the
 * other tables' bytes do not depend on whether the truth is written.
 *
 * @example
 * import { Shoppers, Truth } from "@retail-datagen/customers"
 * const plugins = [...Shoppers.plugins({ customersPerDay: 1000, itemsPerTicketMean: 4.2, onlineOrdersPerDay: 0, truth: true }), Truth.plugin]
 */
import { Batch, type Plugin, Table } from "@retail-datagen/core"
import { growFloat64, growInt32 } from "./internal/grow.js"

/** Plugin name. */
export const NAME = "truth"

/** Folder of the truth tables under the facts root. */
export const FOLDER = "_truth"

export const StoreDay = Table.make(`${FOLDER}/store_day`, {
  Date: Table.date,
  StoreID: Table.int,
  Open: Table.bool,
  Seasonal: Table.float(4),
  Weekday: Table.float(4),
  Holiday: Table.float(4),
  Event: Table.float(4),
  Weather: Table.float(4),
  DayMultiplier: Table.float(4),
  ExpectedVisits: Table.float(3),
  Visits: Table.int,
  Receipts: Table.int,
  LostVisits: Table.int,
  ExposedVisits: Table.int,
  LiftedVisits: Table.int,
  RedirectedVisits: Table.int
})

export const LostSales = Table.make(`${FOLDER}/lost_sales`, {
  Date: Table.date,
  StoreID: Table.int,
  ProductID: Table.int,
  Requests: Table.int,
  UnitsAsked: Table.int,
  UnitsGranted: Table.int,
  UnitsSubstituted: Table.int,
  LostUnits: Table.int,
  SubstituteUnitsIn: Table.int
})

export const Attribution = Table.make(`${FOLDER}/attribution`, {
  EventTS: Table.timestamp,
  StoreID: Table.int,
  CustomerID: Table.int,
  ReceiptId: Table.id("RCP"),
  ImpressionId: Table.id("IMP"),
  Lift: Table.float(4)
})

/** The truth tables, in output order. */
export const tables: ReadonlyArray<Table.Table> = [StoreDay, LostSales, Attribution]

const SD_FLOATS = 7 // Seasonal, Weekday, Holiday, Event, Weather, DayMultiplier, ExpectedVisits
const SD_INTS = 8 // StoreID, Open, Visits, Receipts, LostVisits, ExposedVisits, LiftedVisits, Redirected
const LS_INTS = 8 // StoreID, ProductID, Requests, Asked, Granted, Substituted, Lost, SubstituteIn
const A_NUMS = 6 // ts, StoreID, CustomerID, ReceiptId, ImpressionId, Lift

/**
 * One day of truth, filled by the `receipts` plugin store by store (`beginStore` … `endStore`,
 * stores in any order; rows are put in canonical order by the engine).
 */
export class Recorder {
  day = 0
  stores = 0
  sdF: Float64Array = new Float64Array(16 * SD_FLOATS)
  sdI: Int32Array = new Int32Array(16 * SD_INTS)
  lostRows = 0
  ls: Int32Array = new Int32Array(64 * LS_INTS)
  attrRows = 0
  attr: Float64Array = new Float64Array(64 * A_NUMS)
  /** Per product row of the current store: Requests, Asked, Granted, Substituted, SubstituteIn. */
  private readonly acc: Int32Array
  private readonly touched: Int32Array
  private readonly seen: Uint8Array
  private nTouched = 0
  private cur = -1
  /** Record index of each store begun today (StoreID → k), for `reopen`. */
  private readonly index = new Map<number, number>()
  /** Whether a visit was redirected today (a store's lost-sales rows may be split in two). */
  private reopened = false

  constructor(products: number) {
    this.acc = new Int32Array(products * 5)
    this.touched = new Int32Array(products)
    this.seen = new Uint8Array(products)
  }

  /** Starts a day (forgets the previous one). */
  beginDay(day: number): void {
    this.day = day
    this.stores = 0
    this.lostRows = 0
    this.attrRows = 0
    this.index.clear()
    this.reopened = false
  }

  /** Starts a store's day with its multipliers (`weather` 1 when none) and expected visits. */
  beginStore(
    storeId: number,
    seasonal: number,
    weekday: number,
    holiday: number,
    event: number,
    weather: number,
    dayMultiplier: number,
    expected: number
  ): void {
    const k = this.stores++
    this.sdF = growFloat64(this.sdF, (k + 1) * SD_FLOATS)
    this.sdI = growInt32(this.sdI, (k + 1) * SD_INTS)
    const f = k * SD_FLOATS
    this.sdF[f] = seasonal
    this.sdF[f + 1] = weekday
    this.sdF[f + 2] = holiday
    this.sdF[f + 3] = event
    this.sdF[f + 4] = weather
    this.sdF[f + 5] = dayMultiplier
    this.sdF[f + 6] = expected
    const i = k * SD_INTS
    this.sdI.fill(0, i, i + SD_INTS)
    this.sdI[i] = storeId
    this.cur = i
    this.index.set(storeId, k)
  }

  /** The StoreID of the current store (-1 before the first). */
  current(): number {
    return this.cur < 0 ? -1 : this.sdI[this.cur]!
  }

  /**
   * Makes a store begun today current again, for the visits redirected to it from a closed store
   * (end the current store first); `endRedirects` closes the day's redirected visits.
   */
  reopen(storeId: number): void {
    const k = this.index.get(storeId)
    if (k === undefined) throw new Error(`truth: store ${storeId} was not begun today`)
    this.cur = k * SD_INTS
    this.reopened = true
  }

  /** A visit redirected to the current store from a closed store (also counted in `Visits`). */
  redirected(): void {
    this.sdI[this.cur + 1] = 1
    this.sdI[this.cur + 2]!++
    this.sdI[this.cur + 7]!++
    this.reopened = true
  }

  /** Ends the redirected visits: the current store, and one lost-sales row per store and product. */
  endRedirects(): void {
    this.endStore()
    if (!this.reopened) return
    this.reopened = false
    // a reopened store's products may have a row from its own visits and one from the
    // redirected ones: merged into the first, in place (the other rows keep their order)
    const ls = this.ls
    const first = new Map<number, number>()
    let m = 0
    for (let r = 0; r < this.lostRows; r++) {
      const o = r * LS_INTS
      const key = ls[o]! * 4_294_967_296 + ls[o + 1]!
      const at = first.get(key)
      if (at !== undefined) {
        for (let c = 2; c < LS_INTS; c++) ls[at + c] = ls[at + c]! + ls[o + c]!
        continue
      }
      const to = m++ * LS_INTS
      first.set(key, to)
      if (to !== o) ls.copyWithin(to, o, o + LS_INTS)
    }
    this.lostRows = m
  }

  /** The store's realised visits (after the opening check: 0 when closed), and that it opened. */
  visits(n: number): void {
    this.sdI[this.cur + 1] = n > 0 ? 1 : 0
    this.sdI[this.cur + 2] = n
  }

  /** A visit's outcome: a receipt or a lost visit. */
  outcome(receipt: boolean): void {
    this.sdI[this.cur + (receipt ? 3 : 4)]!++
  }

  /** A visit by an exposed customer; `impression` (NaN unknown) when exposure caused it. */
  exposed(
    ts: number,
    customerId: number,
    lift: number,
    lifted: boolean,
    impression: number,
    receiptId: number
  ): void {
    this.sdI[this.cur + 5]!++
    if (!lifted) return
    this.sdI[this.cur + 6]!++
    const k = this.attrRows++
    this.attr = growFloat64(this.attr, (k + 1) * A_NUMS)
    const o = k * A_NUMS
    this.attr[o] = ts
    this.attr[o + 1] = this.sdI[this.cur]!
    this.attr[o + 2] = customerId
    this.attr[o + 3] = receiptId
    this.attr[o + 4] = impression
    this.attr[o + 5] = lift
  }

  private touch(p: number): number {
    if (this.seen[p] === 0) {
      this.seen[p] = 1
      this.touched[this.nTouched++] = p
      this.acc.fill(0, p * 5, p * 5 + 5)
    }
    return p * 5
  }

  /** A line of product row `p` asked `asked` units and got `granted` (< asked) of it. */
  refused(p: number, asked: number, granted: number): void {
    const o = this.touch(p)
    this.acc[o]!++
    this.acc[o + 1] = this.acc[o + 1]! + asked
    this.acc[o + 2] = this.acc[o + 2]! + granted
  }

  /** `units` of a refused line of product row `p` were sold as product row `sub`. */
  substituted(p: number, sub: number, units: number): void {
    const o = this.touch(p)
    this.acc[o + 3] = this.acc[o + 3]! + units
    const s = this.touch(sub)
    this.acc[s + 4] = this.acc[s + 4]! + units
  }

  /** Ends the current store: its lost-sales rows. */
  endStore(): void {
    const storeId = this.sdI[this.cur]!
    const n = this.nTouched
    this.ls = growInt32(this.ls, (this.lostRows + n) * LS_INTS)
    for (let t = 0; t < n; t++) {
      const p = this.touched[t]!
      this.seen[p] = 0
      const a = p * 5
      const o = this.lostRows++ * LS_INTS
      this.ls[o] = storeId
      this.ls[o + 1] = p + 1
      this.ls[o + 2] = this.acc[a]!
      this.ls[o + 3] = this.acc[a + 1]!
      this.ls[o + 4] = this.acc[a + 2]!
      this.ls[o + 5] = this.acc[a + 3]!
      this.ls[o + 6] = this.acc[a + 1]! - this.acc[a + 2]! - this.acc[a + 3]!
      this.ls[o + 7] = this.acc[a + 4]!
    }
    this.nTouched = 0
  }
}

/** What the `receipts` service offers this plugin. */
export interface Source {
  /** The recorder of the last day stepped; `null` when the receipts plugin records no truth. */
  truth(): Recorder | null
}

interface State {
  readonly storeDay: Batch.Builder<(typeof StoreDay)["~columns"] & Table.Columns>
  readonly lost: Batch.Builder<(typeof LostSales)["~columns"] & Table.Columns>
  readonly attribution: Batch.Builder<(typeof Attribution)["~columns"] & Table.Columns>
}

/** The name of the plugin whose service is the `Source` (the receipts plugin). */
export const SOURCE = "receipts"

const step = (state: State, ctx: Plugin.DayContext): ReadonlyArray<Batch.Batch> => {
  const rec = ctx.service<Source>(SOURCE).truth()
  if (rec === null) throw new Error(`the ${SOURCE} plugin records no ground truth (its option truth is off)`)
  if (rec.day !== ctx.day) throw new Error(`the ${SOURCE} plugin's ground truth is of another day`)
  const { storeDay: sd, lost, attribution: at } = state
  sd.reset()
  lost.reset()
  at.reset()
  const sdCols = [
    sd.num("Seasonal"),
    sd.num("Weekday"),
    sd.num("Holiday"),
    sd.num("Event"),
    sd.num("Weather"),
    sd.num("DayMultiplier"),
    sd.num("ExpectedVisits")
  ]
  const sdDate = sd.num("Date")
  const sdStore = sd.num("StoreID")
  const sdOpen = sd.code("Open")
  const sdInts = [
    sd.num("Visits"),
    sd.num("Receipts"),
    sd.num("LostVisits"),
    sd.num("ExposedVisits"),
    sd.num("LiftedVisits"),
    sd.num("RedirectedVisits")
  ]
  for (let k = 0; k < rec.stores; k++) {
    sdDate.push(rec.day)
    sdStore.push(rec.sdI[k * SD_INTS]!)
    sdOpen.push(rec.sdI[k * SD_INTS + 1]!)
    for (let c = 0; c < SD_FLOATS; c++) sdCols[c]!.push(rec.sdF[k * SD_FLOATS + c]!)
    for (let c = 0; c < 6; c++) sdInts[c]!.push(rec.sdI[k * SD_INTS + 2 + c]!)
  }
  const lsDate = lost.num("Date")
  const lsCols = [
    lost.num("StoreID"),
    lost.num("ProductID"),
    lost.num("Requests"),
    lost.num("UnitsAsked"),
    lost.num("UnitsGranted"),
    lost.num("UnitsSubstituted"),
    lost.num("LostUnits"),
    lost.num("SubstituteUnitsIn")
  ]
  for (let r = 0; r < rec.lostRows; r++) {
    lsDate.push(rec.day)
    for (let c = 0; c < LS_INTS; c++) lsCols[c]!.push(rec.ls[r * LS_INTS + c]!)
  }
  const atCols = [
    at.num("EventTS"),
    at.num("StoreID"),
    at.num("CustomerID"),
    at.num("ReceiptId"),
    at.num("ImpressionId"),
    at.num("Lift")
  ]
  for (let r = 0; r < rec.attrRows; r++)
    for (let c = 0; c < A_NUMS; c++) atCols[c]!.push(rec.attr[r * A_NUMS + c]!)
  return [sd.finish(), lost.finish(), at.finish()]
}

/** The `"truth"` plugin (tables `_truth/store_day`, `_truth/lost_sales`, `_truth/attribution`; depends on `"receipts"` made with `truth: true`). */
export const plugin: Plugin.FactPlugin<State> = {
  name: NAME,
  tables,
  dependsOn: [SOURCE],
  init: () => ({
    storeDay: Batch.builder(StoreDay, 256),
    lost: Batch.builder(LostSales, 1024),
    attribution: Batch.builder(Attribution, 1024)
  }),
  step
}
