/**
 * String writers for the text encoders: a byte loop for plain ASCII (the common case, no
 * native call), `Buffer.write` for anything else.
 */

const CSV_SPECIAL = /[",\r\n]/

/** Whether a CSV field needs RFC 4180 quoting (it holds a comma, quote, CR or LF). */
export const csvNeedsQuotes = (s: string): boolean => CSV_SPECIAL.test(s)

/** A CSV field as text, quoted (with `"` doubled) only when needed. */
export const csvField = (s: string): string => (csvNeedsQuotes(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** Writes a CSV field; the caller reserves `3 * s.length + 2` bytes. */
export const writeCsvString = (buf: Buffer, pos: number, s: string): number => {
  const n = s.length
  let p = pos
  for (let i = 0; i < n; i++) {
    const ch = s.charCodeAt(i)
    if (ch >= 128 || ch === 44 || ch === 34 || ch === 10 || ch === 13)
      return pos + buf.write(csvField(s), pos, "utf8")
    buf[p++] = ch
  }
  return p
}

/** Writes a JSON string literal; the caller reserves `6 * s.length + 2` bytes. */
export const writeJsonString = (buf: Buffer, pos: number, s: string): number => {
  const n = s.length
  let p = pos
  buf[p++] = 34
  for (let i = 0; i < n; i++) {
    const ch = s.charCodeAt(i)
    if (ch < 32 || ch >= 127 || ch === 34 || ch === 92) return pos + buf.write(JSON.stringify(s), pos, "utf8")
    buf[p++] = ch
  }
  buf[p++] = 34
  return p
}

/**
 * The UTF-8 bytes of `s` as a plain `Uint8Array` (not a `Buffer`): the encoders' byte strings
 * all share one array type, so their copy loops stay monomorphic.
 */
export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"))

/** Copies a short byte string (prefixes, keys, enum values) into `buf`. */
export const writeBytes = (buf: Uint8Array, pos: number, bytes: Uint8Array): number => {
  const n = bytes.length
  for (let i = 0; i < n; i++) buf[pos + i] = bytes[i]!
  return pos + n
}
