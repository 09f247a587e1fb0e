/**
 * From a day's fact rows to events. Every row maps to one *primary* event whose payload is the
 * row (its columns, in table order, encoded as the NDJSON sink writes them — the payload of a
 * primary event is byte for byte the row's line in an NDJSON batch file), and some rows to
 * *derived* events with the same payload. Store hours add `store_opened` / `store_closed`.
 *
 * | table | primary event | derived events | correlation_id | partition_key |
 * |---|---|---|---|---|
 * | receipts | `receipt_created` | `payment_processed` | ReceiptId | `store-<StoreID>` |
 * | receipt_lines | `receipt_line_added` | `promotion_applied` when PromoCode is set | ReceiptId | `store-<StoreID of its receipt>` |
 * | store_inventory_txn | `inventory_updated` | `online_order_picked` (Reason ONLINE_FULFILLMENT); `online_order_shipped` after an order's last such row of the day; `stockout_detected` when the row empties the store's shelf (with `StockPositions`) | TraceId | `store-<StoreID>` |
 * | dc_inventory_txn | `inventory_updated` | as store rows (ONLINE_FULFILLMENT) | TraceId | `dc-<DCID>` |
 * | truck_moves | by Status: `truck_scheduled`, `truck_loading`, `truck_departed` (IN_TRANSIT), `truck_arrived`, `truck_unloading`, `truck_completed` | `reorder_triggered` (SCHEDULED) | ShipmentId | `store-<StoreID>` |
 * | foot_traffic | `customer_entered` | — | null | `store-<StoreID>` |
 * | ble_pings | `ble_ping_detected` | `customer_zone_changed` when the device was last seen that day in another zone of the store | null | `store-<StoreID>` |
 * | marketing | `ad_impression` | — | CampaignId | `campaign-<CampaignId>` |
 * | online_orders | `online_order_created` | — | OrderId | `customer-<CustomerID>` |
 * | any other table | `row_recorded` (payload gains `"table"`) | — | null | null |
 *
 * Order of a day: by `EventTS`; at the same second `store_opened`, then the tables in `TIE_ORDER`,
 * then `store_closed`; rows of a table in the canonical order of its batch file; the events of a
 * row primary first, then its derived events in the order above.
 */
import { type Batch, Calendar, Ids, Table, Timestamp } from "@retail-datagen/core"
import { Ndjson } from "@retail-datagen/sinks"
import { type Event, type EventType, idPrefixOf } from "./Event.js"

/**
 * The store positions of a stream, to tell when a row empties a shelf: the supply chain's
 * starting positions (`initial`, the master data's snapshots) plus every `store_inventory_txn`
 * row so far, in stream order. The supply chain never lets a position go below zero, so a row
 * that takes a position from above zero to zero is a stock-out. Every day must go through it,
 * in order: mapped (`dayEvents`) or skipped (`skip`, e.g. before a checkpoint).
 */
export class StockPositions {
  private readonly positions = new Map<number, number>()
  constructor(private readonly initial: (storeId: number, productId: number) => number) {}
  /** Applies a row's `delta`; true when it took the position from above zero to zero or below. */
  apply(storeId: number, productId: number, delta: number): boolean {
    const key = storeId * 0x1000000 + productId
    let before = this.positions.get(key)
    if (before === undefined) before = Math.max(0, this.initial(storeId, productId))
    const after = before + delta
    this.positions.set(key, after)
    return before > 0 && after <= 0
  }
  /** Applies a day's rows without mapping them to events. */
  skip(batches: ReadonlyArray<Batch.Batch>): void {
    for (const batch of batches) {
      if (batch.table.name !== "store_inventory_txn") continue
      const store = nums(batch, "StoreID")
      const product = nums(batch, "ProductID")
      const delta = nums(batch, "QtyDelta")
      for (let i = 0; i < batch.length; i++) this.apply(store[i]!, product[i]!, delta[i]!)
    }
  }
}

