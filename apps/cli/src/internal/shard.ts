import type { Plugin } from "@retail-datagen/core"
import { Either } from "effect"

/**
 * Parses the text of `--shard`: `k/N` with `1 ≤ k ≤ N` (k is 1-based on the command line) →
 * `{ index: k - 1, count: N }`, or the problem as a sentence.
 */
export const parseShard = (text: string): Either.Either<Plugin.Shard, string> => {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const problem = `expected k/N with 1 ≤ k ≤ N, got ${text}`
  if (m === null) return Either.left(problem)
  const k = Number(m[1])
  const n = Number(m[2])
  if (!Number.isSafeInteger(k) || !Number.isSafeInteger(n) || k < 1 || k > n) return Either.left(problem)
  return Either.right({ index: k - 1, count: n })
}
