/**
 * ASCII digit writers for encoders that fill byte buffers directly. Each writer stores its bytes
 * at `pos` and returns the position after them; callers guarantee the room.
 */

/** "00" … "99" as ASCII pairs. */
const PAIRS: Uint8Array = (() => {
  const t = new Uint8Array(200)
  for (let i = 0; i < 100; i++) {
    t[2 * i] = 48 + Math.floor(i / 10)
    t[2 * i + 1] = 48 + (i % 10)
  }
  return t
})()

/** Number of decimal digits of an integer `0 <= n < 1e8`. */
const digits8 = (n: number): number =>
  n < 10000
    ? n < 100
      ? n < 10
        ? 1
        : 2
      : n < 1000
        ? 3
        : 4
    : n < 1000000
      ? n < 100000
        ? 5
        : 6
      : n < 10000000
        ? 7
        : 8

/** Number of decimal digits of a safe non-negative integer. */
export const digitCount = (n: number): number => (n < 1e8 ? digits8(n) : 8 + digits8(Math.floor(n / 1e8)))

/** Writes `n` (`0 <= n < 1e8`) right-aligned so that its last digit is at `end - 1`. */
const fillBack = (buf: Uint8Array, end: number, n: number): void => {
  let p = end
  while (n >= 100) {
    const q = (n / 100) | 0
    const r = (n - q * 100) << 1
    buf[--p] = PAIRS[r + 1]!
    buf[--p] = PAIRS[r]!
    n = q
  }
  if (n >= 10) {
    const r = n << 1
    buf[--p] = PAIRS[r + 1]!
    buf[--p] = PAIRS[r]!
  } else {
    buf[--p] = 48 + n
  }
}

/** Writes exactly 8 digits of `n` (`0 <= n < 1e8`), zero-padded, ending at `end - 1`. */
const fill8 = (buf: Uint8Array, end: number, n: number): void => {
  let p = end
  for (let i = 0; i < 4; i++) {
    const q = (n / 100) | 0
    const r = (n - q * 100) << 1
    buf[--p] = PAIRS[r + 1]!
    buf[--p] = PAIRS[r]!
    n = q
  }
}

/** Writes the `len` decimal digits of a safe non-negative integer `n`, ending at `pos + len`. */
const fillDigits = (buf: Uint8Array, pos: number, n: number, len: number): number => {
  const end = pos + len
  if (n < 1e8) {
    fillBack(buf, end, n)
  } else {
    const hi = Math.floor(n / 1e8)
    fill8(buf, end, n - hi * 1e8)
    fillBack(buf, end - 8, hi)
  }
  return end
}

/** Writes the decimal digits of a safe non-negative integer. */
export const writeUint = (buf: Uint8Array, pos: number, n: number): number =>
  fillDigits(buf, pos, n, digitCount(n))

/** Writes a safe non-negative integer left-padded with zeros to at least `width` digits. */
export const writeUintPadded = (buf: Uint8Array, pos: number, n: number, width: number): number => {
  const len = digitCount(n)
  for (let k = width - len; k > 0; k--) buf[pos++] = 48
  return fillDigits(buf, pos, n, len)
}

/** Writes a safe integer with a leading `-` when negative (`-0` is written `0`). */
export const writeInt = (buf: Uint8Array, pos: number, n: number): number => {
  if (n < 0) {
    buf[pos++] = 45
    n = -n
  }
  return fillDigits(buf, pos, n, digitCount(n))
}

/** Writes exactly two digits of `n` (`0 <= n < 100`). */
export const write2 = (buf: Uint8Array, pos: number, n: number): number => {
  const r = n << 1
  buf[pos] = PAIRS[r]!
  buf[pos + 1] = PAIRS[r + 1]!
  return pos + 2
}

/** Writes cents as `12.99` / `-0.05`; `c` must be a safe integer. */
export const writeCents = (buf: Uint8Array, pos: number, c: number): number => {
  if (c < 0) {
    buf[pos++] = 45
    c = -c
  }
  const whole = Math.floor(c / 100)
  pos = writeUint(buf, pos, whole)
  buf[pos++] = 46
  return write2(buf, pos, c - whole * 100)
}

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i)

/**
 * Writes `v.toFixed(decimals)` when that can be decided exactly from `v * 10^decimals` (the
 * rounding is not within the product's error of a half); returns -1 otherwise, so the caller
 * falls back to `toFixed`. Matches `toFixed`: `-` for any negative value (even when it rounds
 * to zero), none for `-0`, halves rounded away from zero.
 */
export const writeFixed = (buf: Uint8Array, pos: number, v: number, decimals: number): number => {
  if (decimals > 15) return -1
  const neg = v < 0
  const a = neg ? -v : v
  const p = POW10[decimals]!
  const s = a * p
  if (!(s < 2 ** 51)) return -1
  const fl = Math.floor(s)
  const frac = s - fl
  const margin = s * 2 ** -50
  if (Math.abs(frac - 0.5) <= margin) return -1
  const n = frac > 0.5 ? fl + 1 : fl
  if (neg) buf[pos++] = 45
  if (decimals === 0) return writeUint(buf, pos, n)
  const whole = Math.floor(n / p)
  pos = writeUint(buf, pos, whole)
  buf[pos++] = 46
  return writeUintPadded(buf, pos, n - whole * p, decimals)
}
