/**
 * Trucks: `trucksPerDc` per DC, numbered DC by DC (the trucks of DC `d` are the ids
 * `dcStart[d-1] + 1 … dcStart[d]`). About 30 % of each DC's fleet (at least one truck) is
 * refrigerated; refrigerated trucks also carry ambient goods. Plates are fictional
 * (`TX-KRT0042`: the DC's state, three letters, the truck id).
 *
 * @example
 * import { Trucks } from "@retail-datagen/master"
 * Trucks.truckId(42) // "TRK0042", the TruckId fact tables write for truck 42
 */
import { Ids } from "@retail-datagen/core"

/** Share of each DC's fleet that is refrigerated (rounded, at least one truck). */
export const REFRIGERATED_SHARE = 0.3

/** Prefix of the TruckId written in fact tables. */
export const TRUCK_ID_PREFIX = "TRK"

/** The TruckId fact tables write for truck `id` (`TRK` + the id on at least 4 digits). */
export const truckId = (id: number): string => Ids.format(TRUCK_ID_PREFIX, id, 4)

/** Columnar trucks. */
export interface TruckTable {
  readonly length: number
  readonly licensePlate: ReadonlyArray<string>
  /** 1 when refrigerated. */
  readonly refrigerated: Uint8Array
  readonly dcId: Int32Array
  readonly capacityUnits: Int32Array
  /** Row offsets by DC: the trucks of DC `d` are rows `dcStart[d-1] … dcStart[d]-1`. */
  readonly dcStart: Int32Array
}
