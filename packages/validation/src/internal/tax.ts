/** The receipt tax rule shared by check I3 and `Rules`. */
import { Money } from "@retail-datagen/core"

/**
 * Tax of a receipt: per rate class, the class's rate (bps) applied once, half-up, to the sum of
 * the ExtPrice of the receipt's lines in that class — full rate (`taxable`) plus reduced rate
 * (`reduced`); exempt lines pay nothing.
 */
export const receiptTax = (
  fullBase: number,
  fullBps: number,
  reducedBase: number,
  reducedBps: number
): number =>
  (fullBase === 0 ? 0 : Money.applyBps(fullBase, fullBps)) +
  (reducedBase === 0 ? 0 : Money.applyBps(reducedBase, reducedBps))
