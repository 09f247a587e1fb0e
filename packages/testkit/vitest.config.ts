import { suites } from "../../tooling/vitest.preset.js"

// The byte comparisons over 1, 2, 3 workers and 2, 3 shards + merge are heavy end-to-end files (over
// 10 s each): the `test:heavy` task, which `npm test` runs last.
export default suites([], ["test/Splits.test.ts", "test/BuiltIn.test.ts"])
