import { ParseResult, type SchemaAST } from "effect"
import { keysAt } from "./ast.js"
import { closest } from "./suggest.js"

/** One problem found in a configuration: a key path (empty for the whole document) and what is wrong. */
export interface Problem {
  readonly path: string
  readonly message: string
}

const MAX_SHOWN = 60

/** A short, readable rendering of a user-supplied value for "got …" messages. */
export const show = (u: unknown): string => {
  if (u === undefined) return "undefined"
  if (typeof u === "number") return Number.isNaN(u) ? "NaN" : String(u)
  if (typeof u === "bigint") return `${u}n`
  let text: string
  try {
    text = JSON.stringify(u) ?? String(u)
  } catch {
    text = String(u)
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text
}

/** `volume.stores`, `plugins[2]`; the empty path renders as "". */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`
    else out += out === "" ? String(seg) : `.${String(seg)}`
  }
  return out
}

/** The message text of an `expected …` annotation: `expected <expected>, got <actual>`. */
export const expectedMessage = (expected: string, actual: unknown): string =>
  `expected ${expected}, got ${show(actual)}`

const under = (inner: ReadonlyArray<PropertyKey>, outer: ReadonlyArray<PropertyKey>): boolean =>
  inner.length > outer.length && outer.every((seg, i) => inner[i] === seg)

/**
 * Drops an issue when another one lies deeper under its path: a union member that does not
 * match at all (`plugins[0]` is not a string) says less than the member that almost matched
 * (`plugins[0].module` is empty).
 */
const specific = (issues: Array<ParseResult.ArrayFormatterIssue>): Array<ParseResult.ArrayFormatterIssue> =>
  issues.filter((issue) => !issues.some((other) => under(other.path, issue.path)))

/**
 * Turns a decoding failure into problems, one per issue, in document order. Unknown keys list the
 * keys allowed at that place (taken from `root`, the schema being decoded).
 */
export const fromParseError = (error: ParseResult.ParseError, root: SchemaAST.AST): Array<Problem> =>
  specific(ParseResult.ArrayFormatter.formatErrorSync(error)).map((issue) => {
    const path = formatPath(issue.path)
    if (issue._tag === "Unexpected") {
      const allowed = keysAt(root, issue.path.slice(0, -1))
      const key = issue.path[issue.path.length - 1]
      const guess = typeof key === "string" ? closest(key, allowed) : undefined
      const hint = guess === undefined ? "" : `, did you mean "${guess}"?`
      return { path, message: `unknown key${hint} (allowed: ${allowed.join(", ")})` }
    }
    if (issue._tag === "Missing") return { path, message: "is required" }
    return { path, message: issue.message }
  })