/** Tables at the same second, in this order (other tables after them, by name). */
export const TIE_ORDER: ReadonlyArray<string> = [
  "receipts",
  "receipt_lines",
  "store_inventory_txn",
  "online_orders",
  "dc_inventory_txn",
  "truck_moves",
  "foot_traffic",
  "ble_pings",
  "marketing"
]

/** The primary event type of a table's rows (`row_recorded` for tables the stream does not know). */
export const primaryOf = (table: string, status?: string): EventType => {
  switch (table) {
    case "receipts":
      return "receipt_created"
    case "receipt_lines":
      return "receipt_line_added"
    case "store_inventory_txn":
    case "dc_inventory_txn":
      return "inventory_updated"
    case "truck_moves":
      return TRUCK[status ?? ""] ?? "row_recorded"
    case "foot_traffic":
      return "customer_entered"
    case "ble_pings":
      return "ble_ping_detected"
    case "marketing":
      return "ad_impression"
    case "online_orders":
      return "online_order_created"
    default:
      return "row_recorded"
  }
}

const TRUCK: Readonly<Record<string, EventType>> = {
  SCHEDULED: "truck_scheduled",
  LOADING: "truck_loading",
  IN_TRANSIT: "truck_departed",
  ARRIVED: "truck_arrived",
  UNLOADING: "truck_unloading",
  COMPLETED: "truck_completed"
}

/** Primary event types: the one event of each row that carries it (to rebuild tables from a stream). */
export const PRIMARY: ReadonlySet<EventType> = new Set<EventType>([
  "receipt_created",
  "receipt_line_added",
  "inventory_updated",
  "truck_scheduled",
  "truck_loading",
  "truck_departed",
  "truck_arrived",
  "truck_unloading",
  "truck_completed",
  "customer_entered",
  "ble_ping_detected",
  "ad_impression",
  "online_order_created",
  "row_recorded"
])

/** The opening window of one store on one day (as `Generator.days` gives it). */
export interface StoreHours {
  readonly store: number
  readonly open: number
  readonly close: number
  readonly closed: boolean
}

/** A source of events in the day's merge: a table's rows or the store openings/closings. */
interface Source {
  readonly rank: number
  readonly length: number
  readonly times: Float64Array
  /** Appends the events of item `i`. */
  readonly emit: (i: number, out: Builder) => void
}

/**
 * A mapped event. Its envelope line is built each time it is read (`json`, by a sink as it
 * sends), from parts the day shares (payload lines, ids, times), so the events of a day waiting
 * to be sent hold no text of their own: the line is garbage as soon as it is sent.
 */
class MappedEvent implements Event {
  constructor(
    readonly type: EventType,
    readonly day: Calendar.EpochDay,
    readonly sequence: number,
    readonly time: number,
    readonly partitionKey: string | null,
    private readonly idPrefix: string,
    private readonly dayText: string,
    private readonly ingest: string,
    private readonly trace: string,
    private readonly correlation: string | null,
    private readonly payload: string
  ) {}
  get id(): string {
    return this.idPrefix + `${this.sequence}`.padStart(9, "0")
  }
  get json(): string {
    const c = this.correlation
    const p = this.partitionKey
    return (
      `{"event_id":"${this.id}","event_type":"${this.type}","offset":{"day":"${this.dayText}","sequence":${this.sequence}},` +
      `"trace_id":"${this.trace}","ingest_timestamp":"${this.ingest}","schema_version":"1.0","source":"retail-datagen",` +
      `"correlation_id":${c === null ? "null" : JSON.stringify(c)},` +
      `"partition_key":${p === null ? "null" : JSON.stringify(p)},"payload":${this.payload}}`
    )
  }
  /** The fields of `Event` (as a plain event object would serialize). */
  toJSON(): Event {
    const { id, type, day, sequence, time, partitionKey, json } = this
    return { id, type, day, sequence, time, partitionKey, json }
  }
}

