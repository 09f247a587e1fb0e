import { suites } from "../../tooling/vitest.preset.js"

// The worker-thread runs (byte comparisons over 1–3 workers and shards, crashes, resumes; over 10 s
// each) are a heavy end-to-end file: the `test:heavy` task, which `npm test` runs last.
export default suites([], ["test/Workers.test.ts"])
