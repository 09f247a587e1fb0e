/**
 * Advertising channels and devices: what an impression costs on each channel and device, how
 * each channel's audience splits over devices, how much volume a channel gets by default and
 * how often its impressions can be tied to a known customer.
 *
 * **Cost is a CPM.** An impression costs a fraction of a cent, which a two-decimal money
 * column cannot hold. The `Cost` of a marketing row is therefore the price of that impression
 * expressed per 1,000 impressions (CPM, US dollars, two decimals) — the unit ad platforms and
 * the OpenRTB protocol use for the clearing price of a single impression. It is integer cents
 * like every amount of the project: `Cost 8.45` means the impression cost $0.00845; the spend
 * of a set of rows is `Σ Cost / 1000`.
 *
 * @example
 * import { Channels } from "@retail-datagen/marketing"
 * const search = Channels.indexOf("SEARCH")
 * Channels.costRange(search, Channels.DESKTOP) // [2400, 12000]: $24.00–$120.00 CPM on desktop
 */
import { Money, type Rng } from "@retail-datagen/core"

/** Contract channel values, in code order (`marketing.Channel`). */
export const CHANNELS = ["FACEBOOK", "INSTAGRAM", "GOOGLE", "YOUTUBE", "EMAIL", "DISPLAY", "SEARCH"] as const

/** A channel name. */
export type Channel = (typeof CHANNELS)[number]

/** Number of channels. */
export const COUNT = CHANNELS.length

export const FACEBOOK = 0
export const INSTAGRAM = 1
export const GOOGLE = 2
export const YOUTUBE = 3
export const EMAIL = 4
export const DISPLAY = 5
export const SEARCH = 6

/** Contract device values, in code order (`marketing.Device`). */
export const DEVICES = ["MOBILE", "DESKTOP", "TABLET"] as const

/** A device name. */
export type Device = (typeof DEVICES)[number]

export const MOBILE = 0
export const DESKTOP = 1
export const TABLET = 2

/**
 * Lowest CPM of each channel in cents (per 1,000 impressions), on the reference device
 * (multiplier 1): FACEBOOK $6, INSTAGRAM $7, GOOGLE $3, YOUTUBE $5, EMAIL $0.50, DISPLAY $1.50,
 * SEARCH $20.
 */
export const CPM_LOW: ReadonlyArray<number> = [600, 700, 300, 500, 50, 150, 2000]

/**
 * Highest CPM of each channel in cents: FACEBOOK $16, INSTAGRAM $18, GOOGLE $9, YOUTUBE $14,
 * EMAIL $2, DISPLAY $5, SEARCH $100.
 */
export const CPM_HIGH: ReadonlyArray<number> = [1600, 1800, 900, 1400, 200, 500, 10000]

/** Cost multiplier of each device in basis points: mobile 0.9, desktop 1.2, tablet 1.0. */
export const DEVICE_COST_BPS: ReadonlyArray<number> = [9000, 12000, 10000]

/**
 * Device split of each channel's impressions (mobile, desktop, tablet). Social and video lean
 * to mobile, display and search to desktop; over the default channel volumes the mix is about
 * 60 / 30 / 10.
 */
export const DEVICE_MIX: ReadonlyArray<readonly [number, number, number]> = [
  [0.66, 0.24, 0.1], // FACEBOOK
  [0.72, 0.18, 0.1], // INSTAGRAM
  [0.56, 0.34, 0.1], // GOOGLE
  [0.6, 0.27, 0.13], // YOUTUBE
  [0.55, 0.34, 0.11], // EMAIL
  [0.52, 0.39, 0.09], // DISPLAY
  [0.56, 0.36, 0.08] // SEARCH
]

/** The overall device mix the channel mixes are built around (mobile, desktop, tablet). */
export const TARGET_DEVICE_MIX: readonly [number, number, number] = [0.6, 0.3, 0.1]

/**
 * Default share of a campaign's impressions per channel (before the campaign type's emphasis
 * and jitter): FACEBOOK 22, INSTAGRAM 16, GOOGLE 14, YOUTUBE 10, EMAIL 10, DISPLAY 16, SEARCH 12.
 */
export const BASE_WEIGHT: ReadonlyArray<number> = [22, 16, 14, 10, 10, 16, 12]

/**
 * Share of a channel's impressions that the retailer can tie to a known customer (a logged-in
 * or matched audience): EMAIL 100 % (sent to subscribers), FACEBOOK 40 %, INSTAGRAM 35 %,
 * GOOGLE 25 %, YOUTUBE 20 %, DISPLAY 12 %, SEARCH 20 %. The rest are anonymous devices.
 */
export const RESOLVED_SHARE: ReadonlyArray<number> = [0.4, 0.35, 0.25, 0.2, 1, 0.12, 0.2]

/** Index of a channel name, or −1. */
export const indexOf = (name: string): number => (CHANNELS as ReadonlyArray<string>).indexOf(name)

/** Index of a device name, or −1. */
export const deviceIndexOf = (name: string): number => (DEVICES as ReadonlyArray<string>).indexOf(name)

/**
 * The `[lowest, highest]` CPM in cents of an impression on `channel` and `device`: the
 * channel's range times the device multiplier, rounded half-up (what every row's `Cost` lies in).
 */
export const costRange = (channel: number, device: number): readonly [number, number] => [
  Money.applyBps(CPM_LOW[channel]!, DEVICE_COST_BPS[device]!),
  Money.applyBps(CPM_HIGH[channel]!, DEVICE_COST_BPS[device]!)
]

/**
 * The CPM in cents of one impression: a point of the channel's range times the device
 * multiplier (half-up). `heat` ≥ 0 is the auction pressure of the day (1 = an ordinary day):
 * the point is `u^(1/heat)` of the way up the range (`u` uniform), so busy days clear higher
 * in the range without ever leaving it.
 */
export const drawCost = (rng: Rng.Stream, channel: number, device: number, heat: number): number => {
  const lo = CPM_LOW[channel]!
  const span = CPM_HIGH[channel]! - lo
  const u = rng.float()
  const at = heat === 1 ? u : u ** (1 / heat)
  const raw = lo + Math.min(span, Math.floor(at * (span + 1)))
  return Money.applyBps(raw, DEVICE_COST_BPS[device]!)
}

/** A device drawn from the channel's mix (one uniform draw). */
export const drawDevice = (rng: Rng.Stream, channel: number): number => {
  const mix = DEVICE_MIX[channel]!
  const u = rng.float()
  return u < mix[0] ? MOBILE : u < mix[0] + mix[1] ? DESKTOP : TABLET
}