/** Collects the day's events in order, numbering them. */
class Builder {
  readonly events: Array<Event> = []
  private readonly dayText: string
  private readonly idPrefix: string
  private lastTime = Number.NEGATIVE_INFINITY
  private lastIngest = ""
  constructor(readonly day: Calendar.EpochDay) {
    this.dayText = Calendar.format(day)
    this.idPrefix = idPrefixOf(day)
  }
  push(
    type: EventType,
    time: number,
    trace: string,
    correlation: string | null,
    partition: string | null,
    payload: string
  ): void {
    // events come in time order: consecutive ones often share their second
    if (time !== this.lastTime) {
      this.lastTime = time
      this.lastIngest = Number.isNaN(time)
        ? `${this.dayText}T00:00:00`
        : Timestamp.format(time).replace(" ", "T")
    }
    this.events.push(
      new MappedEvent(
        type,
        this.day,
        this.events.length,
        time,
        partition,
        this.idPrefix,
        this.dayText,
        this.lastIngest,
        trace,
        correlation,
        payload
      )
    )
  }
}

const col = (batch: Batch.Batch, name: string): number => {
  const i = batch.table.columns.findIndex((c) => c.name === name)
  return i
}

const nums = (batch: Batch.Batch, name: string): Float64Array => {
  const i = col(batch, name)
  return i < 0 ? new Float64Array(batch.length).fill(Number.NaN) : (batch.columns[i] as Float64Array)
}

const idText = (batch: Batch.Batch, name: string): ((row: number) => string | null) => {
  const i = col(batch, name)
  if (i < 0) return () => null
  const type = batch.table.columns[i]!.type
  const data = batch.columns[i]!
  if (type.kind === "id") {
    const values = data as Float64Array
    return (row) => (Number.isNaN(values[row]!) ? null : Ids.format(type.prefix, values[row]!, type.width))
  }
  return (row) => {
    const v = Batch_text(batch, row, i)
    return v === "" ? null : v
  }
}

const Batch_text = (batch: Batch.Batch, row: number, column: number): string => {
  const type = batch.table.columns[column]!.type
  const data = batch.columns[column]!
  switch (type.kind) {
    case "string":
      return (data as ReadonlyArray<string>)[row]!
    case "enum": {
      const c = (data as Uint16Array)[row]!
      return c === Table.NULL_CODE ? "" : type.values[c]!
    }
    default: {
      const v = (data as Float64Array)[row]!
      return Number.isNaN(v) ? "" : `${v}`
    }
  }
}

const enumText = (batch: Batch.Batch, name: string): ((row: number) => string) => {
  const i = col(batch, name)
  if (i < 0) return () => ""
  return (row) => Batch_text(batch, row, i)
}

/** The NDJSON lines of a batch (one per row, no LF). */
const payloadLines = (batch: Batch.Batch): Array<string> => {
  if (batch.length === 0) return []
  const text = Ndjson.encode(batch.table, [batch]).toString("utf8")
  const lines = text.split("\n")
  lines.pop()
  return lines
}

/** Partition keys `<prefix>-<id>`, made once per id. */
const KEYS = new Map<string, Array<string>>()
const keyed = (prefix: string, v: number): string | null => {
  if (Number.isNaN(v)) return null
  if (!(Number.isSafeInteger(v) && v >= 0 && v < 1 << 20)) return `${prefix}-${v}`
  let cache = KEYS.get(prefix)
  if (cache === undefined) KEYS.set(prefix, (cache = []))
  return (cache[v] ??= `${prefix}-${v}`)
}

