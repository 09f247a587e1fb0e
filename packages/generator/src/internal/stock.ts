/**
 * Lost-sales bookkeeping of a run: wraps the supply chain's `stock` plugin so its last saved state
 * (every day's end) can be read back, and sums the per-day counters of several workers.
 */
import type { Calendar } from "@retail-datagen/core"
import { Stock } from "@retail-datagen/supply-chain"
import type { AnyPlugin } from "../Plugins.js"
import { STOCK } from "../Plugins.js"

/** Units asked of the stock and not granted, per day (one worker's or a whole run's). */
export interface Counts {
  readonly days: ReadonlyArray<Calendar.EpochDay>
  readonly requested: ReadonlyArray<number>
  readonly lost: ReadonlyArray<number>
}

/** Lost sales of the days `first … last`, summed over the counters of every worker. */
export interface Lost {
  readonly requestedUnits: number
  readonly lostUnits: number
  readonly share: number
}

/** The counters of saved `stock` state, `undefined` when it is not one. */
const countsOf = (saved: unknown): Counts | undefined => {
  try {
    const c = Stock.lostSales(saved)
    return { days: c.days, requested: c.requested, lost: c.lost }
  } catch {
    return undefined
  }
}

/**
 * Wraps the `stock` plugin of `plugins` (other plugins pass through); `counts()` reads the
 * counters of its last saved state, `undefined` when it never saved or is of another kind.
 */
export const trackStock = (plugins: ReadonlyArray<AnyPlugin>) => {
  let saved: unknown
  let seen = false
  const wrapped = plugins.map((p): AnyPlugin => {
    const save = p.save
    if (p.name !== STOCK || save === undefined) return p
    return {
      ...p,
      save: (state) => {
        const out = save(state)
        saved = out
        seen = true
        return out
      }
    }
  })
  // `undefined` for a `stock` plugin of another kind
  const counts = (): Counts | undefined => (seen ? countsOf(saved) : undefined)
  return { plugins: wrapped, counts }
}

/** Whether `u` (a worker's report) has the shape of `Counts`. */
export const isCounts = (u: unknown): u is Counts => {
  const c = u as Partial<Counts> | null | undefined
  return (
    typeof c === "object" &&
    c !== null &&
    Array.isArray(c.days) &&
    Array.isArray(c.requested) &&
    Array.isArray(c.lost)
  )
}

/** Sums the counters of the days `first … last` over `parts`; `undefined` when there are none. */
export const lostOf = (
  parts: ReadonlyArray<Counts | undefined>,
  first: Calendar.EpochDay,
  last: Calendar.EpochDay
): Lost | undefined => {
  let any = false
  let requested = 0
  let lost = 0
  for (const c of parts) {
    if (c === undefined) continue
    any = true
    for (let i = 0; i < c.days.length; i++) {
      const day = c.days[i]!
      if (day < first || day > last) continue
      requested += c.requested[i]!
      lost += c.lost[i]!
    }
  }
  if (!any) return undefined
  return { requestedUnits: requested, lostUnits: lost, share: requested > 0 ? lost / requested : 0 }
}
