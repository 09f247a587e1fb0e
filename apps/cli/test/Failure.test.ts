import { HelpDoc, ValidationError } from "@effect/cli"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Cause, Effect, Exit, FiberId } from "effect"
import { Failure } from "../src/index.js"

describe("error → message → exit code", () => {
  it("a ConfigError prints one line per problem and exits 1", () => {
    const error = new Config.ConfigError({
      source: "c.json",
      problems: [
        { path: "volume.stores", message: "expected an integer ≥ 1, got -3" },
        { path: "seed", message: 'expected an integer, got "x"' }
      ]
    })
    const report = Failure.report(Cause.fail(error))
    expect(report.exitCode).toBe(1)
    expect(Failure.render(report)).toBe(
      'error: c.json: volume.stores: expected an integer ≥ 1, got -3\nerror: c.json: seed: expected an integer, got "x"'
    )
  })

  it("a usage error exits 2 and names the flag", () => {
    const report = Failure.report(
      Cause.fail(new Failure.UsageError({ flag: "--days", problem: "missing value" }))
    )
    expect(report).toStrictEqual({ lines: ["--days: missing value"], exitCode: 2 })
  })

  it("an @effect/cli validation error exits 2 without printing twice", () => {
    const report = Failure.report(Cause.fail(ValidationError.invalidValue(HelpDoc.p("bad"))))
    expect(report).toStrictEqual({ lines: [], exitCode: 2 })
  })

  it("file errors exit 1 with their message", () => {
    expect(Failure.report(Cause.fail(new Failure.OutputExists({ path: "a.json" })))).toStrictEqual({
      lines: ["a.json already exists; use --overwrite to replace it"],
      exitCode: 1
    })
  })

  it("a defect is an internal error on one line, without a stack", () => {
    const report = Failure.report(Cause.die(new TypeError("boom")))
    expect(report).toStrictEqual({ lines: ["internal error: boom"], exitCode: 1 })
  })

  it("interruption exits 130; success carries its exit code", () => {
    expect(Failure.exitCodeOf(Exit.failCause(Cause.interrupt(FiberId.none)))).toBe(130)
    expect(Failure.exitCodeOf(Exit.succeed(2))).toBe(2)
    expect(Failure.exitCodeOf(Exit.fail(new Failure.UsageError({ flag: "--x", problem: "y" })))).toBe(2)
  })

  it.effect("run-time failures keep the first error's exit code", () =>
    Effect.sync(() => {
      const cause = Cause.parallel(
        Cause.fail(new Failure.UsageError({ flag: "--a", problem: "p" })),
        Cause.fail(new Failure.WriteFailed({ path: "x", reason: "r" }))
      )
      const report = Failure.report(cause)
      expect(report.exitCode).toBe(2)
      expect(report.lines).toStrictEqual(["--a: p", "cannot write x: r"])
    })
  )
})
