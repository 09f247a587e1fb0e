import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Table } from "@retail-datagen/core"
import { Cause, Effect, Exit, Fiber, Option } from "effect"
import { Csv, Layout, Ndjson, Partition, SinkError } from "../src/index.js"

let root: string
let n = 0

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sinks-partition-"))
})

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
})

/** A fresh directory for one test. */
const freshDir = (): string => {
  const d = path.join(root, `case-${n++}`)
  fs.mkdirSync(d)
  return d
}

const T = Table.make("sales", {
  Id: Table.id("S", 8),
  At: Table.timestamp,
  Amount: Table.cents,
  Kind: Table.enumOf(["A", "B"]),
  Note: Table.string
})

const day = Calendar.parse("2024-03-01")

const batchOf = (rows: number, offset = 0, badKindAt = -1): Batch.Batch => {
  const b = Batch.builder(T, rows)
  for (let i = 0; i < rows; i++) {
    b.num("Id").push(offset + i)
    b.num("At").push(day * 86400 + ((offset + i) % 86400))
    b.num("Amount").push((offset + i) * 7 - 300)
    b.code("Kind").push(i % 2)
    b.str("Note").push(i % 3 === 0 ? "" : `note, "${i}"`)
  }
  const batch = b.finish()
  if (badKindAt >= 0) (batch.columns[3] as Uint16Array)[badKindAt] = 9
  return batch
}

const sha256 = (file: string): string => createHash("sha256").update(fs.readFileSync(file)).digest("hex")

const failure = <A>(exit: Exit.Exit<A, SinkError.SinkError>): SinkError.SinkError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const e = Cause.failureOption(exit.cause)
  if (Option.isNone(e)) throw new Error(`expected a SinkError, got ${Cause.pretty(exit.cause)}`)
  return e.value
}