/** The merge source of one table's rows. */
const tableSource = (
  batch: Batch.Batch,
  rank: number,
  day: DayState,
  stock: StockPositions | undefined
): Source => {
  const name = batch.table.name
  const payload = payloadLines(batch)
  const times = nums(batch, "EventTS")
  const trace = idText(batch, "TraceId")
  const traceOf = (row: number) => trace(row) ?? "TRC0"
  const storeId = nums(batch, "StoreID")
  let emit: Source["emit"]
  switch (name) {
    case "receipts": {
      const receipt = idText(batch, "ReceiptId")
      emit = (i, out) => {
        const t = traceOf(i)
        const p = keyed("store", storeId[i]!)
        const r = receipt(i)
        out.push("receipt_created", times[i]!, t, r, p, payload[i]!)
        out.push("payment_processed", times[i]!, t, r, p, payload[i]!)
      }
      break
    }
    case "receipt_lines": {
      const receipt = idText(batch, "ReceiptId")
      const promo = col(batch, "PromoCode")
      const promos = promo < 0 ? undefined : (batch.columns[promo] as ReadonlyArray<string>)
      emit = (i, out) => {
        const t = traceOf(i)
        const p = day.receiptStore.get(t) ?? null
        const r = receipt(i)
        out.push("receipt_line_added", times[i]!, t, r, p, payload[i]!)
        if (promos !== undefined && promos[i] !== "") {
          out.push("promotion_applied", times[i]!, t, r, p, payload[i]!)
        }
      }
      break
    }
    case "store_inventory_txn":
    case "dc_inventory_txn": {
      const reason = enumText(batch, "Reason")
      const node = name === "store_inventory_txn" ? storeId : nums(batch, "DCID")
      const prefix = name === "store_inventory_txn" ? "store" : "dc"
      const positions = name === "store_inventory_txn" ? stock : undefined
      const product = nums(batch, "ProductID")
      const delta = nums(batch, "QtyDelta")
      emit = (i, out) => {
        const t = traceOf(i)
        const p = keyed(prefix, node[i]!)
        out.push("inventory_updated", times[i]!, t, t, p, payload[i]!)
        if (reason(i) === "ONLINE_FULFILLMENT") {
          out.push("online_order_picked", times[i]!, t, t, p, payload[i]!)
          if (day.lastPick.get(t) === `${rank}:${i}`) {
            out.push("online_order_shipped", times[i]!, t, t, p, payload[i]!)
          }
        }
        if (positions?.apply(node[i]!, product[i]!, delta[i]!)) {
          out.push("stockout_detected", times[i]!, t, t, p, payload[i]!)
        }
      }
      break
    }
    case "truck_moves": {
      const status = enumText(batch, "Status")
      const shipment = idText(batch, "ShipmentId")
      emit = (i, out) => {
        const t = traceOf(i)
        const p = keyed("store", storeId[i]!)
        const s = status(i)
        out.push(primaryOf(name, s), times[i]!, t, shipment(i), p, payload[i]!)
        if (s === "SCHEDULED") out.push("reorder_triggered", times[i]!, t, shipment(i), p, payload[i]!)
      }
      break
    }
    case "ble_pings": {
      const device = idText(batch, "CustomerBLEId")
      const deviceCol = col(batch, "CustomerBLEId")
      const deviceNums =
        deviceCol >= 0 && batch.table.columns[deviceCol]!.type.kind === "id"
          ? (batch.columns[deviceCol] as Float64Array)
          : undefined
      const zone = enumText(batch, "Zone")
      const seen = new Map<string | number, string>()
      emit = (i, out) => {
        const t = traceOf(i)
        const p = keyed("store", storeId[i]!)
        out.push("ble_ping_detected", times[i]!, t, null, p, payload[i]!)
        // numeric ids key without formatting them
        const key =
          deviceNums !== undefined &&
          storeId[i]! >= 0 &&
          storeId[i]! < 4096 &&
          Number.isSafeInteger(deviceNums[i]! * 4096 + storeId[i]!)
            ? deviceNums[i]! * 4096 + storeId[i]!
            : `${storeId[i]}|${device(i)}`
        const z = zone(i)
        const before = seen.get(key)
        seen.set(key, z)
        if (before !== undefined && before !== z) {
          out.push("customer_zone_changed", times[i]!, t, null, p, payload[i]!)
        }
      }
      break
    }
    case "marketing": {
      const campaign = idText(batch, "CampaignId")
      emit = (i, out) => {
        const c = campaign(i)
        out.push("ad_impression", times[i]!, traceOf(i), c, c === null ? null : `campaign-${c}`, payload[i]!)
      }
      break
    }
    case "online_orders": {
      const order = idText(batch, "OrderId")
      const customer = nums(batch, "CustomerID")
      emit = (i, out) => {
        out.push(
          "online_order_created",
          times[i]!,
          traceOf(i),
          order(i),
          keyed("customer", customer[i]!),
          payload[i]!
        )
      }
      break
    }
    case "foot_traffic":
      emit = (i, out) => {
        out.push("customer_entered", times[i]!, traceOf(i), null, keyed("store", storeId[i]!), payload[i]!)
      }
      break
    default: {
      const prefix = `{"table":${JSON.stringify(name)},`
      emit = (i, out) => {
        const line = payload[i]!
        const body = line === "{}" ? `{"table":${JSON.stringify(name)}}` : prefix + line.slice(1)
        out.push("row_recorded", times[i]!, traceOf(i), null, null, body)
      }
    }
  }
  return { rank, length: batch.length, times, emit }
}

