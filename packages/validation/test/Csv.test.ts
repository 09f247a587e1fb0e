import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { CsvParser } from "../src/internal/csv.js"

interface Rec {
  readonly line: number
  readonly fields: Array<string>
  readonly error: string
}

/** Parses `text` fed in pieces cut at `cuts` (byte offsets). */
const parse = (text: string, cuts: ReadonlyArray<number> = []): Array<Rec> => {
  const out: Array<Rec> = []
  const p = new CsvParser({
    record: (r) => {
      const fields: Array<string> = []
      for (let i = 0; i < r.count; i++) fields.push(r.field(i))
      out.push({ line: r.line, fields, error: r.error })
      return true
    }
  })
  const bytes = Buffer.from(text, "utf8")
  let at = 0
  for (const c of [...cuts].sort((a, b) => a - b)) {
    p.push(bytes.subarray(at, c))
    at = c
  }
  p.push(bytes.subarray(at))
  p.end()
  return out
}

describe("CsvParser", () => {
  it("splits records and fields with line numbers", () => {
    expect(parse("a,b\n1,2\n")).toEqual([
      { line: 1, fields: ["a", "b"], error: "" },
      { line: 2, fields: ["1", "2"], error: "" }
    ])
  })

  it("handles quotes, escaped quotes, commas and newlines in quoted fields", () => {
    const recs = parse('h1,h2\n"a,b","say ""hi"""\n"multi\nline",x\nlast,\n')
    expect(recs.map((r) => r.fields)).toEqual([
      ["h1", "h2"],
      ["a,b", 'say "hi"'],
      ["multi\nline", "x"],
      ["last", ""]
    ])
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 5])
  })

  it("emits a last record without a trailing LF, and empty fields", () => {
    expect(parse("a,,c\n,,\nx").map((r) => r.fields)).toEqual([["a", "", "c"], ["", "", ""], ["x"]])
  })

  it("strips a UTF-8 byte order mark and decodes UTF-8", () => {
    expect(parse("\uFEFFname\nCafé ☕\n").map((r) => r.fields)).toEqual([["name"], ["Café ☕"]])
  })

  it("flags malformed records without stopping", () => {
    const recs = parse('a,b\nx"y,1\n"ab"c,2\nok,3\nbad,4\r\n"open,5\n')
    expect(recs.map((r) => r.error)).toEqual([
      "",
      "quote inside an unquoted field",
      "text after a closing quote",
      "",
      "CR before LF (CRLF line ends)",
      "unterminated quoted field"
    ])
    expect(recs[3]!.fields).toEqual(["ok", "3"])
  })

  it("stops when the sink asks to", () => {
    let n = 0
    const p = new CsvParser({ record: () => ++n < 2 })
    p.push(Buffer.from("a\nb\nc\nd\n"))
    p.end()
    expect(n).toBe(2)
    expect(p.stopped).toBe(true)
  })

  it.prop(
    "gives the same records however the bytes are cut into chunks",
    [
      fc.array(fc.array(fc.stringMatching(/^[a-z ,"\n0-9é]{0,6}$/), { minLength: 1, maxLength: 4 }), {
        minLength: 1,
        maxLength: 8
      }),
      fc.array(fc.nat(200), { maxLength: 6 })
    ],
    ([table, cuts]) => {
      const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
      const text = table.map((r) => r.map(quote).join(",")).join("\n") + "\n"
      const size = Buffer.byteLength(text)
      const whole = parse(text)
      expect(whole.map((r) => r.fields)).toEqual(table)
      expect(
        parse(
          text,
          cuts.map((c) => c % (size + 1))
        )
      ).toEqual(whole)
    }
  )
})
