/**
 * The campaign calendar: every campaign the retailer runs in a year, drawn deterministically
 * from the stream `(seed, "marketing", "campaigns", year)`.
 *
 * Four kinds of campaign:
 * - **seasonal sales** before the holidays of `@retail-datagen/patterns` (dates computed for any
 *   year), in waves where the money is: three for back-to-school, three around Black Friday /
 *   Cyber Monday, three before Christmas, one after it; plus one per custom event of the
 *   patterns config;
 * - **product launches** (3–6 a year spread over March–October, 2–5 weeks, front-loaded);
 * - **loyalty** campaigns, one per two months, back to back, so every day has at least one
 *   active campaign (mostly e-mail, to brand-loyal and quality customers);
 * - **flash sales**, one per flash promotion of the patterns calendar: two teaser days, then the
 *   sale day at full weight.
 *
 * A campaign names its channels (with volume shares), creatives per channel, target customer
 * segments (bits over `Customers.SEGMENTS` of the master package), a promoted department
 * (`Departments` of the patterns package), its audience reach and a daily budget weight.
 * Campaigns never cross a year boundary, so `slot` (1…, by start date) identifies a campaign
 * within its year and `id = year × 1000 + slot` everywhere (`CAMP2024017`).
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Campaigns } from "@retail-datagen/marketing"
 * const cal = Campaigns.calendar(42, 2024)
 * const bf = Calendar.parse("2024-11-29")
 * cal.campaigns.filter((c) => Campaigns.isActive(c, bf)).map((c) => c.name)
 * // ["Loyalty rewards Nov–Dec 2024", "Holiday gift guide 2024", "Black Friday weekend 2024"]
 */
import { Calendar, Ids, Rng } from "@retail-datagen/core"
import { Customers } from "@retail-datagen/master"
import { Departments, type Events, Holidays, Patterns } from "@retail-datagen/patterns"
import * as Channels from "./Channels.js"

/** Campaign types, in code order. */
export const TYPES = ["SEASONAL_SALE", "PRODUCT_LAUNCH", "LOYALTY", "FLASH_SALE"] as const

/** A campaign type name. */
export type CampaignType = (typeof TYPES)[number]

export const SEASONAL_SALE = 0
export const PRODUCT_LAUNCH = 1
export const LOYALTY = 2
export const FLASH_SALE = 3

/** How a campaign's daily weight moves over its window (see `weightOn`). */
export type Ramp = "build" | "front" | "flat" | "teaser"

/** One campaign. Plain data, built once per year. */
export interface Campaign {
  /** The number of `CampaignId`: `year × 1000 + slot`. */
  readonly id: number
  /** 1-based position in the year's calendar (by start date). */
  readonly slot: number
  readonly year: number
  /** Index into `TYPES`. */
  readonly type: number
  readonly name: string
  /** First and last day (inclusive), both in `year`. */
  readonly start: Calendar.EpochDay
  readonly end: Calendar.EpochDay
  /** Daily budget weight at full ramp (an ordinary loyalty campaign weighs about 0.75). */
  readonly budget: number
  readonly ramp: Ramp
  /** `teaser` ramp: first day at full weight (the sale day); otherwise `start`. */
  readonly focus: Calendar.EpochDay
  /** Channel indices used, ascending. */
  readonly channels: ReadonlyArray<number>
  /** Share of the campaign's impressions per channel (0 for unused channels; sum 1). */
  readonly channelShares: ReadonlyArray<number>
  /** Creatives per channel (0 for unused channels, else 1–5). */
  readonly creatives: ReadonlyArray<number>
  /** Target segments: bit `s` set when `Customers.SEGMENTS[s]` is targeted (never 0). */
  readonly segments: number
  /** Promoted department (index into `Departments.DEPARTMENTS`). */
  readonly department: number
  /** Share (0–1) of the targeted customers that are in the campaign's audience. */
  readonly reach: number
}

/** A year's campaigns, sorted by `slot`. */
export interface YearCalendar {
  readonly year: number
  readonly campaigns: ReadonlyArray<Campaign>
}

/** The most campaigns a year can hold (slots are written on three digits in trace ids). */
export const MAX_CAMPAIGNS_PER_YEAR = 999

/** `CAMP2024017`. */
export const formatId = (id: number): string => Ids.format("CAMP", id)