/** Lookups over the whole day that some tables' events need. */
interface DayState {
  /** TraceId of a receipt → its partition key. */
  readonly receiptStore: Map<string, string>
  /** TraceId of an online order → `rank:row` of its last ONLINE_FULFILLMENT inventory row of the day. */
  readonly lastPick: Map<string, string>
}

const dayState = (ranked: ReadonlyArray<{ batch: Batch.Batch; rank: number }>): DayState => {
  const receiptStore = new Map<string, string>()
  const lastPick = new Map<string, string>()
  const pickTime = new Map<string, number>()
  for (const { batch, rank } of ranked) {
    const name = batch.table.name
    if (name === "receipts") {
      const trace = idText(batch, "TraceId")
      const store = nums(batch, "StoreID")
      for (let i = 0; i < batch.length; i++) {
        const t = trace(i)
        if (t !== null && !Number.isNaN(store[i]!)) receiptStore.set(t, `store-${store[i]}`)
      }
    } else if (name === "store_inventory_txn" || name === "dc_inventory_txn") {
      const trace = idText(batch, "TraceId")
      const reason = enumText(batch, "Reason")
      const times = nums(batch, "EventTS")
      for (let i = 0; i < batch.length; i++) {
        if (reason(i) !== "ONLINE_FULFILLMENT") continue
        const t = trace(i)
        if (t === null) continue
        // the last in stream order: later time, or the same time in a later-ranked table or row
        const before = pickTime.get(t)
        if (before === undefined || times[i]! >= before) {
          pickTime.set(t, times[i]!)
          lastPick.set(t, `${rank}:${i}`)
        }
      }
    }
  }
  return { receiptStore, lastPick }
}

/** Rank of a table at equal seconds (see `TIE_ORDER`); store openings come first, closings last. */
const rankOf = (names: ReadonlyArray<string>): Map<string, number> => {
  const known = TIE_ORDER.filter((n) => names.includes(n))
  const others = names.filter((n) => !TIE_ORDER.includes(n)).sort()
  return new Map([...known, ...others].map((n, i) => [n, i + 1]))
}

