/**
 * The marketing fact plugin: one row per ad impression (DATA-CONTRACT §4 `marketing`), and the
 * `ExposureService` that lets shopper plugins react to the ads their customers saw.
 *
 * A day's volume is `impressionsPerDay × v(d)`, `v(d) ∝ online day multiplier × (total budget
 * weight of the active campaigns)^0.5`, normalised to a mean of 1 over the calendar year (so
 * `impressionsPerDay` is the mean day of every year, whatever the run's dates); it is shared by the day's
 * active campaigns in proportion to their budget weights, by each campaign's channels in
 * proportion to their shares, and by the DC regions in proportion to their customers. Every
 * (campaign, channel, region) slice draws a Poisson count from the stream
 * `(seed, "marketing", "counts", day, slot)`, then its rows from
 * `(seed, "marketing", "impressions", day, slot, channel, region)`. Output therefore does not
 * depend on the shard count.
 *
 * A scenario's `marketing_budget` (docs/scenarios.md) scales a channel's slices by `f` without
 * touching any other draw: the slice's baseline count is drawn as before; for `f < 1` each of its
 * impressions is kept when a hash of its baseline ImpressionId is below `f` (its draws are still
 * taken, so the kept ones are the baseline's rows); for `f > 1` a Poisson number of extra
 * impressions (mean × (f − 1), from the stream `(…, "budget", day, slot, channel, region)`) follows
 * the baseline ones in the slice's stream, numbered after the campaign-day's baseline impressions.
 * Every other slice's rows are byte-identical to the baseline's.
 *
 * Exposure is chain-wide: every shard draws the impressions of EVERY region and records every
 * resolved customer's exposure, but emits rows only for the regions it owns. Shoppers visit
 * stores of other regions (a customer's nearest stores may belong to another DC), and the shard
 * owning that store must answer the customer's exposure exactly as a one-shard run would. The
 * impressions of regions a shard does not own take the same draws (same streams, same order)
 * without building their rows.
 *
 * Row rules:
 * - `EventTS`: a second drawn from the online hour curve of the day (24 h).
 * - `Device` from the channel's mix, `Cost` the impression's CPM in dollars (see `Channels`).
 * - `CustomerAdId`: with the channel's resolved share, a customer of the region in the
 *   campaign's segments and audience (their `AdId`); otherwise — or when no such customer is
 *   found — an anonymous device of the region's pool: `Customers.adIdNumber(masterSeed,
 *   customers + k)` with `k ≥ 1`, which can never equal a customer's id (each region owns a
 *   disjoint range of `k`, three devices per customer of the region).
 * - `ImpressionId` = `IMP` + day(5) + slot(4) + seq(6), seq numbering the campaign-day's
 *   impressions by (channel, region, draw): at most 1,000,000 per campaign and day.
 * - `TraceId` = `TRC` + 6 + day(5) + entity(4) + seq(5) with entity = slot × 10 + ⌊seq / 100,000⌋
 *   and the last five digits of seq: one trace per impression.
 * - Rows are ordered by `EventTS`, then `ImpressionId`.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Run } from "@retail-datagen/engine"
 * import { Master, MasterSpec } from "@retail-datagen/master"
 * import { plugins } from "@retail-datagen/marketing"
 * const master = Master.generateMaster(MasterSpec.make({ stores: 10, dcs: 2, customers: 2000, products: 100 }))
 * Run.run({ plugins: plugins({ impressionsPerDay: 2000 }), master, seed: 42,
 *   start: Calendar.parse("2024-11-25"), end: Calendar.parse("2024-12-01"), onBatches: … })
 */
import { Batch, Calendar, Distribution, Hash, Plugin, type Rng, Table } from "@retail-datagen/core"
import { Customers, type Master } from "@retail-datagen/master"
import { type Hourly, type Patterns, PatternsService } from "@retail-datagen/patterns"
import { Scenario } from "@retail-datagen/scenario"
import * as Campaigns from "./Campaigns.js"
import * as Channels from "./Channels.js"
import * as Exposure from "./Exposure.js"
import * as Audience from "./internal/audience.js"
import * as Plan from "./internal/plan.js"
import * as MarketingOptions from "./MarketingOptions.js"

/** The plugin's name (and the namespace of its random streams). */
export const NAME = "marketing"

