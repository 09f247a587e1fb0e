/**
 * Name and street dictionaries written for this project. Customers combine a first name, a last
 * name and a street address drawn independently, so no row describes a real person.
 */

const words = (s: string): ReadonlyArray<string> => s.trim().split(/\s+/)

/** Given names (common US given names, no surnames attached). */
export const FIRST_NAMES: ReadonlyArray<string> = words(`
Aaron Abigail Adam Adrian Aiden Alan Albert Alexa Alexis Alice Alicia Allison Amanda Amber Amelia
Amy Andrea Andrew Angela Anna Anthony Ariana Ashley Audrey Austin Ava Benjamin Bethany Beverly Blake
Brandon Brenda Brian Brianna Brittany Brooke Bruce Bryan Caleb Cameron Carl Carlos Carmen Carol
Caroline Carter Catherine Charles Charlotte Chase Chloe Christian Christina Christopher Claire Cody
Colin Connor Courtney Craig Crystal Cynthia Daisy Daniel Danielle David Dean Deborah Denise Derek
Destiny Diana Diego Dominic Donald Donna Dylan Edward Eleanor Elena Elijah Elizabeth Ella Emily Emma
Eric Erica Ethan Evan Evelyn Faith Felix Fiona Frances Gabriel Gavin Gloria Grace Grant Gregory
Hailey Hannah Harold Hazel Heather Helen Henry Hunter Ian Isaac Isabel Isaiah Jack Jacob Jacqueline
Jada James Jared Jasmine Jason Javier Jeffrey Jenna Jennifer Jeremy Jesse Jessica Joan Joel John
Jonathan Jordan Jose Joseph Joshua Joyce Juan Julia Julian Justin Kaitlyn Karen Katherine Kathleen
Kayla Keith Kelly Kenneth Kevin Kimberly Kyle Laura Lauren Leah Leonard Liam Lillian Lily Linda
Logan Lucas Lucy Luis Luke Madison Marcus Margaret Maria Marie Mark Martha Mason Matthew Maya Megan
Melissa Mia Michael Michelle Miguel Miles Molly Morgan Natalie Nathan Nicholas Nicole Noah Nora
Olivia Omar Oscar Owen Paige Patricia Patrick Paul Peter Philip Rachel Ramon Raymond Rebecca Riley
Robert Roger Rosa Ruby Russell Ryan Samantha Samuel Sandra Sara Scott Sean Sebastian Sharon Sofia
Sophia Spencer Stella Stephanie Steven Susan Sydney Taylor Teresa Theodore Thomas Timothy Tyler
Valerie Vanessa Victor Victoria Vincent Violet Walter Wesley William Wyatt Xavier Zachary Zoe
`)

/** Family names (common US surnames). */
export const LAST_NAMES: ReadonlyArray<string> = words(`
Adams Aguilar Alexander Allen Alvarez Anderson Armstrong Bailey Baker Banks Barnes Bell Bennett
Black Boyd Bradley Brooks Brown Bryant Burns Butler Campbell Carpenter Carroll Carter Castillo
Chavez Clark Coleman Collins Cook Cooper Cox Crawford Cruz Cunningham Daniels Davis Diaz Dixon
Douglas Duncan Dunn Edwards Elliott Ellis Evans Ferguson Fisher Flores Ford Foster Fox Freeman
Garcia Gardner Gibson Gomez Gonzales Gordon Graham Grant Gray Green Griffin Hall Hamilton Hansen
Harper Harris Harrison Hart Hayes Henderson Henry Hernandez Hicks Hill Holmes Howard Hudson Hughes
Hunt Hunter Jackson James Jenkins Jensen Johnson Jones Jordan Kelly Kennedy Kim King Knight Lane
Lawrence Lee Lewis Long Lopez Marshall Martin Martinez Mason Matthews Mendoza Meyer Miller Mills
Mitchell Moore Morales Morgan Morris Murphy Murray Myers Nelson Nguyen Nichols Olson Ortiz Owens
Palmer Parker Patel Patterson Payne Perez Perry Peters Peterson Phillips Pierce Porter Powell Price
Ramirez Ramos Reed Reyes Reynolds Rice Richardson Rivera Roberts Robertson Robinson Rodriguez Rogers
Rose Ross Russell Ruiz Sanchez Sanders Schmidt Scott Shaw Simmons Simpson Sims Snyder Spencer
Stephens Stevens Stewart Stone Sullivan Taylor Thomas Thompson Torres Tran Tucker Turner Vargas
Wagner Walker Wallace Walsh Ward Warren Washington Watson Weaver Webb Wells West White Williams
Willis Wilson Wood Woods Wright Young
`)

/** Residential street names. */
export const STREET_NAMES: ReadonlyArray<string> = words(`
Oak Maple Pine Cedar Elm Birch Walnut Chestnut Willow Spruce Aspen Magnolia Sycamore Hickory Poplar
Laurel Juniper Cypress Dogwood Redwood Main Park Lake Hill River Spring Meadow Forest Valley Ridge
Highland Sunset Sunrise Lakeview Hillcrest Fairview Pleasant Prospect Church School Mill Bridge
Center Union Market Franklin Lincoln Jefferson Madison Monroe Adams Grant Jackson Hamilton Harrison
Cleveland Wilson Garfield Lafayette Liberty Heritage Orchard Meadowlark Bluebird Robin Cardinal
Mockingbird Quail Heron Foxglove Primrose Rosewood Briarwood Woodland Brookside Creekside Riverside
Stonebridge Greenway Kingsley Ashford Belmont Carlton Dover Essex Glenwood Hawthorne Kensington
Lexington Marlow Newport Oxford Preston Royal Salem Somerset Trenton Windsor 1st 2nd 3rd 4th 5th
6th 7th 8th 9th 10th 11th 12th
`)

/** Street name suffixes. */
export const STREET_SUFFIXES: ReadonlyArray<string> = words(`St Ave Rd Dr Ln Blvd Ct Way Pl Ter Cir Pkwy Trl`)

/** Street names of industrial and commercial parks (DC addresses). */
export const INDUSTRIAL_STREETS: ReadonlyArray<string> = words(`
Commerce Industrial Logistics Distribution Freight Gateway Enterprise Innovation Corporate Trade
Depot Terminal Warehouse Cargo Junction Interchange Airport Railway Harbor Portside
`)

/** Suffixes of industrial streets. */
export const INDUSTRIAL_SUFFIXES: ReadonlyArray<string> = words(`Pkwy Blvd Dr Way Ct Rd`)