/** The number of `CreativeId` `k` (1–9) of a campaign on a channel: `id × 100 + channel × 10 + k`. */
export const creativeId = (campaignId: number, channel: number, k: number): number =>
  campaignId * 100 + channel * 10 + k

/** `CREAT202401731`. */
export const formatCreativeId = (n: number): string => Ids.format("CREAT", n)

/** Whether `day` is inside the campaign's window. */
export const isActive = (c: Campaign, day: Calendar.EpochDay): boolean => day >= c.start && day <= c.end

/**
 * The campaign's budget weight on `day` (0 outside its window): `budget` × the ramp —
 * `build` rises from 0.6 to 1 towards the last day (sales before a holiday), `front` falls from
 * 1 to 0.6 (launches), `teaser` is 0.5 before `focus` and 1 from it (flash sales), `flat` is 1.
 */
export const weightOn = (c: Campaign, day: Calendar.EpochDay): number => {
  if (day < c.start || day > c.end) return 0
  const len = c.end - c.start
  const t = len === 0 ? 1 : (day - c.start) / len
  switch (c.ramp) {
    case "build":
      return c.budget * (0.6 + 0.4 * t)
    case "front":
      return c.budget * (1 - 0.4 * t)
    case "teaser":
      return day < c.focus ? c.budget * 0.5 : c.budget
    default:
      return c.budget
  }
}

/** Whether the campaign targets segment `s` (index into `Customers.SEGMENTS`). */
export const targets = (c: Campaign, segment: number): boolean => ((c.segments >> segment) & 1) === 1

/** A seasonal sale relative to a holiday anchor. */
export interface SeasonalSale {
  readonly name: string
  /** The anchor date in a year (a `Holidays` date or a fixed date). */
  readonly anchor: (year: number) => Calendar.EpochDay
  /** First and last day as offsets from the anchor (inclusive; the start is jittered by ±2). */
  readonly from: number
  readonly to: number
  /** Daily budget weight (jittered by −15 %…+20 %). */
  readonly budget: number
  /** Candidate promoted departments, most likely first (weights n, n−1, …, 1). */
  readonly departments: ReadonlyArray<Departments.Department>
}

const H = (name: Holidays.HolidayName) => (year: number) => Holidays.dateOf(name, year)