/** The `marketing` table: contract columns, contract order. */
export const MarketingTable = Table.make("marketing", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  Channel: Table.enumOf(Channels.CHANNELS),
  CampaignId: Table.id("CAMP"),
  CreativeId: Table.id("CREAT"),
  CustomerAdId: Table.id(Customers.AD_PREFIX, Customers.ID_WIDTH),
  ImpressionId: Table.id("IMP"),
  Cost: Table.cents,
  Device: Table.enumOf(Channels.DEVICES)
})

/** TraceId kind of marketing impressions. */
export const TRACE_KIND = 6

/** Most impressions of one campaign on one day (six digits of `ImpressionId`). */
export const MAX_IMPRESSIONS_PER_CAMPAIGN_DAY = 1_000_000

/** A campaign-day would exceed `MAX_IMPRESSIONS_PER_CAMPAIGN_DAY` (lower `impressionsPerDay`). */
export class ImpressionCapacityExceeded extends RangeError {
  readonly _tag = "ImpressionCapacityExceeded"
  constructor(
    readonly campaignId: string,
    readonly day: string,
    readonly impressions: number
  ) {
    super(
      `campaign ${campaignId} would serve ${impressions} impressions on ${day}; ImpressionId holds at most ` +
        `${MAX_IMPRESSIONS_PER_CAMPAIGN_DAY} per campaign and day — lower impressionsPerDay`
    )
    this.name = "ImpressionCapacityExceeded"
  }
}

/** Per-row scratch columns of a day, in generation order (sorted by second when emitted). */
class Scratch {
  capacity = 0
  sec = new Int32Array(0)
  channel = new Uint8Array(0)
  device = new Uint8Array(0)
  campaign = new Float64Array(0)
  creative = new Float64Array(0)
  adId = new Float64Array(0)
  impression = new Float64Array(0)
  trace = new Float64Array(0)
  cost = new Float64Array(0)
  order = new Int32Array(0)
  readonly bucket = new Int32Array(86401)

  ensure(n: number): void {
    if (n <= this.capacity) return
    const c = Math.max(n, this.capacity * 2, 1024)
    this.capacity = c
    this.sec = new Int32Array(c)
    this.channel = new Uint8Array(c)
    this.device = new Uint8Array(c)
    this.campaign = new Float64Array(c)
    this.creative = new Float64Array(c)
    this.adId = new Float64Array(c)
    this.impression = new Float64Array(c)
    this.trace = new Float64Array(c)
    this.cost = new Float64Array(c)
    this.order = new Int32Array(c)
  }
}

/** The plugin's state on one shard. */
export interface State {
  readonly options: MarketingOptions.MarketingOptions
  readonly seed: number
  readonly master: Master.Master
  readonly patterns: Patterns.Patterns
  readonly plans: Map<number, Plan.YearPlan>
  readonly audience: Audience.Audience
  readonly owned: Uint8Array
  readonly tracker: Exposure.Tracker
  readonly builder: Batch.Builder
  readonly scratch: Scratch
  /** The scenario's per-day lookups (channel budgets), or null for a baseline run. */
  readonly scenario: Scenario.Plan | null
  /** Salt of the hash that picks the impressions a budget cut keeps. */
  readonly keepSalt: number
  /**
   * Slices of the day, every region: (campaign index, channel, region, count, first seq, owned
   * 0/1, extra impressions of a budget rise, their first seq, kept share of a budget cut × 2^30).
   */
  slices: Int32Array
  /** Last day stepped (for `save`). */
  lastDay: number
}

const init = (
  options: MarketingOptions.MarketingOptions,
  ctx: Plugin.InitContext<Master.Master>,
  attribution = false
): State => {
  const master = ctx.master
  const regions = master.dcs.length
  const owned = new Uint8Array(regions)
  for (let r = 0; r < regions; r++) owned[r] = Plugin.ownsRegion(ctx.shard, r) ? 1 : 0
  return {
    options,
    seed: ctx.seed,
    master,
    patterns: ctx.service(PatternsService.Key),
    plans: new Map(),
    audience: Audience.make(master),
    owned,
    tracker: Exposure.tracker(master.customers.length, {
      lift: options.lift,
      lookbackDays: options.lookbackDays,
      attribution
    }),
    builder: Batch.builder(MarketingTable, 4096),
    scratch: new Scratch(),
    scenario: Scenario.isEmpty(options.scenario) ? null : Scenario.compile(options.scenario!),
    keepSalt: Hash.salt(ctx.seed, "marketing-budget", 0x2545f491),
    slices: new Int32Array(SLICE * 256),
    lastDay: ctx.start - 1
  }
}

