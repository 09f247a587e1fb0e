/**
 * The supply chain's rows before they become table rows: their field layouts, trace ids, and
 * growable buffers of numeric rows (no object per row).
 */
import { Ids } from "@retail-datagen/core"

/** Store row fields: ts, trace, store, product, qty, reason, source (see `SOURCE_*`). */
export const STORE_STRIDE = 7
/** DC row fields: ts, trace, dc, product, qty, reason. */
export const DC_STRIDE = 6
/** Truck row fields: ts, trace, truck, dc, store, shipment, status, eta, etd. */
export const TRUCK_STRIDE = 9

/** `source` codes of store rows other than deliveries (which hold the truck id, ≥ 1). */
export const SOURCE_PURCHASE = -1
export const SOURCE_ONLINE = -2
export const SOURCE_CYCLE = -3
export const SOURCE_SHRINK = -4

/** Trace id: kind (1 digit) + epoch day (5) + entity (4) + sequence (5). */
export const traceId = (kind: number, day: number, entity: number, seq: number): number =>
  Ids.append(Ids.append(Ids.append(kind, day, 5), entity, 4), seq, 5)

/**
 * A growable buffer of numeric rows with a fixed stride (one `Float64Array`), used for pending
 * ledger rows, the day's rows and the grant log.
 */
export class Rows {
  data: Float64Array
  length = 0

  constructor(
    readonly stride: number,
    capacity = 256
  ) {
    this.data = new Float64Array(capacity * stride)
  }

  /** Makes room for one more row and returns its offset in `data`. */
  add(): number {
    const o = this.length * this.stride
    if (o + this.stride > this.data.length) {
      const next = new Float64Array(Math.max(this.data.length * 2, this.stride * 64))
      next.set(this.data)
      this.data = next
    }
    this.length++
    return o
  }

  clear(): void {
    this.length = 0
  }

  /** The live rows (a view: valid until the next `add`). */
  view(): Float64Array {
    return this.data.subarray(0, this.length * this.stride)
  }

  /** Replaces the content with saved rows. */
  load(flat: Float64Array): void {
    if (flat.length % this.stride !== 0)
      throw new RangeError(`saved rows: ${flat.length} values, stride ${this.stride}`)
    this.data = new Float64Array(Math.max(flat.length, this.stride * 64))
    this.data.set(flat)
    this.length = flat.length / this.stride
  }
}

const WORD = 4294967296

/**
 * Pending ledger rows in 32-bit words (rows decided for later days: at scale a day's deliveries,
 * hundreds of thousands per region): field 0 (EventTS) as seconds from `base`, field 1 (TraceId,
 * an integer < 2^53) as two words, fields 2… as 32-bit integers — 4 · (fields + 1) bytes a row
 * instead of 8 · fields. Grows by half.
 */
export class PendRows {
  data: Int32Array
  length = 0
  readonly stride: number

  constructor(
    /** Logical fields of a row: EventTS, TraceId, then integers. */
    readonly fields: number,
    /** Local epoch second the EventTS are stored from. */
    readonly base: number,
    capacity = 256
  ) {
    this.stride = fields + 1
    this.data = new Int32Array(capacity * this.stride)
  }

  /** Appends a row with its EventTS and TraceId; returns the offset of field 2 in `data`. */
  add(ts: number, trace: number): number {
    const st = this.stride
    const o = this.length * st
    if (o + st > this.data.length) {
      const next = new Int32Array(Math.max(Math.ceil((this.data.length * 1.5) / st) * st, st * 64))
      next.set(this.data)
      this.data = next
    }
    const rel = ts - this.base
    if (!(Number.isInteger(rel) && rel >= -2147483648 && rel <= 2147483647))
      throw new RangeError(`pending row: EventTS ${ts} is not an integer within 68 years of ${this.base}`)
    if (!(Number.isInteger(trace) && trace >= 0 && trace < 2 ** 53))
      throw new RangeError(`pending row: TraceId ${trace} is not an integer below 2^53`)
    const hi = Math.floor(trace / WORD)
    const d = this.data
    d[o] = rel
    d[o + 1] = hi
    d[o + 2] = trace - hi * WORD
    this.length++
    return o + 3
  }

  /** EventTS of row `r`. */
  ts(r: number): number {
    return this.data[r * this.stride]! + this.base
  }

  /** TraceId of row `r`. */
  trace(r: number): number {
    const o = r * this.stride
    return this.data[o + 1]! * WORD + (this.data[o + 2]! >>> 0)
  }

  /** Field `f` of row `r` (any field). */
  get(r: number, f: number): number {
    return f === 0 ? this.ts(r) : f === 1 ? this.trace(r) : this.data[r * this.stride + f + 1]!
  }

  /** The live words (a view: valid until the next `add`). */
  view(): Int32Array {
    return this.data.subarray(0, this.length * this.stride)
  }

  /** Replaces the content with saved rows of `fields` numbers each. */
  load(flat: Float64Array): void {
    const f = this.fields
    if (flat.length % f !== 0) throw new RangeError(`saved rows: ${flat.length} values, ${f} fields`)
    const n = flat.length / f
    this.data = new Int32Array(Math.max(n, 64) * this.stride)
    this.length = 0
    for (let r = 0; r < n; r++) {
      const o = this.add(flat[r * f]!, flat[r * f + 1]!)
      for (let k = 2; k < f; k++) {
        const v = flat[r * f + k]!
        if (!(Number.isInteger(v) && v >= -2147483648 && v <= 2147483647))
          throw new RangeError(`saved rows: field ${k} of row ${r} is not a 32-bit integer`)
        this.data[o + k - 2] = v
      }
    }
  }
}

/**
 * Moves pending rows with ts < end to `to` (as numbers, adding the tie-break key of `moveRows`; the
 * entity is field 2), keeping the rest in order.
 */
export const movePending = (from: PendRows, end: number, to: Rows): void => {
  const st = from.stride
  const f = from.fields
  const d = from.data
  let kept = 0
  for (let r = 0; r < from.length; r++) {
    const o = r * st
    if (d[o]! + from.base < end) {
      const t = to.add()
      const out = to.data
      out[t] = d[o]! + from.base
      out[t + 1] = from.trace(r)
      for (let k = 2; k < f; k++) out[t + k] = d[o + k + 1]!
      out[t + f] = d[o + 3]! * 4294967296 + 2 * 1073741824 + r
    } else {
      if (kept !== r) d.copyWithin(kept * st, o, o + st)
      kept++
    }
  }
  from.length = kept
}

/** Moves rows with ts < end from `from` to `to` (adding the tie-break key), keeping the rest in order. */
export const moveRows = (from: Rows, end: number, to: Rows, entityField: number): void => {
  const st = from.stride
  const d = from.data
  let kept = 0
  for (let r = 0; r < from.length; r++) {
    const o = r * st
    if (d[o]! < end) {
      const t = to.add()
      const out = to.data
      for (let f = 0; f < st; f++) out[t + f] = d[o + f]!
      out[t + st] = d[o + entityField]! * 4294967296 + 2 * 1073741824 + r
    } else {
      if (kept !== r) d.copyWithin(kept * st, o, o + st)
      kept++
    }
  }
  from.length = kept
}
