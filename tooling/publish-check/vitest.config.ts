import { suites } from "../vitest.preset.js"

// The publish through a local registry is a heavy end-to-end file (minutes): the `test:heavy` task,
// which CI runs after `npm test`.
export default suites([], ["test/Publish.test.ts"])
