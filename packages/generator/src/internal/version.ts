import { createRequire } from "node:module"

/**
 * The version of this package, from its own package.json, resolved by package name through its
 * `exports` (so it does not depend on where `src/` or `dist/` sit inside the package).
 */
export const version: string = (
  createRequire(import.meta.url)("@retail-datagen/generator/package.json") as { version: string }
).version
