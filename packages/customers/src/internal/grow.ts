/** Growable typed-array helpers for per-day staging (capacity doubles, never shrinks). */

export const growInt32 = (a: Int32Array, need: number): Int32Array => {
  if (need <= a.length) return a
  const next = new Int32Array(Math.max(need, a.length * 2, 64))
  next.set(a)
  return next
}

export const growFloat64 = (a: Float64Array, need: number): Float64Array => {
  if (need <= a.length) return a
  const next = new Float64Array(Math.max(need, a.length * 2, 64))
  next.set(a)
  return next
}

export const growUint8 = (a: Uint8Array, need: number): Uint8Array => {
  if (need <= a.length) return a
  const next = new Uint8Array(Math.max(need, a.length * 2, 64))
  next.set(a)
  return next
}
