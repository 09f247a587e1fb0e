/** The dataset checks in report order. */
import type { CheckId } from "../Report.js"
import * as Inventory from "./checks/inventory.js"
import * as Keys from "./checks/keys.js"
import * as Money from "./checks/money.js"
import * as Plugins from "./checks/plugins.js"
import * as Receipts from "./checks/receipts.js"
import * as Sensors from "./checks/sensors.js"
import * as Time from "./checks/time.js"
import * as Unique from "./checks/unique.js"
import type { CheckFactory, HoursRule } from "./session.js"
import { Session } from "./session.js"
import type * as S from "./spec.js"

export const CHECKS: ReadonlyArray<readonly [CheckId, CheckFactory]> = [
  ["I1", Keys.make],
  ["I2", Unique.make],
  ["I3", Receipts.make],
  ["I4", Inventory.make],
  ["I5", Time.make],
  ["I6", Money.make],
  ["I7", Sensors.make]
]

export interface SessionOptions {
  readonly examples?: number | undefined
  readonly only?: ReadonlyArray<CheckId> | undefined
  readonly hours?: HoursRule | undefined
  /** Plugin tables by spec: with any, check `P` runs too. */
  readonly plugins?: ReadonlyMap<S.TableSpec, Plugins.PluginTable> | undefined
}

export const session = (options: SessionOptions = {}): Session => {
  const plugins = options.plugins ?? new Map()
  const all: ReadonlyArray<readonly [CheckId, CheckFactory]> =
    plugins.size === 0 ? CHECKS : [...CHECKS, ["P", Plugins.make(plugins)]]
  return new Session(
    options.only === undefined ? all : all.filter(([id]) => options.only!.includes(id)),
    options.examples ?? 5,
    options.hours
  )
}
