/**
 * Parts of the synthetic brand and company names, written for this project. A brand is a
 * prefix and a suffix run together (`Fernholt`), a company a stem and a department suffix
 * (`Quenwick Foods`). The parts are chosen so that their compounds are invented words; the
 * test suite checks every generated name against a blocklist of real brands and companies.
 */
const words = (s: string): ReadonlyArray<string> => s.trim().split(/\s+/)

/** First halves of brand names. */
export const BRAND_PREFIXES: ReadonlyArray<string> = words(`
Amber Bramble Briar Cinder Clove Cobble Dapple Elder Fennel Fern Finch Gorse Hazel Heron Holly
Juniper Kestrel Larch Linden Lupine Marsh Merrow Nettle Osier Plover Quill Rowan Rush Sedge Sorrel
Sparrow Tansy Teal Thistle Thrush Vetch Wren Yarrow Alder Bracken Calla Dunlin Egret Fescue Mallow
Pipit Sloe Tamar
`)

/** Second halves of brand names (lower case, run into the prefix). */
export const BRAND_SUFFIXES: ReadonlyArray<string> = words(`
holt mere wick combe thorpe garth fold wyn stow bury lock by ness haugh ridge dell beck ton lea
worth ley hithe cote
`)

/** Company stems: invented surnames and place-like words. */
export const COMPANY_STEMS: ReadonlyArray<string> = words(`
Aldervane Brackenwell Corvantis Dellamore Elvenholt Fenmarch Galloran Hestwick Ivermere Jorvale
Kestrow Lindqvar Marrowby Nethercote Orlanth Pellbrook Quenwick Rostavel Sallowmere Thornquist
Umberlay Varrowind Westmarch Yarrowgate Zellbrook Ambervast Bellowmere Caddenford Drovanta Eskerine
Fallowmere Grintley Ironvale Jessamor Kallowen Lorvanda Mirenholt Norvessa Ostrelle Pemberlow
Quillmoor Ravencourt Stellaro Tavistrom Ulvenbrook Vantressa Wickerlund Xandrel Yellowmarch
Zephyrine Ardwynne Belvarro Calderwick Dunhallow Estermoor Farrowdale Glenvarra Harrowgate
Islemont Kinvarra
`)
