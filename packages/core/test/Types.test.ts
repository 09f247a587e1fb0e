/**
 * Misuse that must not compile (issue #16). `tsc -p tsconfig.json` (the typecheck task) checks
 * this file: each `@ts-expect-error` fails the typecheck if the line below it compiles. The
 * runtime part only keeps the file a valid test.
 */
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Batch, Plugin, Services, Table } from "../src/index.js"

const Visits = Table.make("visits", {
  StoreID: Table.int,
  Note: Table.string,
  Kind: Table.enumOf(["A", "B"])
})

describe("typed tables, builders and service keys", () => {
  it("misuse fails to compile", () => {
    const b = Batch.builder(Visits)
    const misuse = () => {
      // @ts-expect-error a misspelled column
      b.num("StoreId")
      // @ts-expect-error num() on a text column
      b.num("Note")
      // @ts-expect-error str() on an int column
      b.str("StoreID")
      // @ts-expect-error code() on a text column
      b.code("Note")
      // @ts-expect-error indexOf of a column the table lacks
      Table.indexOf(Visits, "Count")
      // @ts-expect-error a partition key that is not an int column of the table
      Table.make("t", { StoreID: Table.string }, { partition: "StoreID" })
      // @ts-expect-error a partition key the table does not have
      Table.make("t", { Day: Table.date }, { partition: "DCID" })
    }
    expect(typeof misuse).toBe("function")
    // the right appenders compile
    b.num("StoreID").push(1)
    b.str("Note").push("x")
    b.code("Kind").push(1)
    expect(b.finish().length).toBe(1)
  })

  it("service keys carry the service type; an unrelated cast does not", () => {
    const ctx = {} as Plugin.InitContext
    const use = () => {
      expectTypeOf(ctx.service(Services.Stock)).toEqualTypeOf<Services.StockService>()
      expectTypeOf(ctx.service(Services.Exposure)).toEqualTypeOf<Services.ExposureService>()
      // @ts-expect-error the stock service has no visitLift
      ctx.service(Services.Stock).visitLift(1, 2)
      const Counter = Plugin.key<{ count(storeId: number): number }>()("counter")
      expectTypeOf(Counter.name).toEqualTypeOf<"counter">()
      // @ts-expect-error a wrong argument type for the keyed service
      ctx.service(Counter).count("7")
    }
    expect(typeof use).toBe("function")
    expect(Services.Stock.name).toBe("stock")
    expect(Services.Exposure.name).toBe("marketing")
  })

  it("upstream and service accept only declared dependencies; ctx.master is typed", () => {
    const Counter = Plugin.key<{ count(storeId: number): number }>()("counter")
    const plugin = Plugin.make({
      name: "returns",
      tables: [Visits],
      dependsOn: ["receipts", Counter.name],
      init: () => ({ b: Batch.builder(Visits) }),
      step: (state, ctx) => {
        const misuse = () => {
          ctx.upstream("receipts", "receipts")
          ctx.service(Counter).count(1)
          // @ts-expect-error upstream() of a plugin not in dependsOn
          ctx.upstream("sales", "receipts")
          // @ts-expect-error a service key of a plugin not in dependsOn
          ctx.service(Services.Stock)
          // @ts-expect-error a service by the name of a plugin not in dependsOn
          ctx.service<number>("stock")
          expectTypeOf(ctx.master.stores.dcId).toEqualTypeOf<ArrayLike<number>>()
          // @ts-expect-error the default master data has no such table
          ctx.master.warehouses
        }
        expect(typeof misuse).toBe("function")
        return [state.b.finish()]
      }
    })
    expectTypeOf(plugin.dependsOn).toEqualTypeOf<ReadonlyArray<"receipts" | "counter">>()
    // a plugin with typed dependencies is still a plugin of any dependencies (what a module exports)
    const any: Plugin.AnyPlugin = plugin
    expect(any.dependsOn).toEqual(["receipts", "counter"])
    const typed: Plugin.FactPlugin<null, Plugin.Network, unknown, "receipts"> = {
      name: "t",
      tables: [],
      dependsOn: ["receipts"],
      init: () => null,
      // @ts-expect-error a plugin typed with its dependencies rejects others in upstream()
      step: (_state, ctx) => [ctx.upstream("sales", "x")]
    }
    expect(typed.name).toBe("t")
    const wrong: Plugin.FactPlugin<null, Plugin.Network, unknown, "receipts"> = {
      ...typed,
      // @ts-expect-error dependsOn must list only the declared dependencies
      dependsOn: ["sales"]
    }
    expect(wrong.name).toBe("t")
  })

  it("an unparameterised Builder accepts any table's builder", () => {
    const state: { b: Batch.Builder } = { b: Batch.builder(Visits) }
    expect(state.b.table.name).toBe("visits")
  })
})
