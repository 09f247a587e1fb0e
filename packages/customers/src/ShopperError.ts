/**
 * Errors of the shopper plugins, as data.
 *
 * @example
 * import { ShopperError } from "@retail-datagen/customers"
 * try { Shoppers.plugins({ customersPerDay: -1, itemsPerTicketMean: 4.2, onlineOrdersPerDay: 0 }) }
 * catch (e) { if (e instanceof ShopperError.InvalidOptions) console.error(e.message) }
 */
import { Schema } from "effect"

/** A shopper option is out of range. */
export class InvalidOptions extends Schema.TaggedError<InvalidOptions>()("InvalidOptions", {
  /** The option (`customersPerDay`, `itemsPerTicketMean`, …). */
  field: Schema.String,
  /** What it must be. */
  expected: Schema.String,
  /** The value given, as text. */
  actual: Schema.String
}) {
  override get message(): string {
    return `shopper option ${this.field} must be ${this.expected}, got ${this.actual}`
  }
}

/**
 * More events than an id layout allows for one (kind, day, entity): ReceiptId/TraceId carry a
 * 5-digit sequence per store-day (online: per region-day), so at most 99,999 + 1 events.
 */
export class VolumeLimitExceeded extends Schema.TaggedError<VolumeLimitExceeded>()("VolumeLimitExceeded", {
  /** `receipts` or `online_orders`. */
  table: Schema.String,
  /** `store 12` or `region 3`. */
  entity: Schema.String,
  /** `YYYY-MM-DD`. */
  date: Schema.String,
  count: Schema.Number,
  limit: Schema.Number
}) {
  override get message(): string {
    return `${this.table}: ${this.entity} on ${this.date} has ${this.count} events, more than the id layout's ${this.limit} per day; lower the volume or add stores/DCs`
  }
}

/** An entity id does not fit its field of the id layout (StoreID in ReceiptId/TraceId: 4 digits). */
export class IdLayoutExceeded extends Schema.TaggedError<IdLayoutExceeded>()("IdLayoutExceeded", {
  /** `StoreID` or `DCID`. */
  field: Schema.String,
  count: Schema.Number,
  limit: Schema.Number
}) {
  override get message(): string {
    return `the id layout gives ${this.field} 4 digits (at most ${this.limit}); this chain has ${this.count}`
  }
}
