/** Saved counters (`{ total: number[] }`) for plugin resume. */

export const save = (total: Float64Array): { readonly total: ReadonlyArray<number> } => ({
  total: Array.from(total)
})

/** Copies saved counters into `into`; throws a `TypeError` naming the plugin when `saved` has another shape. */
export const restore = (plugin: string, saved: unknown, into: Float64Array): void => {
  const total = (saved as { total?: unknown } | null)?.total
  if (!Array.isArray(total) || total.length !== into.length || !total.every((v) => Number.isFinite(v)))
    throw new TypeError(`${plugin}: saved state must be { total: ${into.length} numbers }`)
  for (let i = 0; i < into.length; i++) into[i] = total[i] as number
}