describe("Partition", () => {
  for (const format of Layout.formats) {
    it.live(`writes ${format} atomically into a new partition directory with its sha256 and size`, () =>
      Effect.gen(function* () {
        const dir = freshDir()
        const file = Layout.factPath(dir, "sales", day, format)
        const batches = [batchOf(1000), batchOf(500, 1000), batchOf(0)]
        const written = yield* Partition.writeFile(file, T, batches, format, { chunkSize: 4096 })
        expect(written.path).toBe(file)
        expect(written.rows).toBe(1500)
        expect(written.bytes).toBe(fs.statSync(file).size)
        expect(written.checksum).toBe(sha256(file))
        expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)])
        if (format === "csv") expect(fs.readFileSync(file).equals(Csv.encode(T, batches))).toBe(true)
        if (format === "ndjson") expect(fs.readFileSync(file).equals(Ndjson.encode(T, batches))).toBe(true)
        if (format === "parquet") expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe("PAR1")
      })
    )

    it.live(`leaves neither the ${format} file nor a temp file when encoding fails mid-write`, () =>
      Effect.gen(function* () {
        const dir = freshDir()
        const file = path.join(dir, `x.${format}`)
        const seen: Array<Array<[string, number]>> = []
        const look = () => seen.push(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size]))
        function* batches() {
          yield batchOf(3000)
          look()
          yield batchOf(3000, 3000)
          look()
          yield batchOf(100, 6000, 42)
        }
        const exit = yield* Effect.exit(Partition.writeFile(file, T, batches(), format, { chunkSize: 1024 }))
        const e = failure(exit)
        expect(e._tag).toBe("SinkError")
        expect(e.operation).toBe("encode")
        expect(e.path).toBe(file)
        expect(e.message).toContain(file)
        expect(e.message).toMatch(/sales\.Kind row 42: 9 is not a code of 2 enum values/)
        // While writing, only the temporary name existed (and, for text, already held data).
        expect(seen.length).toBe(2)
        for (const files of seen) {
          expect(files.length).toBe(1)
          expect(files[0]![0]).toMatch(new RegExp(`^\\.x\\.${format}\\.tmp-${process.pid}-[0-9a-f]{12}$`))
        }
        if (format !== "parquet") expect(seen[1]![0]![1]).toBeGreaterThan(seen[0]![0]![1])
        expect(fs.readdirSync(dir)).toEqual([])
      })
    )

    it.live(`keeps the previous ${format} file when a rewrite fails, and replaces it when one succeeds`, () =>
      Effect.gen(function* () {
        const dir = freshDir()
        const file = path.join(dir, `x.${format}`)
        fs.writeFileSync(file, "previous")
        const bad = yield* Effect.exit(Partition.writeFile(file, T, [batchOf(10), batchOf(5, 10, 2)], format))
        expect(Exit.isFailure(bad)).toBe(true)
        expect(fs.readFileSync(file, "utf8")).toBe("previous")
        const written = yield* Partition.writeFile(file, T, [batchOf(10)], format)
        expect(written.checksum).toBe(sha256(file))
        expect(fs.readFileSync(file, "utf8")).not.toBe("previous")
        expect(fs.readdirSync(dir)).toEqual([`x.${format}`])
      })
    )

    it.live(
      `fails with a readable SinkError naming the path when the ${format} directory cannot be made`,
      () =>
        Effect.gen(function* () {
          const dir = freshDir()
          const blocker = path.join(dir, "not-a-dir")
          fs.writeFileSync(blocker, "")
          const file = path.join(blocker, "sub", `x.${format}`)
          const e = failure(yield* Effect.exit(Partition.writeFile(file, T, [batchOf(10)], format)))
          expect(e.path).toBe(file)
          expect(e.code).toBe("ENOTDIR")
          expect(e.operation).toBe("mkdir")
          expect(e.message).toBe(
            `cannot write ${file}: a parent path is not a directory (ENOTDIR) while creating its directory`
          )
          expect(fs.readdirSync(dir)).toEqual(["not-a-dir"])
        })
    )
  }

  it.live("streams many batches into one file: open → append → commit", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const file = path.join(dir, "stream.csv")
      const builder = Batch.builder(T)
      const written = yield* Effect.scoped(
        Effect.gen(function* () {
          const w = yield* Partition.open(file, T, "csv", { chunkSize: 512 })
          for (let k = 0; k < 20; k++) {
            // The builder is reset and refilled after each append: the writer must have consumed it.
            builder.reset()
            for (let i = 0; i < 50; i++) {
              builder.num("Id").push(k * 50 + i)
              builder.num("At").push(day * 86400 + i)
              builder.num("Amount").push(i)
              builder.code("Kind").push(1)
              builder.str("Note").push(`k${k}`)
            }
            yield* w.append(builder.finish())
          }
          expect(w.rows).toBe(1000)
          expect(fs.existsSync(file)).toBe(false)
          return yield* w.commit
        })
      )
      expect(written.rows).toBe(1000)
      const lines = fs.readFileSync(file, "utf8").split("\n")
      expect(lines[0]).toBe("Id,At,Amount,Kind,Note")
      expect(lines[1]).toBe("S00000000,2024-03-01 00:00:00,0.00,B,k0")
      expect(lines[1000]).toBe("S00000999,2024-03-01 00:00:49,0.49,B,k19")
      expect(lines.length).toBe(1002)
      expect(written.checksum).toBe(sha256(file))
    })
  )

  it.live("aborts when the scope closes without a commit", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const file = path.join(dir, "open.ndjson")
      yield* Effect.scoped(
        Effect.gen(function* () {
          const w = yield* Partition.open(file, T, "ndjson")
          yield* w.append(batchOf(100))
          expect(fs.readdirSync(dir).length).toBe(1)
        })
      )
      expect(fs.readdirSync(dir)).toEqual([])
    })
  )

  it.live("cleans up when the writing fiber is interrupted", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const file = path.join(dir, "interrupted.parquet")
      const fiber = yield* Effect.fork(
        Effect.scoped(
          Effect.gen(function* () {
            const w = yield* Partition.open(file, T, "parquet")
            yield* w.append(batchOf(100))
            return yield* Effect.never
          })
        )
      )
      while (fs.readdirSync(dir).length === 0) yield* Effect.sleep("5 millis")
      yield* Effect.sleep("20 millis")
      yield* Fiber.interrupt(fiber)
      expect(fs.readdirSync(dir)).toEqual([])
    })
  )

  it.live("cleans up when interrupted in the middle of an endless stream of CSV batches", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const file = path.join(dir, "endless.csv")
      let produced = 0
      function* endless() {
        for (;;) {
          produced++
          yield batchOf(2000, produced * 2000)
        }
      }
      const fiber = yield* Effect.fork(Partition.writeFile(file, T, endless(), "csv", { chunkSize: 1024 }))
      while (produced < 5) yield* Effect.sleep("2 millis")
      yield* Fiber.interrupt(fiber)
      expect(fs.readdirSync(dir)).toEqual([])
    })
  )

  it.live("stageFile writes invisibly; publish makes a group visible with the bytes writeFile makes", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const days = [day, day + 1, day + 2]
      const staged = yield* Effect.forEach(days, (d, i) =>
        Partition.stageFile(Layout.factPath(dir, "sales", d, "csv"), T, [batchOf(40 + i, i)], "csv")
      )
      // nothing visible yet: each partition directory holds one temporary file
      for (const s of staged) {
        expect(fs.existsSync(s.path)).toBe(false)
        expect(fs.readdirSync(path.dirname(s.path))).toEqual([
          expect.stringMatching(/^\.sales_\d{8}\.csv\.tmp-\d+-[0-9a-f]+$/)
        ])
      }
      const written = yield* Partition.publish(staged)
      const reference = freshDir()
      for (const [i, d] of days.entries()) {
        const w = written[i]!
        const alone = yield* Partition.writeFile(
          Layout.factPath(reference, "sales", d, "csv"),
          T,
          [batchOf(40 + i, i)],
          "csv"
        )
        expect(w).toStrictEqual({ ...alone, path: staged[i]!.path })
        expect(fs.readdirSync(path.dirname(w.path))).toEqual([path.basename(w.path)])
        expect(sha256(w.path)).toBe(w.checksum)
      }
    })
  )

  it.live("a discarded staged file leaves nothing behind", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const file = path.join(dir, "x.csv")
      const staged = yield* Partition.stageFile(file, T, [batchOf(5)], "csv")
      yield* staged.discard
      expect(fs.readdirSync(dir)).toEqual([])
    })
  )

  it.live("a failed publish takes back the files it had renamed and removes the others", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const ok = path.join(dir, "a.csv")
      const blocked = path.join(dir, "b.csv")
      const staged = yield* Effect.forEach([ok, blocked], (f) =>
        Partition.stageFile(f, T, [batchOf(3)], "csv")
      )
      // a non-empty directory where the second file goes: its rename fails
      fs.mkdirSync(path.join(blocked, "inside"), { recursive: true })
      const e = failure(yield* Effect.exit(Partition.publish(staged)))
      expect(e.path).toBe(blocked)
      expect(e.operation).toBe("rename")
      expect(fs.readdirSync(dir)).toEqual(["b.csv"])
      expect(fs.readdirSync(blocked)).toEqual(["inside"])
    })
  )

  it.live("refuses appends after a commit", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const file = path.join(dir, "done.csv")
      const e = yield* Effect.scoped(
        Effect.gen(function* () {
          const w = yield* Partition.open(file, T, "csv")
          yield* w.commit
          return failure(yield* Effect.exit(w.append(batchOf(1))))
        })
      )
      expect(e.message).toMatch(/the file is already committed/)
      expect(fs.readFileSync(file, "utf8")).toBe("Id,At,Amount,Kind,Note\n")
    })
  )
})

describe("SinkError", () => {
  it("explains common system errors in words, naming the path", () => {
    const err = (code: string) => Object.assign(new Error(`${code}: boom`), { code })
    expect(SinkError.fromCause("/d/x.csv", "open", err("EACCES")).message).toBe(
      "cannot write /d/x.csv: permission denied (EACCES) while opening the file"
    )
    expect(SinkError.fromCause("/d/x.csv", "write", err("ENOSPC")).message).toBe(
      "cannot write /d/x.csv: no space left on device (ENOSPC) while writing"
    )
    expect(SinkError.fromCause("/d/x.csv", "rename", err("EXDEV")).message).toBe(
      "cannot write /d/x.csv: EXDEV: boom (EXDEV) while renaming it into place"
    )
    const plain = SinkError.fromCause("/d/x.parquet", "parquet", new Error("IO Error: disk"))
    expect(plain.code).toBeUndefined()
    expect(plain.message).toBe("cannot write /d/x.parquet: IO Error: disk while writing Parquet")
  })
})
