import { suites } from "../vitest.preset.js"

// The publish through a local registry is a heavy end-to-end file (minutes): the `test:heavy` task,
// which `npm test` runs last.
export default suites([], ["test/Publish.test.ts"])
