import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Progress } from "../src/index.js"

const day = Calendar.parse("2024-03-05")

describe("Progress.format", () => {
  it("gives one plain line per event", () => {
    expect(
      Progress.format(
        Progress.RunStarted({
          plugins: ["a", "b"],
          tables: ["x", "y", "z"],
          days: 31,
          firstDay: day,
          lastDay: day + 30,
          shard: { index: 1, count: 4 }
        })
      )
    ).toBe("run started: 2 plugins, 3 tables, 31 days (2024-03-05 … 2024-04-04), shard 2/4")
    expect(
      Progress.format(
        Progress.DayDone({ day, index: 4, days: 31, rows: { x: 3, y: 4 }, cumulative: { x: 30, y: 40 } })
      )
    ).toBe("day 2024-03-05 done (5/31): 7 rows, 70 so far")
    expect(Progress.format(Progress.TableDone({ table: "x", rows: 12 }))).toBe("table x done: 12 rows")
    expect(Progress.format(Progress.RunCancelled({ daysDone: 3 }))).toBe("run cancelled after 3 days")
    const summary = {
      plugins: ["a"],
      shard: { index: 0, count: 1 },
      firstDay: day,
      lastDay: day,
      days: 1,
      rows: { x: 500 },
      totalRows: 500,
      seconds: 0.25,
      rowsPerSecond: 2000,
      resume: { afterDay: day, states: {} }
    }
    expect(Progress.format(Progress.RunFinished({ summary }))).toBe(
      "run finished: 1 days, 500 rows in 0.3 s (2000 rows/s)"
    )
  })

  it("discriminates events by tag", () => {
    const e: Progress.ProgressEvent = Progress.TableDone({ table: "x", rows: 1 })
    expect(Progress.$is("TableDone")(e)).toBe(true)
    expect(Progress.$is("DayDone")(e)).toBe(false)
  })
})
