/**
 * Errors of the supply chain, as data (`Schema.TaggedError`). They are thrown from plugin steps,
 * where the engine turns them into a `PluginFailed` carrying this message.
 *
 * @example
 * import { StockError } from "@retail-datagen/supply-chain"
 * new StockError.NotOwned({ node: "store", nodeId: 7, region: 1, shard: "0/2" }).message
 * // "store 7 belongs to region 1, which shard 0/2 does not generate"
 */
import { Calendar } from "@retail-datagen/core"
import { Schema } from "effect"

/**
 * The units a shopper plugin wrote for a (node, product) on a day differ from what the stock
 * service granted it: the rows would not replay to the stock the model holds.
 */
export class LedgerMismatch extends Schema.TaggedError<LedgerMismatch>()("LedgerMismatch", {
  node: Schema.Literal("store", "dc"),
  nodeId: Schema.Number,
  productId: Schema.Number,
  day: Schema.Number,
  granted: Schema.Number,
  written: Schema.Number
}) {
  override get message(): string {
    return `${this.node} ${this.nodeId} product ${this.productId} on ${Calendar.format(this.day)}: the stock service granted ${this.granted} units but the day's receipt/online lines carry ${this.written}`
  }
}

/**
 * The units match but the rows of a (node, product) carry other EventTS than the takes: a shopper
 * plugin must take stock at the EventTS it writes (the receipt's or the order's).
 */
export class LedgerTimeMismatch extends Schema.TaggedError<LedgerTimeMismatch>()("LedgerTimeMismatch", {
  node: Schema.Literal("store", "dc"),
  nodeId: Schema.Number,
  productId: Schema.Number,
  day: Schema.Number
}) {
  override get message(): string {
    return `${this.node} ${this.nodeId} product ${this.productId} on ${Calendar.format(this.day)}: the day's receipt/online lines carry other EventTS than the stock service's takes (take stock at the EventTS you write)`
  }
}

/** Stock was asked of, or a row written for, a store or DC whose region this shard does not generate. */
export class NotOwned extends Schema.TaggedError<NotOwned>()("NotOwned", {
  node: Schema.Literal("store", "dc"),
  nodeId: Schema.Number,
  region: Schema.Number,
  shard: Schema.String
}) {
  override get message(): string {
    return this.region < 0
      ? `${this.node} ${this.nodeId} does not exist in the master data`
      : `${this.node} ${this.nodeId} belongs to region ${this.region}, which shard ${this.shard} does not generate`
  }
}

/** A receipt line whose ReceiptId has no receipt in the same day's batch. */
export class OrphanLine extends Schema.TaggedError<OrphanLine>()("OrphanLine", {
  receiptId: Schema.Number,
  day: Schema.Number
}) {
  override get message(): string {
    return `receipt line of ReceiptId ${this.receiptId} on ${Calendar.format(this.day)} has no receipt that day`
  }
}

/** A saved state that cannot be restored (another master, another shard, or corrupted). */
export class InvalidState extends Schema.TaggedError<InvalidState>()("InvalidState", {
  reason: Schema.String
}) {
  override get message(): string {
    return `supply-chain state cannot be restored: ${this.reason}`
  }
}