/** The seasonal sales of every year: more and bigger before the holidays and back-to-school. */
export const SEASONAL: ReadonlyArray<SeasonalSale> = [
  {
    name: "New year, new you",
    anchor: H("new-years-day"),
    from: 1,
    to: 14,
    budget: 1,
    departments: ["health & beauty", "seasonal & sports", "personal care"]
  },
  {
    name: "Valentine's Day",
    anchor: H("valentines-day"),
    from: -12,
    to: 0,
    budget: 1.1,
    departments: ["health & beauty", "home & garden", "grocery"]
  },
  {
    name: "Spring refresh",
    anchor: (y) => Calendar.fromYmd(y, 3, 20),
    from: -6,
    to: 14,
    budget: 1,
    departments: ["home & garden", "household", "clothing"]
  },
  {
    name: "Mother's Day",
    anchor: H("mothers-day"),
    from: -12,
    to: 0,
    budget: 1.4,
    departments: ["health & beauty", "home & garden", "clothing"]
  },
  {
    name: "Memorial Day sale",
    anchor: H("memorial-day"),
    from: -10,
    to: 0,
    budget: 1.4,
    departments: ["home & garden", "seasonal & sports", "electronics"]
  },
  {
    name: "Father's Day",
    anchor: H("fathers-day"),
    from: -12,
    to: 0,
    budget: 1.2,
    departments: ["electronics", "automotive", "clothing", "seasonal & sports"]
  },
  {
    name: "Summer outdoors",
    anchor: H("summer"),
    from: -14,
    to: 35,
    budget: 0.9,
    departments: ["seasonal & sports", "home & garden", "beverages"]
  },
  {
    name: "Fourth of July",
    anchor: H("independence-day"),
    from: -10,
    to: 0,
    budget: 1.2,
    departments: ["beverages", "grocery", "seasonal & sports"]
  },
  {
    name: "Back to school: supplies",
    anchor: H("back-to-school"),
    from: -17,
    to: 14,
    budget: 2.2,
    departments: ["office", "baby & kids", "electronics"]
  },
  {
    name: "Back to school: tech and fashion",
    anchor: H("back-to-school"),
    from: -3,
    to: 31,
    budget: 2.6,
    departments: ["electronics", "clothing", "office"]
  },
  {
    name: "Back to school: last call",
    anchor: H("back-to-school"),
    from: 20,
    to: 35,
    budget: 1.2,
    departments: ["office", "clothing", "baby & kids"]
  },
  {
    name: "Labor Day sale",
    anchor: H("labor-day"),
    from: -8,
    to: 0,
    budget: 1.3,
    departments: ["home & garden", "clothing", "electronics"]
  },
  {
    name: "Halloween",
    anchor: H("halloween"),
    from: -21,
    to: 0,
    budget: 1.5,
    departments: ["seasonal & sports", "grocery", "baby & kids"]
  },
  {
    name: "Thanksgiving table",
    anchor: H("thanksgiving"),
    from: -10,
    to: -1,
    budget: 1.6,
    departments: ["grocery", "beverages", "household"]
  },
  {
    name: "Early Black Friday deals",
    anchor: H("black-friday"),
    from: -24,
    to: -2,
    budget: 3,
    departments: ["electronics", "clothing", "home & garden", "baby & kids"]
  },
  {
    name: "Black Friday weekend",
    anchor: H("black-friday"),
    from: -1,
    to: 2,
    budget: 6,
    departments: ["electronics", "baby & kids", "clothing", "home & garden"]
  },
  {
    name: "Cyber Monday",
    anchor: H("cyber-monday"),
    from: -1,
    to: 1,
    budget: 5,
    departments: ["electronics", "office", "health & beauty"]
  },
  {
    name: "Holiday gift guide",
    anchor: H("christmas-day"),
    from: -30,
    to: -12,
    budget: 3.5,
    departments: ["baby & kids", "electronics", "clothing", "health & beauty"]
  },
  {
    name: "Last-minute gifts",
    anchor: H("christmas-day"),
    from: -11,
    to: -1,
    budget: 4.5,
    departments: ["electronics", "baby & kids", "seasonal & sports", "health & beauty"]
  },
  {
    name: "Holiday entertaining",
    anchor: H("christmas-day"),
    from: -14,
    to: -1,
    budget: 2,
    departments: ["grocery", "beverages", "home & garden"]
  },
  {
    name: "After-Christmas clearance",
    anchor: H("christmas-day"),
    from: 1,
    to: 6,
    budget: 2,
    departments: ["clothing", "electronics", "seasonal & sports"]
  },
  {
    name: "New Year's Eve party",
    anchor: H("new-years-eve"),
    from: -4,
    to: 0,
    budget: 1,
    departments: ["beverages", "grocery"]
  }
]

/** Budget from which a seasonal sale counts as big: every channel, all segments, more creatives. */
export const BIG_BUDGET = 2.5

/** Candidate departments of product launches, with weights. */
const LAUNCH_DEPARTMENTS: ReadonlyArray<readonly [Departments.Department, number]> = [
  ["electronics", 4],
  ["personal care", 2],
  ["health & beauty", 2],
  ["home & garden", 2],
  ["clothing", 2],
  ["beverages", 1],
  ["grocery", 1],
  ["baby & kids", 1],
  ["pet", 1],
  ["office", 1],
  ["automotive", 1],
  ["seasonal & sports", 1],
  ["household", 1]
]

/** Candidate departments of loyalty campaigns (everyday needs), equally likely. */
const LOYALTY_DEPARTMENTS: ReadonlyArray<Departments.Department> = [
  "grocery",
  "household",
  "personal care",
  "pet",
  "beverages",
  "health & beauty"
]

/** Per type: chance that a channel is used (EMAIL always is) and its volume emphasis. */
const CHANNEL_INCLUDE: ReadonlyArray<ReadonlyArray<number>> = [
  [0.95, 0.85, 0.9, 0.6, 1, 0.8, 0.9],
  [0.85, 0.95, 0.7, 0.9, 1, 0.8, 0.8],
  [0.7, 0.5, 0.2, 0.2, 1, 0.2, 0.2],
  [0.8, 0.8, 0.5, 0.1, 1, 0.4, 0.7]
]
const CHANNEL_EMPHASIS: ReadonlyArray<ReadonlyArray<number>> = [
  [1, 1, 1, 1, 1, 1, 1],
  [1, 1.4, 1, 1.8, 0.6, 1.2, 1],
  [1, 1, 1, 1, 4, 1, 1],
  [1, 1, 1, 1, 2.5, 1, 1.5]
]