const planOf = (state: State, day: number): Plan.YearPlan => {
  const year = Calendar.year(day)
  let plan = state.plans.get(year)
  if (plan === undefined) {
    plan = Plan.make(state.seed, year, state.patterns)
    state.plans.set(year, plan)
  }
  return plan
}

const SLICE = 9

/** The kept share of a slice is stored as an integer: share × KEEP_ONE (all kept: KEEP_ONE). */
const KEEP_ONE = 2 ** 30

/** Whether impression `seq` of a campaign-day survives a budget cut keeping `keep` / KEEP_ONE of them. */
const kept = (salt: number, day: number, slot: number, seq: number, keep: number): boolean =>
  keep >= KEEP_ONE || Scenario.keep(salt, day, slot, seq) * KEEP_ONE < keep

/**
 * The exposures of a slice this shard does not emit: the same draws, in the same order, as the
 * emitting path (so the customers and seconds are the same), recording exposure only.
 */
const exposeOnly = (
  rng: Rng.Stream,
  n: number,
  sampler: Hourly.Sampler,
  tracker: Exposure.Tracker,
  audience: Audience.Audience,
  c: Campaigns.Campaign,
  ch: number,
  r: number,
  campaignSalt: number,
  day: number,
  heat: number,
  seq0: number,
  extra: number,
  extraSeq0: number,
  keep: number,
  keepSalt: number
): void => {
  const creatives = c.creatives[ch]!
  const resolved = Channels.RESOLVED_SHARE[ch]!
  const impBase = (day * 10_000 + c.slot) * 1_000_000
  for (let i = 0; i < n + extra; i++) {
    const seq = i < n ? seq0 + i : extraSeq0 + i - n
    const sec = sampler.sample(rng)
    const device = Channels.drawDevice(rng, ch)
    rng.int(1, creatives)
    Channels.drawCost(rng, ch, device, heat)
    const who = rng.chance(resolved) ? Audience.pick(audience, r, c.segments, campaignSalt, c.reach, rng) : -1
    if (who < 0)
      rng.float() // the anonymous device
    else if (i >= n || kept(keepSalt, day, c.slot, seq, keep))
      tracker.record(who, day, sec, c.department, impBase + seq)
  }
}

