const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === "object" && !Array.isArray(u)

/**
 * Deep merge of JSON-like values: objects merge key by key, anything else (arrays included) in
 * `patch` replaces `base`; `undefined` in `patch` leaves `base` untouched. Inputs are not mutated.
 */
export const deepMerge = (base: unknown, patch: unknown): unknown => {
  if (patch === undefined) return base
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch
  const out: Record<string, unknown> = { ...base }
  for (const key of Object.keys(patch)) {
    const value = patch[key]
    if (value !== undefined) out[key] = deepMerge(base[key], value)
  }
  return out
}
