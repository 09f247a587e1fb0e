/**
 * The help teaches: every command has a summary and text, every flag a real description, the
 * examples only use documented flags, and @effect/cli parses exactly the flags that are documented.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cli, Help } from "../src/index.js"

const all = (): Array<string> => [Help.root(), ...Help.COMMANDS.map(Help.command)]

/** `--out`, `-o`, … of a documented flag. */
const spellings = (f: Help.Flag): Array<string> =>
  [f.name, ...(f.aliases ?? [])].map((n) => (n.length === 1 ? `-${n}` : `--${n}`))

describe("Help", () => {
  it("no generic placeholder text, no built-in flags of @effect/cli, nothing wider than 100 columns", () => {
    for (const text of all()) {
      expect(text).not.toContain("A user-defined piece of text")
      expect(text).not.toContain("A true or false value")
      expect(text).not.toContain("This setting is optional")
      for (const builtIn of ["--wizard", "--log-level", "--completions"]) expect(text).not.toContain(builtIn)
      for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100)
    }
  })

  it("the program's help lists every command with its summary, the configuration and examples", () => {
    const root = Help.root()
    expect(root).toMatch(/^USAGE$/m)
    expect(root).toMatch(/^EXAMPLES$/m)
    expect(root).toContain("CONFIGURATION")
    for (const c of Help.COMMANDS) {
      expect(c.summary.length).toBeGreaterThan(20)
      expect(root).toContain(`  ${c.name.padEnd(8)}  ${c.summary}`)
    }
  })

  it("every command has a text, examples, and a description of every flag", () => {
    expect(Help.COMMANDS.map((c) => c.name)).toStrictEqual([
      "init",
      "generate",
      "master",
      "facts",
      "validate",
      "merge",
      "stream",
      "serve",
      "report",
      "diff"
    ])
    for (const c of Help.COMMANDS) {
      const text = Help.command(c)
      expect(c.text.join(" ").length, c.name).toBeGreaterThan(60)
      expect(c.examples.length, c.name).toBeGreaterThan(0)
      expect(text).toContain(`retail-datagen ${c.name}`)
      for (const f of c.flags) {
        expect(f.text.length, `${c.name} --${f.name}`).toBeGreaterThan(15)
        const letters = spellings(f).filter((n) => n.length === 2)
        expect(text).toContain([...letters, `--${f.name}`].join(", "))
      }
    }
  })

  it("the examples use only the flags of their command", () => {
    for (const c of Help.COMMANDS) {
      for (const [line] of c.examples) {
        const [name, ...words] = line.split(/\s+/)
        const command = Help.find(name!)
        expect(command, line).toBeDefined()
        const known = new Set(command!.flags.flatMap(spellings))
        for (const w of words.filter((w) => w.startsWith("-")))
          expect(known.has(w), `${line}: ${w}`).toBe(true)
      }
    }
  })

  it("@effect/cli parses exactly the documented flags of each command", () => {
    const usages = Cli.usages()
    expect(Object.keys(usages).sort()).toStrictEqual(Help.COMMANDS.map((c) => c.name).sort())
    for (const c of Help.COMMANDS) {
      const parsed = new Set(usages[c.name]!.match(/(?<![\w-])--?[a-z][a-z-]*/g) ?? [])
      expect(parsed, c.name).toStrictEqual(new Set(c.flags.flatMap(spellings)))
    }
  })

  it("answer: help for no arguments, --help and -h; the version; nothing for other command lines", () => {
    expect(Help.answer([])).toBe(Help.root())
    expect(Help.answer(["--help"])).toBe(Help.root())
    expect(Help.answer(["generate", "--days", "3", "-h"])).toBe(Help.command(Help.find("generate")!))
    expect(Help.answer(["--version"])).toMatch(/^\d+\.\d+\.\d+/)
    expect(Help.answer(["generate", "--days", "3"])).toBeUndefined()
    expect(Help.answer(["nope", "--help"])).toBeUndefined()
    expect(Help.answer(["validate", "--", "--help"])).toBeUndefined()
  })
})
