/**
 * The supply chain of one shard: the regions it owns, the store → region map, and the lost-sales
 * counters per day. Shared by the `stock` plugin (which exposes the takes) and the `inventory`
 * plugin (which runs the end of each day and writes the rows).
 */
import { Plugin } from "@retail-datagen/core"
import { type Master, Trucks } from "@retail-datagen/master"
import { InvalidState, NotOwned } from "../StockError.js"
import type { SupplyOptions } from "../SupplyOptions.js"
import type { Forecast } from "./forecast.js"
import { Region, type RngOf, type SavedRegion } from "./region.js"
import { Shared } from "./shared.js"

/** Lost-sales counters per day of a shard. */
export interface History {
  readonly days: Array<number>
  readonly requested: Array<number>
  readonly granted: Array<number>
  readonly notCarried: Array<number>
}

/** The JSON-compatible state of the `stock` plugin. */
export interface SavedStock {
  readonly version: 2
  readonly shard: string
  readonly regions: ReadonlyArray<SavedRegion>
  readonly history: History
}

/** Version of the saved state (2: ledgers as differences from the master data, since 0.1.0). */
export const STATE_VERSION = 2

const shardText = (s: Plugin.Shard): string => `${s.index}/${s.count}`

export class Model {
  /** By region index (`DCID - 1`); `undefined` for regions of other shards. */
  readonly regions: Array<Region | undefined>
  /** The regions of this shard, ascending. */
  readonly owned: Array<Region>
  /** Region index of each store (row = StoreID - 1). */
  readonly storeRegion: Int32Array
  /** Local index of each store within its region (only meaningful for owned regions). */
  readonly storeLocal: Int32Array
  /** `TRK0042` text of every truck (row = truck id - 1). */
  readonly truckNames: ReadonlyArray<string>
  history: History = { days: [], requested: [], granted: [], notCarried: [] }
  /** Per-product tables and scratch of the owned regions. */
  readonly shared: Shared

  constructor(
    readonly master: Master.Master,
    readonly options: SupplyOptions,
    readonly shard: Plugin.Shard,
    /** Demand outlook of the reorder rules (`null`: the learned demand as is). */
    readonly forecast: Forecast | null = null
  ) {
    const { stores, dcs, trucks } = master
    this.regions = new Array<Region | undefined>(dcs.length).fill(undefined)
    this.owned = []
    this.shared = new Shared(master, options.smoothing)
    for (let r = 0; r < dcs.length; r++) {
      if (!Plugin.ownsRegion(shard, r)) continue
      const region = new Region(master, options, r, this.shared)
      if (forecast !== null) region.setForecast(forecast)
      this.regions[r] = region
      this.owned.push(region)
    }
    this.storeRegion = new Int32Array(stores.length)
    this.storeLocal = new Int32Array(stores.length).fill(-1)
    for (let s = 0; s < stores.length; s++) {
      const r = stores.dcId[s]! - 1
      this.storeRegion[s] = r
      const region = this.regions[r]
      if (region !== undefined) this.storeLocal[s] = region.localStore(s + 1)
    }
    this.truckNames = Array.from({ length: trucks.length }, (_, i) => Trucks.truckId(i + 1))
  }

  /** The owned region of a store, throwing `NotOwned` otherwise. */
  regionOfStore(storeId: number): Region {
    const r = storeId >= 1 && storeId <= this.storeRegion.length ? this.storeRegion[storeId - 1]! : -1
    const region = r >= 0 ? this.regions[r] : undefined
    if (region === undefined)
      throw new NotOwned({ node: "store", nodeId: storeId, region: r, shard: shardText(this.shard) })
    return region
  }

  /** The owned region of a DC, throwing `NotOwned` otherwise. */
  regionOfDc(dcId: number): Region {
    const r = dcId >= 1 && dcId <= this.regions.length ? dcId - 1 : -1
    const region = r >= 0 ? this.regions[r] : undefined
    if (region === undefined)
      throw new NotOwned({ node: "dc", nodeId: dcId, region: r, shard: shardText(this.shard) })
    return region
  }

  takeFromStore(storeId: number, productId: number, qty: number, ts: number): number {
    const region = this.regionOfStore(storeId)
    return region.takeStore(this.storeLocal[storeId - 1]!, productId, qty, ts)
  }

  takeFromDc(dcId: number, productId: number, qty: number, ts: number): number {
    return this.regionOfDc(dcId).takeDc(productId, qty, ts)
  }

  /** Runs the end of `day` in every owned region and closes the day's counters. */
  endOfDay(day: number, rng: RngOf): void {
    let requested = 0
    let granted = 0
    let notCarried = 0
    for (const region of this.owned) {
      region.endOfDay(day, rng)
      requested += region.today.requested
      granted += region.today.granted
      notCarried += region.today.notCarried
      region.today.requested = 0
      region.today.granted = 0
      region.today.notCarried = 0
    }
    const h = this.history
    h.days.push(day)
    h.requested.push(requested)
    h.granted.push(granted)
    h.notCarried.push(notCarried)
  }

  save(): SavedStock {
    const h = this.history
    return {
      version: STATE_VERSION,
      shard: shardText(this.shard),
      regions: this.owned.map((r) => r.save()),
      history: {
        days: [...h.days],
        requested: [...h.requested],
        granted: [...h.granted],
        notCarried: [...h.notCarried]
      }
    }
  }

  static restore(
    saved: unknown,
    master: Master.Master,
    options: SupplyOptions,
    shard: Plugin.Shard,
    forecast: Forecast | null = null
  ): Model {
    const s = saved as Partial<SavedStock> | null
    if (typeof s !== "object" || s === null || typeof s.version !== "number")
      throw new InvalidState({ reason: "not a saved state of the stock plugin" })
    if (s.version !== STATE_VERSION)
      throw new InvalidState({
        reason: `the state is of version ${s.version}; this version of the supply chain reads version ${STATE_VERSION} only (generate the dataset again)`
      })
    if (s.shard !== shardText(shard))
      throw new InvalidState({ reason: `saved by shard ${s.shard}, restored on shard ${shardText(shard)}` })
    const model = new Model(master, options, shard, forecast)
    const regions = s.regions ?? []
    if (regions.length !== model.owned.length)
      throw new InvalidState({
        reason: `holds ${regions.length} regions, the shard owns ${model.owned.length}`
      })
    try {
      regions.forEach((r, k) => {
        const region = model.owned[k]!
        if (r.region !== region.region)
          throw new RangeError(`region ${r.region} where ${region.region} was expected`)
        region.restore(r)
      })
    } catch (e) {
      throw new InvalidState({ reason: e instanceof Error ? e.message : String(e) })
    }
    const h = s.history
    if (h === undefined || !Array.isArray(h.days)) throw new InvalidState({ reason: "history is missing" })
    model.history = {
      days: [...h.days],
      requested: [...h.requested],
      granted: [...h.granted],
      notCarried: [...h.notCarried]
    }
    return model
  }
}
