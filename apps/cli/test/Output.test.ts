import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Pipeline } from "@retail-datagen/engine"
import { Generator } from "@retail-datagen/generator"
import { Effect } from "effect"
import { afterEach, vi } from "vitest"
import { Output } from "../src/index.js"

const D = Calendar.parse("2024-05-01")

/** A run of `days` days over two tables, as the generator reports it. */
const events = (days: number): Array<Generator.Event> => {
  const out: Array<Generator.Event> = []
  for (let i = 0; i < 8; i++) {
    out.push(
      Generator.MasterWritten({
        table: `t${i}`,
        path: `m/t${i}.csv`,
        rows: 10,
        bytes: 100,
        index: i,
        tables: 8
      })
    )
  }
  out.push(
    Pipeline.PipelineStarted({
      root: "f",
      format: "csv",
      tables: ["a", "b"],
      start: D,
      firstDay: D,
      lastDay: D + days - 1,
      days,
      resumedAfter: undefined,
      removedTemps: 0
    })
  )
  for (let k = 0; k < days; k++) {
    for (const t of ["a", "b"]) {
      out.push(
        Pipeline.FileWritten({ table: t, day: D + k, path: `f/${t}`, rows: 100, bytes: 2048, checksum: "x" })
      )
    }
    out.push(Pipeline.DayCommitted({ day: D + k, index: k, days, rows: 200, bytes: 4096, files: 2 }))
  }
  return out
}

/** Feeds events to a reporter, the clock advancing `stepMs` per event. */
const feed = (reporter: Output.Reporter, list: ReadonlyArray<Generator.Event>, stepMs: number) =>
  Effect.gen(function* () {
    let now = 1_000_000
    const clock = vi.spyOn(Date, "now").mockImplementation(() => now)
    for (const e of list) {
      yield* reporter.onEvent(e)
      now += stepMs
    }
    clock.mockRestore()
    yield* reporter.finish
  })

afterEach(() => vi.restoreAllMocks())

describe("Output.reporter", () => {
  it.effect("not a TTY: the master line and one plain line per day", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      vi.spyOn(console, "log").mockImplementation((...xs: Array<unknown>) => void lines.push(xs.join(" ")))
      yield* feed(Output.reporter({ quiet: false, json: false, tty: false }), events(3), 50)
      expect(lines[0]).toBe("master:  8 tables, 80 rows, 800 B written")
      expect(lines.slice(1)).toHaveLength(3)
      expect(lines[1]).toMatch(
        /^2024-05-01 done \(1\/3\): 200 rows, 4\.0 KiB in 2 files; [\d,]+ rows\/s, ETA \d+ s$/
      )
      expect(lines[3]).toMatch(/^2024-05-03 done \(3\/3\): 200 rows, 4\.0 KiB in 2 files; [\d,]+ rows\/s$/)
    })
  )

  it.effect("a TTY: one line rewritten in place, at most once per 100 ms, cleared at the end", () =>
    Effect.gen(function* () {
      const writes: Array<string> = []
      const list = events(20)
      yield* feed(
        Output.reporter({ quiet: false, json: false, tty: true }, (t) => void writes.push(t)),
        list,
        10
      )
      const redraws = writes.filter((w) => w.startsWith("\r\x1b[K") && w.length > 4)
      // 10 ms between events: a redraw every 10th event at most (plus the first)
      expect(redraws.length).toBeLessThanOrEqual(Math.ceil(list.length / 10) + 1)
      expect(redraws.length).toBeGreaterThan(3)
      for (const r of redraws) {
        expect(r).not.toContain("\n")
        if (r.includes("facts"))
          expect(r.slice(4)).toMatch(
            /^facts 2024-05-\d\d · day \d+\/20 · tables \d\/2 · [\d,]+ rows · [\d,]+ rows\/s( · ETA .+)?$/
          )
      }
      // the master milestone is a line of its own; the progress line is cleared at the end
      expect(writes).toContain("master:  8 tables, 80 rows, 800 B written\n")
      expect(writes.at(-1)).toBe("\r\x1b[K")
    })
  )

  it.effect("--quiet and --json print nothing", () =>
    Effect.gen(function* () {
      const writes: Array<string> = []
      const log = vi.spyOn(console, "log").mockImplementation(() => writes.push("log"))
      for (const mode of [
        { quiet: true, json: false, tty: true },
        { quiet: false, json: true, tty: false }
      ]) {
        yield* feed(
          Output.reporter(mode, (t) => void writes.push(t)),
          events(2),
          200
        )
      }
      expect(writes).toStrictEqual([])
      log.mockRestore()
    })
  )
})
