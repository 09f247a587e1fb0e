/**
 * Points on the unit sphere. Distances are chord lengths between unit vectors: a true metric,
 * monotonic in great-circle distance, so "nearest" by chord is nearest on the globe and the
 * triangle inequality can prune searches.
 */
const RAD = Math.PI / 180

/** Unit vectors of `n` points, packed `[x0, y0, z0, x1, …]`. */
export const unitVectors = (lat: Float64Array, lon: Float64Array): Float64Array => {
  const n = lat.length
  const out = new Float64Array(n * 3)
  for (let i = 0; i < n; i++) {
    const phi = lat[i]! * RAD
    const lam = lon[i]! * RAD
    const c = Math.cos(phi)
    out[3 * i] = c * Math.cos(lam)
    out[3 * i + 1] = c * Math.sin(lam)
    out[3 * i + 2] = Math.sin(phi)
  }
  return out
}

/** Chord length between point `i` of `a` and point `j` of `b` (both packed unit vectors). */
export const chord = (a: Float64Array, i: number, b: Float64Array, j: number): number => {
  const dx = a[3 * i]! - b[3 * j]!
  const dy = a[3 * i + 1]! - b[3 * j + 1]!
  const dz = a[3 * i + 2]! - b[3 * j + 2]!
  return Math.sqrt(dx * dx + dy * dy + dz * dz)
}

/** Rounds a coordinate to `decimals` places (stored values equal their written text). */
export const roundTo = (x: number, scale: number): number => Math.round(x * scale) / scale

/** Index of the point of `targets` nearest to point `i` of `from`; ties go to the lower index. */
export const nearest = (from: Float64Array, i: number, targets: Float64Array): number => {
  let best = 0
  let bestD = Number.POSITIVE_INFINITY
  const n = targets.length / 3
  for (let j = 0; j < n; j++) {
    const d = chord(from, i, targets, j)
    if (d < bestD) {
      bestD = d
      best = j
    }
  }
  return best
}
