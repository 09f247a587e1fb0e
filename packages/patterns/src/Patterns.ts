/**
 * The facade: every pattern combined into one precomputed object, the counterpart of
 * FACT_GENERATION.md's `get_overall_multiplier`.
 *
 * `make` resolves the overrides once and builds per-year tables (seasonal, holiday, weekday
 * and event factors multiplied into one `Float64Array` per channel, department lifts, hour
 * curve per day, promotions per day); years outside the requested range are built on first
 * use. Hot-path methods are array lookups: no `Date`, no per-call allocation (methods that
 * return arrays take an optional `out`, or return shared read-only arrays).
 *
 * Composition of a day's store traffic factor:
 * `seasonal × holiday × day-of-week × event` (`dayMultiplier`), times the region's weather in
 * `overall` / `storeDayMultiplier`, times 0 when the store is closed.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Patterns, StoreHours } from "@retail-datagen/patterns"
 * const p = Patterns.make({ seed: 42 })
 * const bf = Calendar.parse("2024-11-29")
 * p.dayMultiplier(bf)                                          // ≈ 4.37 (season 1.04 × Black Friday 3.5 × Friday 1.2)
 * p.overall(bf, 10, { hours: StoreHours.PRESETS["09-21"], region: "Midwest" }, "electronics")
 * const h = p.storeHours(bf, StoreHours.PRESETS["09-21"])     // opens 06:00
 * p.hourShares(bf, h.open, h.close)                           // 24 shares summing to 1
 */
import { Calendar } from "@retail-datagen/core"
import { Context, Effect, Layer } from "effect"
import * as Departments from "./Departments.js"
import * as Events from "./Events.js"
import * as Holidays from "./Holidays.js"
import * as Hourly from "./Hourly.js"
import * as Overrides from "./Overrides.js"
import * as Seasons from "./Seasons.js"
import * as StoreHours from "./StoreHours.js"
import * as Weather from "./Weather.js"
import * as Weekly from "./Weekly.js"

/** Sales channel: stores (opening hours, store hour curves) or online (24 h, online curve). */
export type Channel = "store" | "online"

/** What `overall` needs to know about a store. */
export interface StoreProfile {
  /** Regular opening hours. */
  readonly hours: StoreHours.Hours
  /** Weather region (the geography's Region); no weather effect when absent. */
  readonly region?: string
}

/** Options of `make`. */
export interface Options {
  /** Seed of the weather and flash-sale streams (the config's seed). Default 0. */
  readonly seed?: number
  /** Decoded `patterns` section of the config. */
  readonly overrides?: Overrides.PatternOverrides
  /** First day to precompute (optional: years without a table are built on first use). */
  readonly start?: Calendar.EpochDay
  /** Last day to precompute, inclusive. */
  readonly end?: Calendar.EpochDay
}

/** Precomputed patterns. All methods are pure functions of their arguments. */
export interface Patterns {
  readonly seed: number
  /** The effective day-of-week factors, Monday first. */
  readonly weekly: ReadonlyArray<number>
  /** Whether weather effects are applied. */
  readonly weatherEnabled: boolean
  /** `seasonal × holiday × day-of-week × event` for the chain (no weather); 0 when stores are closed. */
  dayMultiplier(day: Calendar.EpochDay, channel?: Channel): number
  /** Seasonal factor only (mean 1 over each year). */
  seasonal(day: Calendar.EpochDay): number
  /** Holiday factor only (1 on ordinary days). */
  holiday(day: Calendar.EpochDay, channel?: Channel): number
  /** Promotions' traffic factor only. */
  eventMultiplier(day: Calendar.EpochDay): number
  /** Weather condition code of `region` on `day` (`Weather.CONDITIONS[code]`); `CLEAR` when disabled. */
  weatherCode(day: Calendar.EpochDay, region: string): number
  /** Weather traffic factor of `region` on `day` (1 when disabled). */
  weatherMultiplier(day: Calendar.EpochDay, region: string, channel?: Channel): number
  /** A store's day factor: `dayMultiplier × weather(region)`, 0 when the store is closed that day. */
  storeDayMultiplier(day: Calendar.EpochDay, store: StoreProfile): number
  /**
   * The combined multiplier. Without `hour`, the day factor (with weather and closures when a
   * store is given). With `hour`, times that hour's intensity relative to the day's average
   * open hour (`share(hour) × open hours`; 0 when closed; a full 24 h day when no store is
   * given). With `department`, times the department's lift.
   */
  overall(day: Calendar.EpochDay, hour?: number, store?: StoreProfile, department?: number | string): number
  /** Demand lift of a department (index or name) on `day`: holidays × promotions (× weather of `region`). */
  categoryLift(day: Calendar.EpochDay, department: number | string, region?: string): number
  /** All 13 department lifts of `day`, written into `out` (indexed like `Departments.DEPARTMENTS`). */
  categoryLifts(day: Calendar.EpochDay, region?: string, out?: Float64Array): Float64Array
  /** The opening window of a store with regular `hours` on `day` (holiday rules applied). */
  storeHours(day: Calendar.EpochDay, hours: StoreHours.Hours): StoreHours.DayHours
  /** The hour curve in force on `day` for `channel`. */
  curve(day: Calendar.EpochDay, channel?: Channel): Hourly.Curve
  /** Share of the day's traffic per hour within `[openSec, closeSec)`; 0 outside, sum 1 (0 if closed). */
  hourShares(
    day: Calendar.EpochDay,
    openSec: number,
    closeSec: number,
    channel?: Channel,
    out?: Float64Array
  ): Float64Array
  /** A second-of-day sampler for `day` restricted to `[openSec, closeSec)`. */
  sampler(day: Calendar.EpochDay, openSec: number, closeSec: number, channel?: Channel): Hourly.Sampler
  /** Promotions active on `day` (shared, frozen). */
  activePromotions(day: Calendar.EpochDay): ReadonlyArray<Events.Promotion>
  /** Every promotion touching `year`. */
  promotions(year: number): ReadonlyArray<Events.Promotion>
  /** Holiday effects active on `day`. */
  holidaysOn(day: Calendar.EpochDay): ReadonlyArray<Holidays.HolidayName>
  /** Mean `dayMultiplier` over `[start, end]` (to normalise a baseline if wanted). */
  meanDayMultiplier(start: Calendar.EpochDay, end: Calendar.EpochDay, channel?: Channel): number
}

