/** Result of parsing JSON text: the value, or a one-line description of the syntax error with its location. */
export type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string }

/** 1-based line and column of a character offset. */
export const lineColumn = (text: string, offset: number): { line: number; column: number } => {
  let line = 1
  let lineStart = 0
  const end = Math.min(offset, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

const POSITION = /\s*in JSON at position (\d+)(?:\s*\(line \d+ column \d+\))?/
const TRAILER = /\s*\(line \d+ column \d+\)/

/**
 * Parses JSON; on a syntax error reports `invalid JSON at line L, column C: <reason>`. The position
 * comes from the engine's message when it gives one, otherwise the end of the text (truncated input).
 */
export const parse = (raw: string): Parsed => {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const match = POSITION.exec(message)
    const offset = match === null ? text.length : Number(match[1])
    let reason = message.replace(POSITION, "").replace(TRAILER, "").trim()
    if (text.trim() === "") reason = "the file is empty"
    const { line, column } = lineColumn(text, offset)
    return { ok: false, message: `invalid JSON at line ${line}, column ${column}: ${reason}` }
  }
}

/** JSON with object keys sorted at every level and no whitespace: equal values give equal text. */
export const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    return `{${entries.join(",")}}`
  }
  return JSON.stringify(value)
}
