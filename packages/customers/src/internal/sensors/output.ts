/**
 * Day buffers of the sensor tables and their emission in contract order.
 *
 * - `Grid`: people-counter tallies per (store, interval, zone): Count and summed dwell seconds.
 *   Emitted interval by interval, stores ascending, zones in code order — i.e. by EventTS, then
 *   StoreID, then sensor.
 * - `Pings`: ping rows appended store by store, visit by visit, in time order within a visit;
 *   emitted after a stable counting sort on the second of the day — i.e. by EventTS, then
 *   StoreID, then visit sequence.
 */
import type { Batch } from "@retail-datagen/core"
import { TRAFFIC_ZONES } from "./tables.js"

const ZONES = TRAFFIC_ZONES.length
const SECONDS_PER_DAY = 86400

/** Per-store data the emitters read, indexed by the shard's local store index. */
export interface StoreNames {
  readonly storeId: Int32Array
  /** `ZONES` sensor ids per store. */
  readonly sensors: ReadonlyArray<string>
  /** `BLE_ZONES.length` beacon ids per store. */
  readonly beacons: ReadonlyArray<string>
  readonly beaconsPerStore: number
}

export class Grid {
  readonly width: number
  readonly intervals: number
  count = new Int32Array(0)
  dwell = new Float64Array(0)
  /** The day's window of each store (`open = close` = no rows) and its foot-traffic TraceId base. */
  open = new Int32Array(0)
  close = new Int32Array(0)
  trace = new Float64Array(0)
  private pending = new Int32Array(0)

  constructor(intervalMinutes: number) {
    this.width = intervalMinutes * 60
    this.intervals = SECONDS_PER_DAY / this.width
  }

  /** Clears the tallies of `stores` stores. */
  reset(stores: number): void {
    const n = stores * this.intervals * ZONES
    if (this.count.length < n) {
      this.count = new Int32Array(n)
      this.dwell = new Float64Array(n)
    } else {
      this.count.fill(0, 0, n)
      this.dwell.fill(0, 0, n)
    }
    if (this.open.length < stores) {
      this.open = new Int32Array(stores)
      this.close = new Int32Array(stores)
      this.trace = new Float64Array(stores)
      this.pending = new Int32Array(stores)
    } else {
      this.open.fill(0, 0, stores)
      this.close.fill(0, 0, stores)
    }
  }

  /** Counts one person entering `zone` of store `s` at second `t`, staying `seconds`. */
  add(s: number, t: number, zone: number, seconds: number): void {
    const cell = (s * this.intervals + Math.floor(t / this.width)) * ZONES + zone
    this.count[cell]!++
    this.dwell[cell]! += seconds
  }

  /** Appends the rows of `stores` stores of `day` to `b` (reset by the caller). */
  emit(b: Batch.Builder, day: number, stores: number, names: StoreNames): void {
    const trace = b.num("TraceId")
    const ts = b.num("EventTS")
    const store = b.num("StoreID")
    const sensor = b.str("SensorId")
    const zone = b.code("Zone")
    const dwell = b.num("Dwell")
    const count = b.num("Count")
    const dayStart = day * SECONDS_PER_DAY
    const w = this.width
    const row = (s: number, i: number, second: number): void => {
      for (let z = 0; z < ZONES; z++) {
        const cell = (s * this.intervals + i) * ZONES + z
        const n = this.count[cell]!
        trace.push(this.trace[s]! + i * ZONES + z + 1)
        ts.push(dayStart + second)
        store.push(names.storeId[s]!)
        sensor.push(names.sensors[s * ZONES + z]!)
        zone.push(z)
        dwell.push(n === 0 ? Number.NaN : Math.round((this.dwell[cell]! * 10) / n) / 10)
        count.push(n)
      }
    }
    for (let i = 0; i < this.intervals; i++) {
      const start = i * w
      let late = 0
      for (let s = 0; s < stores; s++) {
        const o = this.open[s]!
        if (o >= this.close[s]! || start >= this.close[s]! || o >= start + w) continue
        if (o <= start) row(s, i, start)
        else this.pending[late++] = s // opens inside this interval: its row carries the opening second
      }
      // Stores opening inside the interval, by opening second then StoreID (rare: hours off the grid).
      for (let k = 1; k < late; k++) {
        const s = this.pending[k]!
        let j = k - 1
        while (j >= 0 && this.open[this.pending[j]!]! > this.open[s]!) {
          this.pending[j + 1] = this.pending[j]!
          j--
        }
        this.pending[j + 1] = s
      }
      for (let k = 0; k < late; k++) row(this.pending[k]!, i, this.open[this.pending[k]!]!)
    }
  }
}

export class Pings {
  length = 0
  second = new Int32Array(0)
  store = new Int32Array(0)
  zone = new Uint8Array(0)
  rssi = new Int16Array(0)
  device = new Float64Array(0)
  trace = new Float64Array(0)
  private perm = new Int32Array(0)
  private readonly buckets = new Int32Array(SECONDS_PER_DAY + 1)

  push(second: number, s: number, zone: number, rssi: number, device: number, trace: number): void {
    const i = this.length
    if (i === this.second.length) this.grow()
    this.second[i] = second
    this.store[i] = s
    this.zone[i] = zone
    this.rssi[i] = rssi
    this.device[i] = device
    this.trace[i] = trace
    this.length = i + 1
  }

  private grow(): void {
    const cap = Math.max(4096, this.second.length * 2)
    const copy = <A extends Int32Array | Uint8Array | Int16Array | Float64Array>(
      a: A,
      make: (n: number) => A
    ): A => {
      const next = make(cap)
      next.set(a)
      return next
    }
    this.second = copy(this.second, (n) => new Int32Array(n))
    this.store = copy(this.store, (n) => new Int32Array(n))
    this.zone = copy(this.zone, (n) => new Uint8Array(n))
    this.rssi = copy(this.rssi, (n) => new Int16Array(n))
    this.device = copy(this.device, (n) => new Float64Array(n))
    this.trace = copy(this.trace, (n) => new Float64Array(n))
  }

  /** Appends the pings sorted by second (stable) to `b` (reset by the caller), then empties. */
  emit(b: Batch.Builder, day: number, names: StoreNames): void {
    const n = this.length
    if (this.perm.length < n) this.perm = new Int32Array(this.second.length)
    const buckets = this.buckets
    buckets.fill(0)
    for (let i = 0; i < n; i++) buckets[this.second[i]! + 1]!++
    for (let s = 1; s <= SECONDS_PER_DAY; s++) buckets[s]! += buckets[s - 1]!
    const perm = this.perm
    for (let i = 0; i < n; i++) perm[buckets[this.second[i]!]!++] = i
    const trace = b.num("TraceId")
    const ts = b.num("EventTS")
    const store = b.num("StoreID")
    const beacon = b.str("BeaconId")
    const device = b.num("CustomerBLEId")
    const rssi = b.num("RSSI")
    const zone = b.code("Zone")
    const dayStart = day * SECONDS_PER_DAY
    const per = names.beaconsPerStore
    for (let k = 0; k < n; k++) {
      const i = perm[k]!
      const s = this.store[i]!
      const z = this.zone[i]!
      trace.push(this.trace[i]!)
      ts.push(dayStart + this.second[i]!)
      store.push(names.storeId[s]!)
      beacon.push(names.beacons[s * per + z]!)
      device.push(this.device[i]!)
      rssi.push(this.rssi[i]!)
      zone.push(z)
    }
    this.length = 0
  }
}
