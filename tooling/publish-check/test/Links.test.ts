/**
 * Documentation links stay inside the repository: every relative link of a Markdown file names a
 * file that exists, and the READMEs that ship in packages (shown on npm, where relative links
 * lead nowhere) link only to absolute URLs or to their own headings.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"

const root = new URL("../../../", import.meta.url).pathname

const packageReadmes = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(group, name, "README.md"))
    .filter((file) => existsSync(join(root, file)))
)

const markdown = [
  "README.md",
  ...packageReadmes,
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
  ...readdirSync(join(root, "tooling"))
    .map((name) => join("tooling", name, "README.md"))
    .filter((file) => existsSync(join(root, file)))
]

/** The targets of `[text](target)` links outside code blocks. */
const links = (file: string): Array<string> => {
  const text = readFileSync(join(root, file), "utf8").replace(/```[\s\S]*?```/g, "")
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!)
}

const isAbsolute = (target: string) => /^(https?:|mailto:)/.test(target)

/** Links into this repository's main branch (the `repository` of every package.json). */
const REPO = "https://github.com/retail-datagen/retail-datagen/blob/main/"

describe("documentation links", () => {
  it.each(markdown)("%s: relative links name files of the repository", (file) => {
    const broken = links(file)
      .filter((t) => !isAbsolute(t) && !t.startsWith("#"))
      .filter((t) => !existsSync(join(root, dirname(file), t.split("#")[0]!)))
    expect(broken).toEqual([])
  })

  it.each(markdown)("%s: links into the repository's main branch name files that exist", (file) => {
    const broken = links(file)
      .filter((t) => t.startsWith(REPO))
      .filter((t) => !existsSync(join(root, t.slice(REPO.length).split("#")[0]!)))
    expect(broken).toEqual([])
  })

  it.each(packageReadmes)("%s: only absolute links (it is read on npm too)", (file) => {
    expect(links(file).filter((t) => !isAbsolute(t) && !t.startsWith("#"))).toEqual([])
  })

  it("the data contract is linked from the README", () => {
    expect(links("README.md")).toContain("docs/data-contract.md")
  })
})
