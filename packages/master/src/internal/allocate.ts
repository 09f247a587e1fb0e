/** Splits `total` into integer parts proportional to `weights` (largest remainder; ties to the lower index). */
export const allocate = (total: number, weights: ArrayLike<number>): Int32Array => {
  const n = weights.length
  const out = new Int32Array(n)
  let sum = 0
  for (let i = 0; i < n; i++) sum += weights[i]!
  if (n === 0 || !(sum > 0)) return out
  const rema = new Float64Array(n)
  let given = 0
  for (let i = 0; i < n; i++) {
    const exact = (total * weights[i]!) / sum
    out[i] = Math.floor(exact)
    rema[i] = exact - out[i]!
    given += out[i]!
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rema[b]! - rema[a]! || a - b)
  for (let k = 0; given < total; k++, given++) out[order[k % n]!]!++
  return out
}
