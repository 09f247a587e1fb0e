import { writeFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Determinism } from "../src/index.js"
import * as F from "./fixture.js"

const twoCopies = Effect.promise(async () => [await F.write(F.base()), await F.write(F.base())] as const)

describe("Determinism.compare (I8)", () => {
  it.effect("identical directories pass, every file compared", () =>
    Effect.gen(function* () {
      const [a, b] = yield* twoCopies
      const r = yield* Determinism.compare(a, b)
      expect(r.id).toBe("I8")
      expect(r.status).toBe("pass")
      expect(r.violations).toBe(0)
      // 8 master files + one file per (fact table, day present)
      const sums = yield* Determinism.checksums(a)
      expect(r.rows).toBe(sums.size)
      expect(sums.size).toBe(8 + 17)
    })
  )

  it.effect("one changed byte fails, naming the file and its first differing line", () =>
    Effect.gen(function* () {
      const [a, b] = yield* twoCopies
      const rel = F.partition("receipts", "2024-03-05")
      yield* Effect.promise(() => F.edit(b, rel, (t) => t.replace("32.48", "32.49")))
      const r = yield* Determinism.compare(a, b)
      expect(r.status).toBe("fail")
      expect(r.violations).toBe(1)
      expect(r.examples[0]!.file).toBe(rel)
      expect(r.examples[0]!.table).toBe("receipts")
      expect(r.examples[0]!.line).toBe(3)
      expect(r.examples[0]!.reason).toMatch(/^differs from .* \(sha256 [0-9a-f]{12}… vs [0-9a-f]{12}…\)$/)
    })
  )

  it.effect("a file present on one side only is a violation", () =>
    Effect.gen(function* () {
      const [a, b] = yield* twoCopies
      yield* Effect.promise(() => writeFile(join(b, "master", "extra.csv"), "ID\n1\n"))
      const r = yield* Determinism.compare(a, b)
      expect(r.violations).toBe(1)
      expect(r.examples[0]).toMatchObject({ file: "master/extra.csv", line: 0, reason: `only in ${b}` })
    })
  )

  it.effect("a truncated file differs at the line where it ends", () =>
    Effect.gen(function* () {
      const [a, b] = yield* twoCopies
      yield* Effect.promise(() =>
        F.edit(b, "master/stores.csv", (t) => t.split("\n").slice(0, 2).join("\n") + "\n")
      )
      const r = yield* Determinism.compare(a, b)
      expect(r.examples[0]).toMatchObject({ file: "master/stores.csv", line: 3 })
    })
  )

  it.effect("checksums are stable SHA-256 digests and a missing directory is an error", () =>
    Effect.gen(function* () {
      const [a, b] = yield* twoCopies
      const x = yield* Determinism.checksums(a)
      const y = yield* Determinism.checksums(b)
      expect([...x]).toEqual([...y])
      for (const v of x.values()) expect(v).toMatch(/^[0-9a-f]{64}$/)
      const e = yield* Effect.flip(Determinism.compare(a, join(a, "missing")))
      expect(e._tag).toBe("DatasetNotFound")
    })
  )
})