const storeSource = (
  day: Calendar.EpochDay,
  hours: ReadonlyArray<StoreHours>,
  kind: "store_opened" | "store_closed",
  rank: number
): Source => {
  const base = day * Timestamp.SECONDS_PER_DAY
  const ymd = Calendar.compact(day)
  // Stores open around the clock have neither event; a close at midnight is stamped 23:59:59.
  const list = hours
    .filter((h) => !h.closed && !(h.open === 0 && h.close >= Timestamp.SECONDS_PER_DAY))
    .map((h) => ({
      h,
      time: base + (kind === "store_opened" ? h.open : Math.min(h.close, Timestamp.SECONDS_PER_DAY - 1))
    }))
    .filter((x) => kind === "store_closed" || x.h.open > 0)
    .sort((a, b) => a.time - b.time || a.h.store - b.h.store)
  const times = Float64Array.from(list, (x) => x.time)
  const code = kind === "store_opened" ? "O" : "C"
  return {
    rank,
    length: list.length,
    times,
    emit: (i, out) => {
      const { h, time } = list[i]!
      const payload =
        `{"StoreID":${h.store},"EventTS":"${Timestamp.format(time)}",` +
        `"OpensAt":"${Timestamp.clock(h.open)}","ClosesAt":"${Timestamp.clock(Math.min(h.close, Timestamp.SECONDS_PER_DAY - 1))}"}`
      out.push(kind, time, `TRCS${ymd}${h.store}${code}`, null, `store-${h.store}`, payload)
    }
  }
}

/**
 * The events of a day, in stream order and numbered from 0: every row of `batches` (one batch
 * per table, rows in the canonical order) and the store openings and closings of `hours`; with
 * `stock` (which this day's rows advance), the stock-outs too.
 */
export const dayEvents = (
  day: Calendar.EpochDay,
  batches: ReadonlyArray<Batch.Batch>,
  hours: ReadonlyArray<StoreHours> = [],
  stock?: StockPositions
): Array<Event> => {
  const ranks = rankOf(batches.map((b) => b.table.name))
  const ranked = batches.map((batch) => ({ batch, rank: ranks.get(batch.table.name)! }))
  const state = dayState(ranked)
  const sources: Array<Source> = [
    storeSource(day, hours, "store_opened", 0),
    ...ranked.map(({ batch, rank }) => tableSource(batch, rank, state, stock)),
    storeSource(day, hours, "store_closed", ranks.size + 1)
  ].filter((s) => s.length > 0)
  sources.sort((a, b) => a.rank - b.rank)
  const out = new Builder(day)
  const pos = new Array<number>(sources.length).fill(0)
  // k-way merge by time; ties go to the lower rank (sources are in rank order; NaN times last)
  for (;;) {
    let best = -1
    let bestTime = Number.POSITIVE_INFINITY
    for (let s = 0; s < sources.length; s++) {
      const src = sources[s]!
      const i = pos[s]!
      if (i >= src.length) continue
      const t = src.times[i]!
      const key = Number.isNaN(t) ? Number.MAX_VALUE : t
      if (best < 0 || key < bestTime) {
        best = s
        bestTime = key
      }
    }
    if (best < 0) break
    sources[best]!.emit(pos[best]!, out)
    pos[best]!++
  }
  return out.events
}

/** What `mapper` needs of a stream's plan (`Generator.days`). */
export interface Plan {
  readonly storeHours: (day: Calendar.EpochDay) => ReadonlyArray<StoreHours>
  /** The starting store positions; `undefined`: no stock-out events. */
  readonly storeStock?: ((storeId: number, productId: number) => number) | undefined
}

/** The days of a stream mapped in order, with the state that runs across days (store positions). */
export interface Mapper {
  /** The events of the next day. */
  readonly day: (d: {
    readonly day: Calendar.EpochDay
    readonly batches: ReadonlyArray<Batch.Batch>
  }) => Array<Event>
  /** Passes over a day that is not sent (before a checkpoint), keeping the state right. */
  readonly skip: (d: { readonly batches: ReadonlyArray<Batch.Batch> }) => void
}

/** Maps the days of `plan`, in order and without gaps, to events. */
export const mapper = (plan: Plan): Mapper => {
  const stock = plan.storeStock === undefined ? undefined : new StockPositions(plan.storeStock)
  return {
    day: (d) => dayEvents(d.day, d.batches, plan.storeHours(d.day), stock),
    skip: (d) => stock?.skip(d.batches)
  }
}
