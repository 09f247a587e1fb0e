import { Option, SchemaAST } from "effect"

/** The object shape under refinements / transformations (encoded side), or undefined for a leaf. */
export const typeLiteral = (ast: SchemaAST.AST): SchemaAST.TypeLiteral | undefined => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast
    case "Refinement":
    case "Transformation":
      return typeLiteral(ast.from)
    case "Suspend":
      return typeLiteral(ast.f())
    default:
      return undefined
  }
}

/** The node under refinements, transformations and unions (the first object or array member). */
const container = (ast: SchemaAST.AST): SchemaAST.TypeLiteral | SchemaAST.TupleType | undefined => {
  switch (ast._tag) {
    case "TypeLiteral":
    case "TupleType":
      return ast
    case "Refinement":
    case "Transformation":
      return container(ast.from)
    case "Suspend":
      return container(ast.f())
    case "Union":
      for (const member of ast.types) {
        const c = container(member)
        if (c !== undefined) return c
      }
      return undefined
    default:
      return undefined
  }
}

/** The keys allowed in the object found at `path` (empty when there is no object there). */
export const keysAt = (root: SchemaAST.AST, path: ReadonlyArray<PropertyKey>): Array<string> => {
  let node = container(root)
  for (const seg of path) {
    if (node === undefined) break
    if (node._tag === "TupleType") {
      const element = typeof seg === "number" ? (node.elements[seg]?.type ?? node.rest[0]?.type) : undefined
      node = element === undefined ? undefined : container(element)
    } else {
      const property = node.propertySignatures.find((p) => p.name === seg)
      node = property === undefined ? undefined : container(property.type)
    }
  }
  return node === undefined || node._tag !== "TypeLiteral"
    ? []
    : node.propertySignatures.map((p) => String(p.name))
}

/** A leaf field of a nested object schema, with its dotted key and the AST carrying its annotations. */
export interface Leaf {
  readonly key: string
  readonly ast: SchemaAST.AST
}

/** Every leaf field under `root`, depth first, in declaration order. */
export const leaves = (root: SchemaAST.AST, prefix = ""): Array<Leaf> => {
  const node = typeLiteral(root)
  if (node === undefined) return []
  const out: Array<Leaf> = []
  for (const p of node.propertySignatures) {
    const key = prefix === "" ? String(p.name) : `${prefix}.${String(p.name)}`
    if (typeLiteral(p.type) !== undefined) out.push(...leaves(p.type, key))
    else out.push({ key, ast: p.type })
  }
  return out
}

/** A symbol-keyed annotation of a node, if present. */
export const annotation = <A>(ast: SchemaAST.AST, id: symbol): A | undefined =>
  Option.getOrUndefined(SchemaAST.getAnnotation<A>(ast, id))
