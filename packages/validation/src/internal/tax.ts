/** The receipt tax rule shared by check I3 and `Rules`. */
import { Money } from "@retail-datagen/core"

/**
 * Tax of a receipt: the store's rate (bps) applied once, half-up, to the sum of the ExtPrice of
 * its taxable lines.
 */
export const receiptTax = (taxableBase: number, rateBps: number): number =>
  Money.applyBps(taxableBase, rateBps)