/** The `Patterns` service tag. */
export const Patterns = Context.GenericTag<Patterns>("@retail-datagen/patterns/Patterns")

const D = Departments.COUNT
const WEEKDAY_CURVE = 0
const WEEKEND_CURVE = 1

interface YearTable {
  readonly first: number
  readonly length: number
  readonly seasonal: Float64Array
  readonly holidays: Holidays.YearEffects
  readonly promos: Events.YearPromotions
  readonly promotionList: ReadonlyArray<Events.Promotion>
  readonly store: Float64Array
  readonly online: Float64Array
  readonly categories: Float64Array
  readonly curveKind: Uint8Array
}

interface RegionWeather {
  readonly region: string
  readonly climate: Weather.Climate
  readonly years: Map<number, Uint8Array>
}

const NO_YEAR: YearTable = {
  first: 0,
  length: 0,
  seasonal: new Float64Array(0),
  holidays: Holidays.yearEffects(1970),
  promos: Events.yearPromotions(1970, []),
  promotionList: [],
  store: new Float64Array(0),
  online: new Float64Array(0),
  categories: new Float64Array(0),
  curveKind: new Uint8Array(0)
}

class PatternsImpl implements Patterns {
  readonly seed: number
  readonly weekly: ReadonlyArray<number>
  readonly weatherEnabled: boolean
  private readonly weeklyArr: Float64Array
  private readonly anchors: ReadonlyArray<number>
  private readonly holidayMultipliers: Holidays.Multipliers
  private readonly eventOptions: Events.CalendarOptions
  private readonly climates: Readonly<Record<string, Weather.Climate>>
  private readonly curves: readonly [Hourly.Curve, Hourly.Curve, Hourly.Curve]
  private readonly years = new Map<number, YearTable>()
  private last: YearTable
  private readonly regions = new Map<string, RegionWeather>()
  private lastRegion: RegionWeather | undefined

  constructor(options: Options) {
    const o = options.overrides ?? {}
    this.seed = options.seed ?? 0
    this.weekly = Object.freeze([...(o.weekly ?? Weekly.DEFAULT)])
    this.weeklyArr = Float64Array.from(this.weekly)
    this.anchors = o.seasonal ?? Seasons.DEFAULT_ANCHORS
    const hm: Record<string, { store?: number; online?: number }> = {}
    for (const [name, v] of Object.entries(o.holidays ?? {})) {
      if (v === undefined) continue
      hm[name] = typeof v === "number" ? { store: v } : v
    }
    this.holidayMultipliers = hm as Holidays.Multipliers
    this.eventOptions = {
      seed: this.seed,
      flashSales: o.events?.flashSales ?? true,
      seasonal: o.events?.seasonal ?? true,
      extra: (o.events?.extra ?? []).map((e) => ({
        code: e.code,
        ...(e.name === undefined ? {} : { name: e.name }),
        start: Calendar.parse(e.start),
        end: Calendar.parse(e.end),
        discountBps: e.discountBps,
        departments: e.departments,
        ...(e.trafficMultiplier === undefined ? {} : { trafficMultiplier: e.trafficMultiplier })
      }))
    }
    this.weatherEnabled = o.weather?.enabled ?? true
    this.climates = o.weather?.climates ?? {}
    this.curves = [
      o.hourly?.weekday ? Hourly.fromHourWeights(o.hourly.weekday) : Hourly.WEEKDAY,
      o.hourly?.weekend ? Hourly.fromHourWeights(o.hourly.weekend) : Hourly.WEEKEND,
      o.hourly?.online ? Hourly.fromHourWeights(o.hourly.online) : Hourly.ONLINE
    ]
    const start = options.start ?? options.end
    const end = options.end ?? options.start
    if (start !== undefined && end !== undefined) {
      if (end < start)
        throw new RangeError(`end ${Calendar.format(end)} is before start ${Calendar.format(start)}`)
      for (let y = Calendar.year(start); y <= Calendar.year(end); y++) this.buildYear(y)
    }
    this.last = this.years.values().next().value ?? NO_YEAR
  }