const step = (state: State, ctx: Plugin.DayContext<Master.Master>): ReadonlyArray<Batch.Batch> => {
  const day = ctx.day
  if (!(day >= 0 && day <= 99_999)) throw new RangeError(`day ${day} does not fit the 5-digit day of ids`)
  state.lastDay = day
  const b = state.builder
  b.reset()
  const plan = planOf(state, day)
  const doy = day - plan.first
  const from = plan.activeStart[doy]!
  const to = plan.activeStart[doy + 1]!
  const campaigns = plan.calendar.campaigns
  const audience = state.audience
  const regions = audience.regions
  // The day's volume relative to the mean day, and the expected impressions per unit of weight.
  const volume = plan.volume[doy]!
  const total = plan.total[doy]!
  const perWeight = total > 0 ? (state.options.impressionsPerDay * volume) / total : 0
  const heat = Math.min(1.8, Math.max(0.6, Math.sqrt(volume)))
  const customers = audience.customers
  const share = audience.regionCount
  const scenario = state.scenario === null ? null : state.scenario.at(day)

  // 1. Counts of every (campaign, channel, region) slice; `rows` counts the owned ones.
  let nSlices = 0
  let rows = 0
  for (let a = from; a < to; a++) {
    const ci = plan.active[a]!
    const c = campaigns[ci]!
    const rng = ctx.rng("counts", day, c.slot)
    const meanC = (perWeight * plan.weight[a]!) / customers
    let seq = 0
    const firstSlice = nSlices
    for (const ch of c.channels) {
      const meanCh = meanC * c.channelShares[ch]!
      for (let r = 0; r < regions; r++) {
        const n = Distribution.poisson(rng, meanCh * share[r]!)
        // a budget rise adds impressions from a stream of its own; a cut keeps a share by hash
        const f = scenario === null ? 1 : scenario.budget(ch, r + 1)
        const extra =
          f > 1
            ? Distribution.poisson(ctx.rng("budget", day, c.slot, ch, r), meanCh * share[r]! * (f - 1))
            : 0
        if (n > 0 || extra > 0) {
          if ((nSlices + 1) * SLICE > state.slices.length) {
            const next = new Int32Array(state.slices.length * 2)
            next.set(state.slices)
            state.slices = next
          }
          const o = nSlices * SLICE
          state.slices[o] = ci
          state.slices[o + 1] = ch
          state.slices[o + 2] = r
          state.slices[o + 3] = n
          state.slices[o + 4] = seq
          state.slices[o + 5] = state.owned[r]!
          state.slices[o + 6] = extra
          state.slices[o + 7] = 0
          state.slices[o + 8] = f < 1 ? Math.floor(f * KEEP_ONE) : KEEP_ONE
          nSlices++
          if (state.owned[r] === 1) rows += n + extra
        }
        seq += n
      }
    }
    // extra impressions are numbered after the baseline ones, so that no baseline id moves
    for (let k = firstSlice; k < nSlices; k++) {
      const o = k * SLICE
      state.slices[o + 7] = seq
      seq += state.slices[o + 6]!
    }
    if (seq > MAX_IMPRESSIONS_PER_CAMPAIGN_DAY)
      throw new ImpressionCapacityExceeded(Campaigns.formatId(c.id), Calendar.format(day), seq)
  }

  // 2. Every slice's impressions, in generation order (= ImpressionId order): all record
  //    exposure, only the owned ones write rows.
  const s = state.scratch
  s.ensure(rows)
  const sampler = state.patterns.sampler(day, 0, 86400, "online")
  const cust = state.master.customers
  const tracker = state.tracker
  const seed = state.seed
  // Anonymous ids use the master's AdId bijection (its seed), so they can never equal a customer's.
  const adSeed = state.master.spec.seed
  let row = 0
  let lastCampaign = -1
  let campaignSalt = 0
  for (let k = 0; k < nSlices; k++) {
    const o = k * SLICE
    const c = campaigns[state.slices[o]!]!
    const ch = state.slices[o + 1]!
    const r = state.slices[o + 2]!
    const n = state.slices[o + 3]!
    const seq0 = state.slices[o + 4]!
    const own = state.slices[o + 5] === 1
    const extra = state.slices[o + 6]!
    const extraSeq0 = state.slices[o + 7]!
    const keep = state.slices[o + 8]!
    if (c.id !== lastCampaign) {
      lastCampaign = c.id
      campaignSalt = Audience.campaignSalt(seed, c.id)
    }
    const rng = ctx.rng("impressions", day, c.slot, ch, r)
    if (!own) {
      const salt = state.keepSalt
      exposeOnly(
        rng,
        n,
        sampler,
        tracker,
        audience,
        c,
        ch,
        r,
        campaignSalt,
        day,
        heat,
        seq0,
        extra,
        extraSeq0,
        keep,
        salt
      )
      continue
    }
    const creatives = c.creatives[ch]!
    const creativeBase = Campaigns.creativeId(c.id, ch, 0)
    const resolved = Channels.RESOLVED_SHARE[ch]!
    const anonStart = audience.anonStart[r]!
    const anonPool = Audience.ANONYMOUS_PER_CUSTOMER * share[r]!
    const impBase = (day * 10_000 + c.slot) * 1_000_000
    const traceBase = (TRACE_KIND * 100_000 + day) * 10_000 + c.slot * 10
    for (let i = 0; i < n + extra; i++) {
      const seq = i < n ? seq0 + i : extraSeq0 + i - n
      const sec = sampler.sample(rng)
      const device = Channels.drawDevice(rng, ch)
      const creative = creativeBase + rng.int(1, creatives)
      const cost = Channels.drawCost(rng, ch, device, heat)
      const who = rng.chance(resolved)
        ? Audience.pick(audience, r, c.segments, campaignSalt, c.reach, rng)
        : -1
      const adId =
        who >= 0
          ? cust.adId[who]!
          : Customers.adIdNumber(adSeed, customers + 1 + anonStart + Math.floor(rng.float() * anonPool))
      // a budget cut drops the impression after its draws: the next ones draw what they drew
      if (i < n && !kept(state.keepSalt, day, c.slot, seq, keep)) continue
      if (who >= 0) tracker.record(who, day, sec, c.department, impBase + seq)
      s.sec[row] = sec
      s.channel[row] = ch
      s.device[row] = device
      s.campaign[row] = c.id
      s.creative[row] = creative
      s.adId[row] = adId
      s.impression[row] = impBase + seq
      const block = Math.floor(seq / 100_000)
      s.trace[row] = (traceBase + block) * 100_000 + (seq - block * 100_000)
      s.cost[row] = cost
      row++
    }
  }

  // 3. Emit by second of day (counting sort: stable, so ties stay in ImpressionId order).
  rows = row // a budget cut emits fewer rows than it drew
  const bucket = s.bucket
  bucket.fill(0)
  for (let i = 0; i < rows; i++) bucket[s.sec[i]! + 1]!++
  for (let t = 0; t < 86400; t++) bucket[t + 1]! += bucket[t]!
  for (let i = 0; i < rows; i++) s.order[bucket[s.sec[i]!]!++] = i
  const tsBase = day * 86400
  const cTrace = b.num("TraceId")
  const cTs = b.num("EventTS")
  const cChannel = b.code("Channel")
  const cCampaign = b.num("CampaignId")
  const cCreative = b.num("CreativeId")
  const cAd = b.num("CustomerAdId")
  const cImp = b.num("ImpressionId")
  const cCost = b.num("Cost")
  const cDevice = b.code("Device")
  for (let j = 0; j < rows; j++) {
    const i = s.order[j]!
    cTrace.push(s.trace[i]!)
    cTs.push(tsBase + s.sec[i]!)
    cChannel.push(s.channel[i]!)
    cCampaign.push(s.campaign[i]!)
    cCreative.push(s.creative[i]!)
    cAd.push(s.adId[i]!)
    cImp.push(s.impression[i]!)
    cCost.push(s.cost[i]!)
    cDevice.push(s.device[i]!)
  }
  return [b.finish()]
}

