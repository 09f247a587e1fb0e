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

/** "0000" … "9999" as ASCII quadruples. */
const QUADS: Uint8Array = (() => {
  const t = new Uint8Array(40000)
  for (let i = 0; i < 10000; i++) {
    t[4 * i] = 48 + Math.floor(i / 1000)
    t[4 * i + 1] = 48 + (Math.floor(i / 100) % 10)
    t[4 * i + 2] = 48 + (Math.floor(i / 10) % 10)
    t[4 * i + 3] = 48 + (i % 10)
  }
  return t
})()

/**
 * Writes `n` (`0 <= n < 1e8`) right-aligned so that its last digit is at `end - 1`: four digits
 * at a time from a table, one division per four digits.
 */
const fillBack = (buf: Uint8Array, end: number, n: number): void => {
  if (n >= 10000) {
    const hi = (n / 10000) | 0
    const q = (n - hi * 10000) << 2
    buf[end - 4] = QUADS[q]!
    buf[end - 3] = QUADS[q + 1]!
    buf[end - 2] = QUADS[q + 2]!
    buf[end - 1] = QUADS[q + 3]!
    end -= 4
    n = hi
  }
  const q = n << 2
  if (n >= 100) {
    if (n >= 1000) buf[end - 4] = QUADS[q]!
    buf[end - 3] = QUADS[q + 1]!
  } else if (n < 10) {
    buf[end - 1] = QUADS[q + 3]!
    return
  }
  buf[end - 2] = QUADS[q + 2]!
  buf[end - 1] = QUADS[q + 3]!
}

/** Writes exactly 8 digits of `n` (`0 <= n < 1e8`), zero-padded, ending at `end - 1`. */
const fill8 = (buf: Uint8Array, end: number, n: number): void => {
  const hi = (n / 10000) | 0
  const a = hi << 2
  const b = (n - hi * 10000) << 2
  buf[end - 8] = QUADS[a]!
  buf[end - 7] = QUADS[a + 1]!
  buf[end - 6] = QUADS[a + 2]!
  buf[end - 5] = QUADS[a + 3]!
  buf[end - 4] = QUADS[b]!
  buf[end - 3] = QUADS[b + 1]!
  buf[end - 2] = QUADS[b + 2]!
  buf[end - 1] = QUADS[b + 3]!
}

/** Writes a safe non-negative integer `n >= 1e8` whose top part is `hi = floor(n / 1e8)`, ending at `end`. */
const fillLarge = (buf: Uint8Array, end: number, n: number, hi: number): number => {
  fill8(buf, end, n - hi * 1e8)
  fillBack(buf, end - 8, hi)
  return end
}

/** Writes the decimal digits of a safe non-negative integer. */
export const writeUint = (buf: Uint8Array, pos: number, n: number): number => {
  if (n < 1e8) {
    const end = pos + digits8(n)
    fillBack(buf, end, n)
    return end
  }
  const hi = Math.floor(n / 1e8)
  return fillLarge(buf, pos + 8 + digits8(hi), n, hi)
}

/** Writes a safe non-negative integer left-padded with zeros to at least `width` digits. */
export const writeUintPadded = (buf: Uint8Array, pos: number, n: number, width: number): number => {
  if (n < 1e8) {
    const len = digits8(n)
    for (let k = width - len; k > 0; k--) buf[pos++] = 48
    fillBack(buf, pos + len, n)
    return pos + len
  }
  const hi = Math.floor(n / 1e8)
  const len = 8 + digits8(hi)
  for (let k = width - len; k > 0; k--) buf[pos++] = 48
  return fillLarge(buf, pos + len, n, hi)
}

/** Writes a safe integer with a leading `-` when negative (`-0` is written `0`). */
export const writeInt = (buf: Uint8Array, pos: number, n: number): number => {
  if (n < 0) {
    buf[pos++] = 45
    n = -n
  }
  return writeUint(buf, pos, n)
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