  private buildYear(year: number): YearTable {
    const existing = this.years.get(year)
    if (existing !== undefined) return existing
    const seasonal = Seasons.curve(year, this.anchors)
    const holidays = Holidays.yearEffects(year, this.holidayMultipliers)
    const promotionList = Events.calendar(year, this.eventOptions)
    const promos = Events.yearPromotions(year, promotionList)
    const { first, length } = holidays
    const store = new Float64Array(length)
    const online = new Float64Array(length)
    const categories = new Float64Array(length * D)
    const curveKind = new Uint8Array(length)
    for (let i = 0; i < length; i++) {
      const dow = Calendar.dayOfWeek(first + i)
      const base = seasonal[i]! * this.weeklyArr[dow]! * promos.traffic[i]!
      store[i] = base * holidays.store[i]!
      online[i] = base * holidays.online[i]!
      for (let d = 0; d < D; d++)
        categories[i * D + d] = holidays.categories[i * D + d]! * promos.categories[i * D + d]!
      curveKind[i] = dow >= Calendar.SATURDAY || holidays.dayOff[i] === 1 ? WEEKEND_CURVE : WEEKDAY_CURVE
    }
    const t: YearTable = {
      first,
      length,
      seasonal,
      holidays,
      promos,
      promotionList,
      store,
      online,
      categories,
      curveKind
    }
    this.years.set(year, t)
    return t
  }

  private table(day: Calendar.EpochDay): YearTable {
    const t = this.last
    if (day >= t.first && day < t.first + t.length) return t
    const n = this.buildYear(Calendar.year(day))
    this.last = n
    return n
  }

  dayMultiplier(day: Calendar.EpochDay, channel: Channel = "store"): number {
    const t = this.table(day)
    return channel === "store" ? t.store[day - t.first]! : t.online[day - t.first]!
  }

  seasonal(day: Calendar.EpochDay): number {
    const t = this.table(day)
    return t.seasonal[day - t.first]!
  }

  holiday(day: Calendar.EpochDay, channel: Channel = "store"): number {
    const t = this.table(day)
    return channel === "store" ? t.holidays.store[day - t.first]! : t.holidays.online[day - t.first]!
  }

  eventMultiplier(day: Calendar.EpochDay): number {
    const t = this.table(day)
    return t.promos.traffic[day - t.first]!
  }

  private regionWeather(region: string): RegionWeather {
    const r = this.lastRegion
    if (r !== undefined && r.region === region) return r
    let w = this.regions.get(region)
    if (w === undefined) {
      w = { region, climate: Weather.climateOf(region, this.climates), years: new Map() }
      this.regions.set(region, w)
    }
    this.lastRegion = w
    return w
  }

  weatherCode(day: Calendar.EpochDay, region: string): number {
    if (!this.weatherEnabled) return Weather.CLEAR
    const t = this.table(day)
    const w = this.regionWeather(region)
    const year = t.holidays.year
    let codes = w.years.get(year)
    if (codes === undefined) {
      codes = new Uint8Array(t.length)
      for (let i = 0; i < t.length; i++)
        codes[i] = Weather.conditionCode(this.seed, region, t.first + i, w.climate)
      w.years.set(year, codes)
    }
    return codes[day - t.first]!
  }

  weatherMultiplier(day: Calendar.EpochDay, region: string, channel: Channel = "store"): number {
    if (!this.weatherEnabled) return 1
    const c = this.weatherCode(day, region)
    return channel === "store" ? Weather.TRAFFIC_BY_CODE[c]! : Weather.ONLINE_TRAFFIC_BY_CODE[c]!
  }

