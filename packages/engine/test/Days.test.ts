import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar } from "@retail-datagen/core"
import { Chunk, Effect, Stream } from "effect"
import { Days, Pipeline } from "../src/index.js"
import * as F from "./fixtures/pipeline.js"

const D1 = Calendar.parse("2024-03-01")

describe("Days", () => {
  it.effect(
    "yields each day's batches exactly as Pipeline writes them, and resumes from a day's states",
    () =>
      Effect.gen(function* () {
        const written: Array<ReadonlyArray<ReadonlyArray<Record<string, Batch.Cell>>>> = []
        yield* Pipeline.run({
          plugins: F.all,
          master: { stores: 6 },
          seed: 7,
          defaultStart: D1,
          end: D1 + 3,
          root: fs.mkdtempSync(path.join(tmpdir(), "engine-days-")),
          format: "csv",
          configHash: "h",
          toolVersion: "1",
          onDay: (_day, batches) => Effect.sync(() => written.push(batches.map(Batch.rows)))
        })
        const days = Chunk.toArray(
          yield* Stream.runCollect(
            Days.stream({ plugins: F.all, master: { stores: 6 }, seed: 7, start: D1, end: D1 + 3 })
          )
        )
        expect(days.map((d) => d.day)).toEqual([D1, D1 + 1, D1 + 2, D1 + 3])
        expect(days.map((d) => d.batches.map(Batch.rows))).toEqual(written)
        expect(days[0]!.tables.map((t) => t.name)).toEqual(["sales", "audit", "quiet"])
        // continuing after day 2 from its states gives days 3 and 4 unchanged
        const rest = Chunk.toArray(
          yield* Stream.runCollect(
            Days.stream({
              plugins: F.all,
              master: { stores: 6 },
              seed: 7,
              start: D1,
              end: D1 + 3,
              resume: days[1]!.resume
            })
          )
        )
        expect(rest.map((d) => d.batches.map(Batch.rows))).toEqual(written.slice(2))
      })
  )
})
