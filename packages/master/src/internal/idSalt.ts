import { Hash } from "@retail-datagen/core"

/** Salt domain of the customer id scrambles (loyalty card, BLE id, ad id). */
const ID_DOMAIN = 0x5bd1e995

/** The salt of the scramble that turns a CustomerID into the id named `name` ("loyalty", "ble", "ad"). */
export const idSalt = (seed: number, name: string): number => Hash.salt(seed, name, ID_DOMAIN)