const SEG = (name: string): number => 1 << Customers.SEGMENTS.indexOf(name)
const BUDGET = SEG("budget")
const CONVENIENCE = SEG("convenience")
const QUALITY = SEG("quality")
const BRAND_LOYAL = SEG("brand_loyal")
const ALL_SEGMENTS = BUDGET | CONVENIENCE | QUALITY | BRAND_LOYAL

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

/** A campaign before its slot is known. */
type Draft = Omit<Campaign, "id" | "slot">

const pickWeighted = (rng: Rng.Stream, weights: ReadonlyArray<number>): number => {
  let total = 0
  for (const w of weights) total += w
  let u = rng.float() * total
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!
    if (u < 0) return i
  }
  return weights.length - 1
}

const channelMix = (
  rng: Rng.Stream,
  type: number,
  everyChannel: boolean
): { channels: Array<number>; shares: Array<number> } => {
  const include = CHANNEL_INCLUDE[type]!
  const emphasis = CHANNEL_EMPHASIS[type]!
  const channels: Array<number> = []
  const shares = new Array<number>(Channels.COUNT).fill(0)
  let total = 0
  for (let ch = 0; ch < Channels.COUNT; ch++) {
    const used = rng.chance(include[ch]!) || everyChannel || ch === Channels.EMAIL
    const jitter = rng.uniform(0.75, 1.25)
    if (!used) continue
    channels.push(ch)
    shares[ch] = Channels.BASE_WEIGHT[ch]! * emphasis[ch]! * jitter
    total += shares[ch]!
  }
  for (const ch of channels) shares[ch] = shares[ch]! / total
  return { channels, shares }
}

const draft = (
  rng: Rng.Stream,
  year: number,
  type: number,
  name: string,
  start: number,
  end: number,
  budget: number,
  ramp: Ramp,
  focus: number,
  department: number
): Draft => {
  const big = type === SEASONAL_SALE && budget >= BIG_BUDGET
  const { channels, shares } = channelMix(rng, type, big)
  const creatives = new Array<number>(Channels.COUNT).fill(0)
  for (const ch of channels) creatives[ch] = rng.int(1, big ? 5 : 3)
  let segments: number
  let reach: number
  switch (type) {
    case SEASONAL_SALE: {
      segments = big ? ALL_SEGMENTS : BUDGET
      if (!big) {
        const others = [CONVENIENCE, QUALITY, BRAND_LOYAL]
        const n = rng.int(1, 2)
        for (let i = 0; i < n; i++) segments |= others.splice(rng.int(0, others.length - 1), 1)[0]!
      }
      reach = big ? rng.uniform(0.5, 0.8) : rng.uniform(0.3, 0.6)
      break
    }
    case PRODUCT_LAUNCH:
      segments = QUALITY | BRAND_LOYAL | (rng.chance(0.4) ? CONVENIENCE : 0)
      reach = rng.uniform(0.2, 0.5)
      break
    case LOYALTY:
      segments =
        BRAND_LOYAL |
        (rng.chance(0.7) ? QUALITY : 0) |
        (rng.chance(0.3) ? BUDGET : 0) |
        (rng.chance(0.3) ? CONVENIENCE : 0)
      reach = rng.uniform(0.6, 0.9)
      break
    default:
      segments = BUDGET | CONVENIENCE | (rng.chance(0.3) ? QUALITY : 0) | (rng.chance(0.2) ? BRAND_LOYAL : 0)
      reach = rng.uniform(0.3, 0.6)
  }
  return {
    year,
    type,
    name,
    start,
    end,
    budget,
    ramp,
    focus,
    channels,
    channelShares: shares,
    creatives,
    segments,
    department,
    reach
  }
}

/** Thrown when a year would hold more than `MAX_CAMPAIGNS_PER_YEAR` campaigns (custom events). */
export class TooManyCampaigns extends RangeError {
  readonly _tag = "TooManyCampaigns"
  constructor(
    readonly year: number,
    readonly count: number
  ) {
    super(`${year} would hold ${count} campaigns; at most ${MAX_CAMPAIGNS_PER_YEAR} fit a year`)
    this.name = "TooManyCampaigns"
  }
}

