/**
 * Events of the live stream: the envelope of DATA-CONTRACT §7 plus a stable `event_id` and an
 * `offset` (`day`, `sequence`). An `Event` carries its envelope already encoded as one JSON line
 * (`json`, no LF) — what every sink sends — and the few fields sinks and pacing need.
 *
 * ```json
 * {"event_id":"EVT20240102-000000017","event_type":"receipt_created",
 *  "offset":{"day":"2024-01-02","sequence":17},"trace_id":"TRC119724000500000",
 *  "ingest_timestamp":"2024-01-02T07:02:13","schema_version":"1.0","source":"retail-datagen",
 *  "correlation_id":"RCP19724000500000","partition_key":"store-5",
 *  "payload":{"TraceId":"TRC119724000500000","EventTS":"2024-01-02 07:02:13",…}}
 * ```
 *
 * `event_id` is `EVT` + the day (`YYYYMMDD`) + `-` + the sequence on 9 digits: the same event has
 * the same id in every run of the same configuration. `ingest_timestamp` is the simulated time
 * of the event (local wall-clock, no offset, as `EventTS`), so a stream's bytes are deterministic.
 *
 * @example
 * import { Event } from "@retail-datagen/stream"
 * const envelope = Event.decode(line) // Effect<Envelope, ParseError>
 */
import { type Calendar, Timestamp } from "@retail-datagen/core"
import { Schema } from "effect"

/** Every event type the stream emits. */
export const TYPES = [
  "receipt_created",
  "payment_processed",
  "receipt_line_added",
  "promotion_applied",
  "inventory_updated",
  "stockout_detected",
  "reorder_triggered",
  "truck_scheduled",
  "truck_loading",
  "truck_departed",
  "truck_arrived",
  "truck_unloading",
  "truck_completed",
  "customer_entered",
  "ble_ping_detected",
  "customer_zone_changed",
  "ad_impression",
  "online_order_created",
  "online_order_picked",
  "online_order_shipped",
  "store_opened",
  "store_closed",
  "row_recorded"
] as const

export type EventType = (typeof TYPES)[number]

/** The position of an event: its simulated day and its 0-based place among that day's events. */
export const Offset = Schema.Struct({
  day: Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}$/)),
  sequence: Schema.Int.pipe(Schema.nonNegative())
})
export interface Offset extends Schema.Schema.Type<typeof Offset> {}

/** The envelope as it is sent (DATA-CONTRACT §7 + `event_id`, `offset`). */
export const Envelope = Schema.Struct({
  event_id: Schema.String.pipe(Schema.pattern(/^EVT\d{8}-\d{9}$/)),
  event_type: Schema.Literal(...TYPES),
  offset: Offset,
  trace_id: Schema.String.pipe(Schema.pattern(/^TRC[0-9A-Z]+$/)),
  ingest_timestamp: Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)),
  schema_version: Schema.Literal("1.0"),
  source: Schema.Literal("retail-datagen"),
  correlation_id: Schema.NullOr(Schema.String),
  partition_key: Schema.NullOr(Schema.String),
  payload: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export interface Envelope extends Schema.Schema.Type<typeof Envelope> {}

/** Decodes one envelope line (JSON text). */
export const decode = Schema.decode(Schema.parseJson(Envelope))

/** Decodes one envelope line synchronously; throws a `ParseError`. */
export const decodeSync = Schema.decodeSync(Schema.parseJson(Envelope))

/** One event: its identity, position, simulated time, and the envelope line. */
export interface Event {
  /** `event_id`. */
  readonly id: string
  readonly type: EventType
  /** `offset.day` as an epoch day. */
  readonly day: Calendar.EpochDay
  /** `offset.sequence`. */
  readonly sequence: number
  /** Simulated time (`Timestamp` seconds) of the event. */
  readonly time: number
  readonly partitionKey: string | null
  /** The envelope, one JSON line without LF (mapped events build it when it is read). */
  readonly json: string
}

/** The `event_id` of (day, sequence). */
export const idOf = (day: Calendar.EpochDay, sequence: number): string =>
  idPrefixOf(day) + `${sequence}`.padStart(9, "0")

/** The part of the `event_id`s of `day` before the sequence (`EVTYYYYMMDD-`). */
export const idPrefixOf = (day: Calendar.EpochDay): string => {
  if (day !== lastDay) {
    lastDay = day
    lastPrefix = `EVT${Timestamp.format(day * Timestamp.SECONDS_PER_DAY)
      .slice(0, 10)
      .replaceAll("-", "")}-`
  }
  return lastPrefix
}

let lastDay = Number.NaN
let lastPrefix = ""

/** Offsets in stream order: negative when `a` comes before `b`. */
export const compare = (
  a: { readonly day: Calendar.EpochDay; readonly sequence: number },
  b: { readonly day: Calendar.EpochDay; readonly sequence: number }
): number => (a.day !== b.day ? a.day - b.day : a.sequence - b.sequence)
