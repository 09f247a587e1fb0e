/** The version of this package (written from package.json by scripts/package-manifests.mjs --write). */
export const version: string = "0.1.0"