/**
 * The campaigns of `year`. Flash sales follow the flash promotions of `patterns` and custom
 * events get a seasonal sale each; pass the run's `Patterns` so the calendar agrees with the
 * promotions shoppers see (default: `Patterns.make({ seed })`). Deterministic in
 * `(seed, year, patterns)`; independent of every other year.
 */
export const calendar = (seed: number, year: number, patterns?: Patterns.Patterns): YearCalendar => {
  const p = patterns ?? Patterns.make({ seed })
  const rng = Rng.make(seed, "marketing", "campaigns", year)
  const first = Calendar.fromYmd(year, 1, 1)
  const last = Calendar.fromYmd(year, 12, 31)
  const clip = (d: number): number => Math.max(first, Math.min(last, d))
  const drafts: Array<Draft> = []

  // Loyalty: six back-to-back two-month campaigns cover the year.
  for (let m = 1; m <= 12; m += 2) {
    const start = Calendar.fromYmd(year, m, 1)
    const end = Calendar.fromYmd(year, m + 1, Calendar.daysInMonth(year, m + 1))
    const dept = Departments.indexOf(LOYALTY_DEPARTMENTS[rng.int(0, LOYALTY_DEPARTMENTS.length - 1)]!)
    const name = `Loyalty rewards ${MONTHS[m - 1]}–${MONTHS[m]} ${year}`
    drafts.push(draft(rng, year, LOYALTY, name, start, end, rng.uniform(0.6, 0.9), "flat", start, dept))
  }

  // Seasonal sales around the holidays.
  for (const s of SEASONAL) {
    const anchor = s.anchor(year)
    const end = clip(anchor + s.to)
    const start = Math.min(end, clip(anchor + s.from + rng.int(-2, 2)))
    const budget = s.budget * rng.uniform(0.85, 1.2)
    const weights = s.departments.map((_, i) => s.departments.length - i)
    const dept = Departments.indexOf(s.departments[pickWeighted(rng, weights)]!)
    drafts.push(
      draft(rng, year, SEASONAL_SALE, `${s.name} ${year}`, start, end, budget, "build", start, dept)
    )
  }

  // Product launches, March to October: one in each of `launches` equal parts of that window.
  const launches = rng.int(3, 6)
  const launchFirst = Calendar.fromYmd(year, 3, 1)
  const part = (Calendar.fromYmd(year, 10, 31) - launchFirst + 1) / launches
  for (let i = 0; i < launches; i++) {
    const start = launchFirst + Math.floor(part * i) + rng.int(0, Math.floor(part) - 1)
    const end = clip(start + rng.int(14, 35))
    const dept = Departments.indexOf(
      LAUNCH_DEPARTMENTS[
        pickWeighted(
          rng,
          LAUNCH_DEPARTMENTS.map((x) => x[1])
        )
      ]![0]
    )
    const name = `Launch: ${Departments.DEPARTMENTS[dept]} ${Calendar.format(start)}`
    drafts.push(draft(rng, year, PRODUCT_LAUNCH, name, start, end, rng.uniform(1, 2), "front", start, dept))
  }

  // Flash sales and custom events from the patterns' promotions.
  for (const promo of p.promotions(year) as ReadonlyArray<Events.Promotion>) {
    if (promo.kind === "seasonal") continue
    if (promo.end < first || promo.start > last) continue
    const flash = promo.kind === "flash"
    const start = clip(promo.start - (flash ? 2 : 5))
    const end = clip(promo.end)
    const dept = promo.departmentIndices[rng.int(0, promo.departmentIndices.length - 1)]!
    const type = flash ? FLASH_SALE : SEASONAL_SALE
    const name = flash ? `Flash sale ${promo.code}` : `${promo.name} (${promo.code})`
    const budget = (flash ? 1.6 : 1.5) * rng.uniform(0.85, 1.2)
    const focus = Math.max(start, Math.min(end, promo.start))
    drafts.push(draft(rng, year, type, name, start, end, budget, flash ? "teaser" : "build", focus, dept))
  }

  if (drafts.length > MAX_CAMPAIGNS_PER_YEAR) throw new TooManyCampaigns(year, drafts.length)
  // Stable sort: ties keep the generation order above.
  const sorted = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.start - b.d.start || a.i - b.i)
  const campaigns = sorted.map(({ d }, i): Campaign => ({ ...d, slot: i + 1, id: year * 1000 + i + 1 }))
  return { year, campaigns }
}