  storeDayMultiplier(day: Calendar.EpochDay, store: StoreProfile): number {
    const t = this.table(day)
    const i = day - t.first
    const rule = t.holidays.hours[i]
    if (rule !== undefined && StoreHours.apply(store.hours, rule).closed) return 0
    const m = t.store[i]!
    return store.region === undefined ? m : m * this.weatherMultiplier(day, store.region)
  }

  overall(day: Calendar.EpochDay, hour?: number, store?: StoreProfile, department?: number | string): number {
    let m = store === undefined ? this.dayMultiplier(day) : this.storeDayMultiplier(day, store)
    if (m === 0) return 0
    if (hour !== undefined) {
      let open = 0
      let close = Hourly.SECONDS_PER_DAY
      if (store !== undefined) {
        const h = this.storeHours(day, store.hours)
        open = h.open
        close = h.close
      }
      const a = Math.max(open, hour * 3600)
      const b = Math.min(close, hour * 3600 + 3600)
      if (b <= a) return 0
      const c = this.curve(day)
      const total = c.mass(open, close)
      const share = total > 0 ? c.mass(a, b) / total : (b - a) / (close - open)
      m *= (share * (close - open)) / 3600
    }
    if (department !== undefined) m *= this.categoryLift(day, department, store?.region)
    return m
  }

  categoryLift(day: Calendar.EpochDay, department: number | string, region?: string): number {
    const k = typeof department === "number" ? department : Departments.indexOf(department)
    if (k < 0 || k >= D) return 1
    const t = this.table(day)
    const v = t.categories[(day - t.first) * D + k]!
    return region === undefined || !this.weatherEnabled
      ? v
      : v * Weather.CATEGORY_LIFTS[this.weatherCode(day, region)]![k]!
  }

  categoryLifts(
    day: Calendar.EpochDay,
    region?: string,
    out: Float64Array = new Float64Array(D)
  ): Float64Array {
    const t = this.table(day)
    const o = (day - t.first) * D
    const w =
      region === undefined || !this.weatherEnabled
        ? undefined
        : Weather.CATEGORY_LIFTS[this.weatherCode(day, region)]!
    for (let k = 0; k < D; k++) out[k] = w === undefined ? t.categories[o + k]! : t.categories[o + k]! * w[k]!
    return out
  }

  storeHours(day: Calendar.EpochDay, hours: StoreHours.Hours): StoreHours.DayHours {
    const t = this.table(day)
    return StoreHours.apply(hours, t.holidays.hours[day - t.first])
  }

  curve(day: Calendar.EpochDay, channel: Channel = "store"): Hourly.Curve {
    if (channel === "online") return this.curves[2]
    const t = this.table(day)
    return this.curves[t.curveKind[day - t.first]!]!
  }

  hourShares(
    day: Calendar.EpochDay,
    openSec: number,
    closeSec: number,
    channel: Channel = "store",
    out?: Float64Array
  ): Float64Array {
    return Hourly.hourShares(this.curve(day, channel), openSec, closeSec, out)
  }

  sampler(
    day: Calendar.EpochDay,
    openSec: number,
    closeSec: number,
    channel: Channel = "store"
  ): Hourly.Sampler {
    return new Hourly.Sampler(this.curve(day, channel), openSec, closeSec)
  }

  activePromotions(day: Calendar.EpochDay): ReadonlyArray<Events.Promotion> {
    const t = this.table(day)
    return t.promos.active[day - t.first]!
  }

  promotions(year: number): ReadonlyArray<Events.Promotion> {
    return this.buildYear(year).promotionList
  }

  holidaysOn(day: Calendar.EpochDay): ReadonlyArray<Holidays.HolidayName> {
    const t = this.table(day)
    return t.holidays.names[day - t.first]!
  }

  meanDayMultiplier(start: Calendar.EpochDay, end: Calendar.EpochDay, channel: Channel = "store"): number {
    let s = 0
    for (let d = start; d <= end; d++) s += this.dayMultiplier(d, channel)
    return end >= start ? s / (end - start + 1) : Number.NaN
  }
}

/**
 * Builds the patterns from already-decoded overrides. Years of `[start, end]` are precomputed;
 * others are built on first use.
 */
export const make = (options: Options = {}): Patterns => new PatternsImpl(options)

/** Decodes the config's `patterns` section and builds the patterns. */
export const fromConfig = (
  patternsSection: unknown,
  options: Omit<Options, "overrides"> = {}
): Effect.Effect<Patterns, Overrides.PatternOverridesError> =>
  Effect.map(Overrides.decodeEffect(patternsSection ?? {}), (overrides) => make({ ...options, overrides }))

/** A layer providing `Patterns` built from the config's `patterns` section. */
export const layer = (
  patternsSection: unknown,
  options: Omit<Options, "overrides"> = {}
): Layer.Layer<Patterns, Overrides.PatternOverridesError> =>
  Layer.effect(Patterns, fromConfig(patternsSection, options))
