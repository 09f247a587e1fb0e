/**
 * What `Merge.run` finds under a root: the shards that have a part manifest, and the checks that
 * the N part manifests describe the same dataset (the messages name the shard and what differs).
 */
import * as fs from "node:fs/promises"
import type { Plugin } from "@retail-datagen/core"
import { Effect } from "effect"
import type * as Manifest from "../Manifest.js"

const PART_MANIFEST = /^_manifest\.part-([1-9]\d*)-of-([1-9]\d*)\.json$/

/**
 * The shards that have a manifest under `root` (`_manifest.part-k-of-N.json`), sorted by count
 * then index; empty when `root` does not exist.
 */
export const listParts = (root: string): Effect.Effect<ReadonlyArray<Plugin.Shard>, Error> =>
  Effect.tryPromise({
    try: () =>
      fs.readdir(root).catch((e: unknown) => {
        const code = (e as { code?: string }).code
        if (code === "ENOENT" || code === "ENOTDIR") return [] as Array<string>
        throw e
      }),
    catch: (e) => (e instanceof Error ? e : new Error(String(e)))
  }).pipe(
    Effect.map((names) =>
      names
        .flatMap((name) => {
          const m = PART_MANIFEST.exec(name)
          return m === null ? [] : [{ index: Number(m[1]) - 1, count: Number(m[2]) }]
        })
        .filter((s) => s.index < s.count)
        .sort((a, b) => a.count - b.count || a.index - b.index)
    )
  )

/** `shard 2 of 3`. */
export const shardName = (s: Plugin.Shard): string => `shard ${s.index + 1} of ${s.count}`

/**
 * Why the shards found cannot be merged (several counts, or a missing shard), or `undefined`
 * when they are exactly shards 1…N of one N.
 */
export const incomplete = (shards: ReadonlyArray<Plugin.Shard>): string | undefined => {
  const counts = [...new Set(shards.map((s) => s.count))]
  if (counts.length > 1) {
    return `it holds manifests of splits into ${counts.join(" and ")} shards (${shards
      .map((s) => `_manifest.part-${s.index + 1}-of-${s.count}.json`)
      .join(", ")}); remove the ones of the other split`
  }
  const count = counts[0]!
  const missing: Array<string> = []
  for (let k = 0; k < count; k++) {
    if (!shards.some((s) => s.index === k)) missing.push(`${shardName({ index: k, count })} has no manifest`)
  }
  return missing.length === 0 ? undefined : `${missing.join(", ")} (_manifest.part-k-of-${count}.json)`
}

const range = (m: Manifest.Manifest): string => `${m.start} … ${m.lastDay}`

/**
 * The first way manifest `m` (of `shard`) differs from `first` (shard 1's), as a sentence, or
 * `undefined` when they describe the same dataset.
 */
export const difference = (
  first: Manifest.Manifest,
  m: Manifest.Manifest,
  shard: Plugin.Shard
): string | undefined => {
  const who = shardName(shard)
  if (m.shard.index !== shard.index || m.shard.count !== shard.count)
    return `the manifest of ${who} says it is ${shardName(m.shard)}`
  if (m.configHash !== first.configHash)
    return `${who} was generated with another configuration (config hash ${m.configHash.slice(0, 12)}, shard 1 ${first.configHash.slice(0, 12)})`
  if (m.seed !== first.seed) return `${who} has seed ${m.seed}, shard 1 has seed ${first.seed}`
  if (m.format !== first.format) return `${who} is ${m.format}, shard 1 is ${first.format}`
  if (m.toolVersion !== first.toolVersion)
    return `${who} was written by version ${m.toolVersion}, shard 1 by ${first.toolVersion}`
  if (m.tables.join(",") !== first.tables.join(","))
    return `${who} has tables ${m.tables.join(", ")}, shard 1 has ${first.tables.join(", ")}`
  if (m.start !== first.start || m.lastDay !== first.lastDay)
    return `${who} covers ${range(m)}, shard 1 covers ${range(first)}; finish or continue every shard to the same last day`
  return undefined
}

/** Whether `merged` (an existing `_manifest.json`) is an earlier merge of shards like `first`. */
export const isEarlierMerge = (merged: Manifest.Manifest, first: Manifest.Manifest): boolean =>
  merged.state === "" &&
  merged.shard.count === 1 &&
  merged.configHash === first.configHash &&
  merged.seed === first.seed &&
  merged.format === first.format &&
  merged.toolVersion === first.toolVersion &&
  merged.start === first.start &&
  merged.tables.join(",") === first.tables.join(",")
