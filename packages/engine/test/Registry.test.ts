import { describe, expect, it } from "@effect/vitest"
import { Plugin, Table } from "@retail-datagen/core"
import { Effect, FastCheck as fc } from "effect"
import { Registry } from "../src/index.js"
import { custom, sales, stock, tills, visits } from "./fixtures/plugins.js"

/** A table-less plugin with the given dependencies. */
const node = (name: string, dependsOn: ReadonlyArray<string>) => custom(name, dependsOn, [], () => [])

const names = (r: Registry.Registry) => r.plugins.map((p) => p.name)
const failure = (plugins: ReadonlyArray<Registry.AnyPlugin>) =>
  Effect.runSync(Effect.flip(Registry.make(plugins)))

/** Random graphs: `n` nodes, each edge i → j (i depends on j) present with the drawn flag. */
const graph = (acyclic: boolean) =>
  fc
    .integer({ min: 1, max: 9 })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        /** Hidden topological order (only used to build DAGs). */
        rank: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        /** Registration order. */
        registration: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        edges: fc.array(fc.boolean(), { minLength: n * n, maxLength: n * n })
      })
    )
    .map(({ n, rank, registration, edges }) => {
      const deps: Array<Array<string>> = [...Array(n)].map(() => [])
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const allowed = acyclic ? rank.indexOf(j) < rank.indexOf(i) : i !== j || edges[i * n + j]!
          if (allowed && edges[i * n + j]!) deps[i]!.push(`p${j}`)
        }
      }
      return registration.map((i) => node(`p${i}`, deps[i]!))
    })

describe("Registry.make", () => {
  it.effect("orders dependencies first, ties by registration order", () =>
    Effect.gen(function* () {
      const r = yield* Registry.make([sales, tills, stock, visits])
      expect(names(r)).toEqual(["stock", "visits", "sales", "tills"])
      expect(r.registered.map((p) => p.name)).toEqual(["sales", "tills", "stock", "visits"])
      expect(r.tables.map((t) => t.name)).toEqual(["stock", "visits", "sales", "tills"])
      const r2 = yield* Registry.make([node("c", ["a"]), node("b", []), node("a", [])])
      expect(names(r2)).toEqual(["b", "a", "c"])
    })
  )

  it.prop(
    "every plugin steps after its dependencies, earliest-registered ready plugin first",
    [graph(true)],
    ([plugins]) => {
      const order = Effect.runSync(Registry.make(plugins)).plugins
      expect(order.map((p) => p.name).sort()).toEqual(plugins.map((p) => p.name).sort())
      const placed = new Set<string>()
      for (const p of order) {
        for (const d of p.dependsOn) expect(placed.has(d)).toBe(true)
        const ready = plugins.filter((q) => !placed.has(q.name) && q.dependsOn.every((d) => placed.has(d)))
        expect(p.name).toBe(ready[0]!.name)
        placed.add(p.name)
      }
    }
  )

  it.prop("any graph is either ordered or fails with a real cycle", [graph(false)], ([plugins]) => {
    const result = Effect.runSync(Effect.either(Registry.make(plugins)))
    if (result._tag === "Right") {
      const seen = new Set<string>()
      for (const p of result.right.plugins) {
        for (const d of p.dependsOn) expect(seen.has(d)).toBe(true)
        seen.add(p.name)
      }
      return
    }
    const error = result.left
    if (error._tag !== "DependencyCycle") throw new Error(`unexpected ${error._tag}`)
    const cycle = error.cycle
    expect(cycle[0]).toBe(cycle[cycle.length - 1])
    expect(new Set(cycle.slice(0, -1)).size).toBe(cycle.length - 1)
    const byName = new Map(plugins.map((p) => [p.name, p]))
    for (let k = 0; k + 1 < cycle.length; k++)
      expect(byName.get(cycle[k]!)!.dependsOn).toContain(cycle[k + 1])
    expect(error.message).toBe(`dependency cycle: ${cycle.join(" → ")}`)
  })

  it("reports a missing dependency with the registered plugins", () => {
    const e = failure([visits, node("tills", ["visits", "vists"])])
    expect(e._tag).toBe("MissingDependency")
    expect(e.message).toBe(
      `plugin "tills" depends on "vists", which is not registered (registered: visits, tills)`
    )
  })

  it("reports a cycle from its earliest-registered plugin", () => {
    const a = node("a", ["b"])
    const b = node("b", ["c"])
    const c = node("c", ["a"])
    const d = node("d", [])
    expect(failure([d, a, b, c]).message).toBe("dependency cycle: a → b → c → a")
    expect(failure([c, a, b]).message).toBe("dependency cycle: c → a → b → c")
    expect(failure([node("x", ["x"])]).message).toBe("dependency cycle: x → x")
    // A plugin that only leads into a cycle is not part of it.
    expect(failure([node("e", ["a"]), d, a, b, c]).message).toBe("dependency cycle: a → b → c → a")
  })

  it("rejects duplicate plugins and tables", () => {
    expect(failure([visits, tills, visits]).message).toBe(`plugin "visits" is registered more than once`)
    const copy = Plugin.make({ ...stock, name: "stock2" })
    expect(failure([stock, copy]).message).toBe(
      `table "stock" is produced more than once (by "stock" and "stock2")`
    )
    const t = Table.make("t", { A: Table.int })
    const twice = custom("twice", [], [t, t], () => [])
    expect(failure([twice]).message).toBe(`table "t" is produced more than once (by "twice" and "twice")`)
  })

  it("rejects malformed plugins", () => {
    const { restore: _, ...noRestore } = stock
    expect(failure([visits, noRestore as Registry.AnyPlugin]).message).toBe(
      `plugin "stock" is invalid: save and restore must be defined together`
    )
    expect(failure([{ ...visits, name: "" }]).message).toBe(
      `plugin "#0" is invalid: name must be a non-empty string`
    )
    expect(failure([{ ...visits, dependsOn: "x" as never }]).message).toBe(
      `plugin "visits" is invalid: dependsOn must be an array of plugin names`
    )
  })

  it("accepts an empty list", () => {
    const r = Effect.runSync(Registry.make([]))
    expect(r.plugins).toEqual([])
    expect(Registry.isRegistry(r)).toBe(true)
    expect(Registry.isRegistry([])).toBe(false)
  })
})