/** How the run uses the plugin beyond its options. */
export interface RunOptions {
  /**
   * Keep the ImpressionId of each acting exposure across a resume (the ground truth's
   * attribution reads it through `Tracker.impression`). Off: saved states are as before.
   */
  readonly attribution?: boolean | undefined
}

/** Saved state: the last day stepped and the exposures that can still act. */
interface Saved {
  readonly day: number
  readonly exposure: Exposure.Saved
}

/**
 * The marketing plugin (table `marketing`, depends on `"patterns"`, service `ExposureService`).
 * Throws a `MarketingOptionsError` for bad options.
 */
export const plugin = (
  input: MarketingOptions.MarketingOptionsInput = {},
  run: RunOptions = {}
): Plugin.FactPlugin<State, Master.Master, Exposure.ExposureService> => {
  const options = MarketingOptions.make(input)
  const attribution = run.attribution === true
  return Plugin.make<State, Master.Master, Exposure.ExposureService>({
    name: NAME,
    tables: [MarketingTable],
    dependsOn: [PatternsService.NAME],
    init: (ctx) => init(options, ctx, attribution),
    step,
    service: (state) => state.tracker,
    save: (state): Saved => ({ day: state.lastDay, exposure: state.tracker.save(state.lastDay) }),
    restore: (saved, ctx) => {
      const state = init(options, ctx, attribution)
      const s = saved as Partial<Saved> | null
      if (typeof s !== "object" || s === null || !Number.isSafeInteger(s.day))
        throw new Exposure.InvalidSavedExposure("saved marketing state has no day")
      state.tracker.restore(s.exposure)
      state.lastDay = s.day as number
      return state
    }
  })
}

/**
 * The plugins of this package for a run: `[marketing]`. Options: `impressionsPerDay`, `lift`,
 * `lookbackDays` (see `MarketingOptions`). Throws a `MarketingOptionsError` for
 * bad options.
 */
export const plugins = (
  input: MarketingOptions.MarketingOptionsInput = {},
  run: RunOptions = {}
): ReadonlyArray<Plugin.FactPlugin<State, Master.Master, Exposure.ExposureService>> => [plugin(input, run)]
