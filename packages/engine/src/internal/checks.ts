/**
 * Checks of run options shared by `Run` and `Workers`: the seed, the day range, the shard and the
 * resume day, each failing with an `InvalidRunOptions` that names the field.
 */
import type { Calendar, Plugin } from "@retail-datagen/core"
import { InvalidRunOptions } from "../EngineError.js"

/** The first problem of the options, or `undefined`. */
export const runProblem = (options: {
  readonly seed: number
  readonly start: Calendar.EpochDay
  readonly end: Calendar.EpochDay
  readonly shard: Plugin.Shard
  readonly afterDay?: Calendar.EpochDay | undefined
  readonly checkpointEvery?: number | undefined
}): InvalidRunOptions | undefined => {
  const { seed, start, end, shard, afterDay, checkpointEvery } = options
  const bad = (field: string, reason: string) => new InvalidRunOptions({ field, reason })
  if (!Number.isSafeInteger(seed)) return bad("seed", `must be an integer, got ${seed}`)
  if (!Number.isSafeInteger(start)) return bad("start", `must be an integer epoch day, got ${start}`)
  if (!Number.isSafeInteger(end)) return bad("end", `must be an integer epoch day, got ${end}`)
  if (end < start) return bad("end", `${end} is before start ${start}`)
  if (!Number.isSafeInteger(shard.count) || shard.count < 1) {
    return bad("shard.count", `must be an integer ≥ 1, got ${shard.count}`)
  }
  if (!Number.isSafeInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    return bad("shard.index", `must be an integer in 0…${shard.count - 1}, got ${shard.index}`)
  }
  if (checkpointEvery !== undefined && !(Number.isSafeInteger(checkpointEvery) && checkpointEvery >= 1)) {
    return bad("checkpointEvery", `must be an integer ≥ 1, got ${checkpointEvery}`)
  }
  if (afterDay !== undefined && (!Number.isSafeInteger(afterDay) || afterDay < start - 1 || afterDay > end)) {
    return bad("resume.afterDay", `must be an integer in ${start - 1}…${end}, got ${afterDay}`)
  }
  return undefined
}

/**
 * Whether the run saves its states after `day`: after its first day (its rows appear early), after
 * every `every`-th day counted from the first, and after its last day.
 */
export const isCheckpoint = (
  first: Calendar.EpochDay,
  last: Calendar.EpochDay,
  day: Calendar.EpochDay,
  every: number
): boolean => day === first || day === last || (day - first + 1) % every === 0
