/**
 * The product taxonomy written for this project: department → category → subcategory, with a
 * base-price band, storage and taxability per category, descriptors ("variants") per category
 * and item nouns and pack sizes per subcategory. Parsed once at module load.
 *
 * Line kinds: `D name | share % | company suffixes`, `C name | low-high dollars | storage |
 * taxability | popularity weight | variants`, `S name | items | sizes` (sizes may be empty).
 */
const RAW = `
D Grocery | 30 | Foods, Provisions, Pantry Co.
C Produce | 0.99-6.99 | chilled | exempt_food | 3.0 | Fresh, Organic, Farm, Select, Local, Premium
S Fruit | Bananas, Strawberries, Grapes, Navel Oranges, Pears, Blueberries, Peaches, Lemons | 1 lb, 2 lb, 3 lb bag, each
S Vegetables | Carrots, Broccoli, Spinach, Russet Potatoes, Yellow Onions, Bell Peppers, Roma Tomatoes, Cucumbers | 1 lb, 2 lb, 5 lb bag, each
S Salads & Herbs | Salad Mix, Romaine Hearts, Baby Arugula, Basil, Cilantro, Coleslaw Mix | 5 oz, 10 oz, 1 bunch
C Dairy & Eggs | 1.49-8.99 | chilled | exempt_food | 3.0 | Classic, Organic, Farmhouse, Creamery, Reduced Fat, Grass-Fed
S Milk | Whole Milk, 2% Milk, Skim Milk, Oat Milk, Almond Milk, Chocolate Milk | 1 qt, half gal, 1 gal
S Cheese | Sharp Cheddar, Mozzarella, Swiss Slices, Shredded Parmesan, Pepper Jack, String Cheese | 8 oz, 12 oz, 16 oz
S Yogurt | Greek Yogurt, Yogurt Cups, Kefir, Skyr | 5.3 oz, 32 oz, 4 pack
S Eggs & Butter | Large Eggs, Butter Sticks, Sour Cream, Cream Cheese, Heavy Cream | 12 ct, 18 ct, 8 oz, 16 oz
C Meat & Seafood | 3.99-24.99 | chilled | exempt_food | 2.0 | Fresh, Premium, Choice, Wild-Caught, Family Pack, Lean
S Beef | Ground Beef, Ribeye Steak, Sirloin Steak, Beef Stew Meat, Chuck Roast | 1 lb, 2 lb, 3 lb
S Poultry | Chicken Breast, Chicken Thighs, Turkey Breast, Chicken Wings, Ground Turkey | 1 lb, 2 lb, 3 lb
S Pork | Pork Chops, Pork Tenderloin, Bacon, Breakfast Sausage | 12 oz, 1 lb, 2 lb
S Seafood | Salmon Fillet, Shrimp, Tilapia Fillet, Cod Fillet | 8 oz, 1 lb, 2 lb
S Deli | Sliced Ham, Roast Turkey, Genoa Salami, Hummus | 7 oz, 9 oz, 16 oz
C Bakery | 1.99-7.99 | ambient | exempt_food | 2.0 | Fresh-Baked, Artisan, Homestyle, Whole Grain, Classic
S Bread | Sandwich Bread, Sourdough Loaf, Wheat Bread, Bagels, Hamburger Buns, Tortillas | 6 ct, 8 ct, 20 oz, 24 oz
S Sweet Bakery | Blueberry Muffins, Croissants, Glazed Donuts, Chocolate Chip Cookies, Cinnamon Rolls | 4 ct, 6 ct, 12 ct
C Pantry | 0.99-9.99 | ambient | exempt_food | 2.5 | Classic, Organic, Family Size, Value, Premium, Homestyle
S Pasta & Rice | Spaghetti, Penne, Elbow Macaroni, Long Grain Rice, Jasmine Rice, Brown Rice | 1 lb, 2 lb, 5 lb
S Canned Goods | Black Beans, Diced Tomatoes, Chicken Noodle Soup, Sweet Corn, Tuna, Green Beans | 10.5 oz, 14.5 oz, 15 oz
S Baking | Flour, Granulated Sugar, Brown Sugar, Baking Soda, Vanilla Extract, Chocolate Chips | 12 oz, 2 lb, 4 lb, 5 lb
S Condiments & Oils | Ketchup, Yellow Mustard, Mayonnaise, Salsa, Olive Oil, Vegetable Oil, Barbecue Sauce | 12 oz, 20 oz, 32 oz
C Snacks | 0.99-6.99 | ambient | reduced | 2.5 | Classic, Sea Salt, Spicy, Lightly Salted, Party Size, Snack Pack
S Chips & Pretzels | Potato Chips, Tortilla Chips, Pretzel Twists, Popcorn, Cheese Puffs | 7 oz, 10 oz, 13 oz
S Candy | Milk Chocolate Bar, Gummy Bears, Peppermints, Caramel Chews, Sour Candy | 1.5 oz, 5 oz, 10 oz
S Nuts & Bars | Trail Mix, Granola Bars, Roasted Almonds, Cashews, Protein Bars | 6 ct, 10 oz, 16 oz
C Breakfast | 2.49-7.99 | ambient | exempt_food | 1.5 | Original, Honey, Whole Grain, Family Size, Lightly Sweetened
S Cereal | Corn Flakes, Oat Rings, Granola, Bran Flakes, Rice Crisps | 12 oz, 18 oz, 24 oz
S Hot Cereal | Instant Oatmeal, Steel Cut Oats, Grits, Cream of Wheat | 8 ct, 18 oz, 42 oz
S Spreads & Syrups | Peanut Butter, Strawberry Jam, Clover Honey, Maple Syrup, Almond Butter | 12 oz, 16 oz, 28 oz
C Frozen | 1.99-11.99 | frozen | exempt_food | 2.0 | Classic, Family Size, Homestyle, Organic, Single Serve
S Frozen Meals | Lasagna, Pepperoni Pizza, Bean Burritos, Chicken Pot Pie, Mac and Cheese | 10 oz, 20 oz, 38 oz
S Frozen Vegetables | Sweet Peas, Mixed Vegetables, Cut Green Beans, Broccoli Florets, Corn | 12 oz, 16 oz, 32 oz
S Ice Cream & Desserts | Vanilla Ice Cream, Fruit Pops, Frozen Yogurt, Chocolate Ice Cream | 6 ct, 1.5 qt, 1 pint
S Frozen Breakfast | Waffles, Breakfast Sandwiches, Pancakes | 6 ct, 10 ct, 24 ct
D Beverages | 10 | Beverage Co., Drinks
C Soft Drinks | 0.99-8.99 | ambient | reduced | 2.5 | Classic, Zero Sugar, Diet, Caffeine Free, Mini Can
S Cola | Cola, Cherry Cola, Vanilla Cola | 2 liter, 12 pack, 6 pack
S Flavored Soda | Lemon-Lime Soda, Root Beer, Ginger Ale, Orange Soda, Cream Soda | 2 liter, 12 pack, 6 pack
S Sparkling Water | Sparkling Water, Lime Seltzer, Berry Seltzer | 1 liter, 8 pack, 12 pack
C Juice | 1.99-7.99 | chilled | exempt_food | 1.5 | Original, No Pulp, Not From Concentrate, Light, Organic
S Juice | Orange Juice, Grape Juice, Cranberry Juice, Lemonade, Fruit Punch | 52 oz, 64 oz, 89 oz
S Smoothies | Berry Smoothie, Mango Smoothie, Green Smoothie | 15 oz, 32 oz
C Coffee & Tea | 2.99-16.99 | ambient | exempt_food | 1.5 | Medium Roast, Dark Roast, Decaf, Breakfast Blend, Organic
S Coffee | Ground Coffee, Whole Bean Coffee, Coffee Pods, Instant Coffee | 12 oz, 24 ct, 30 oz
S Tea | Green Tea, Black Tea, Herbal Tea, Chai Tea, Iced Tea Mix | 20 ct, 40 ct, 100 ct
C Water | 0.99-7.99 | ambient | exempt_food | 2.0 | Natural, Purified, Mountain, Premium
S Bottled Water | Spring Water, Purified Water, Alkaline Water, Distilled Water | 1 gal, 24 pack, 16.9 oz
S Flavored Water | Electrolyte Water, Cucumber Water, Lemon Water | 20 oz, 12 pack
C Sports & Energy | 1.49-9.99 | ambient | reduced | 1.0 | Original, Sugar Free, Tropical, Berry, Citrus
S Energy Drinks | Energy Drink, Energy Shot, Sparkling Energy | 16 oz, 4 pack, 12 pack
S Sports Drinks | Sports Drink, Protein Shake, Recovery Drink | 28 oz, 8 pack, 12 pack
D Household | 8 | Home Products, Household Goods
C Cleaning | 1.99-12.99 | ambient | taxable | 1.2 | Lemon, Fresh Scent, Unscented, Lavender, Heavy Duty, Eco
S Surface Cleaners | Multi-Surface Cleaner, Glass Cleaner, Disinfecting Wipes, Bathroom Cleaner, Floor Cleaner | 32 oz, 75 ct, 2 pack
S Dish Care | Dish Soap, Dishwasher Pods, Scrub Sponges, Dishwasher Rinse Aid | 24 oz, 42 ct, 6 pack
C Laundry | 3.99-19.99 | ambient | taxable | 1.2 | Original, Free & Clear, Spring Meadow, Ocean Breeze, High Efficiency
S Detergent | Laundry Detergent, Detergent Pacs, Powder Detergent | 64 loads, 92 oz, 42 ct
S Fabric Care | Fabric Softener, Dryer Sheets, Stain Remover, Color Safe Booster | 40 ct, 80 ct, 64 oz
C Paper Goods | 2.99-24.99 | ambient | taxable | 1.5 | Ultra Soft, Strong, Select-a-Size, Value, Premium
S Paper Goods | Paper Towels, Bath Tissue, Facial Tissue, Paper Napkins, Paper Plates | 6 rolls, 12 rolls, 24 rolls, 3 pack
C Storage & Trash | 2.49-14.99 | ambient | taxable | 1.0 | Heavy Duty, Drawstring, Extra Large, Value, Reclosable
S Trash Bags | Kitchen Trash Bags, Outdoor Trash Bags, Compost Bags | 40 ct, 80 ct
S Food Storage | Sandwich Bags, Freezer Bags, Aluminum Foil, Plastic Wrap, Parchment Paper | 50 ct, 100 ct, 75 sq ft
D Personal Care | 8 | Personal Care, Consumer Brands
C Hair Care | 2.99-14.99 | ambient | taxable | 1.0 | Moisturizing, Volumizing, Clarifying, Curl Defining, Coconut, Argan
S Hair Care | Shampoo, Conditioner, Styling Gel, Dry Shampoo, Leave-In Spray | 8 oz, 12 oz, 25 oz
C Oral Care | 1.49-9.99 | ambient | taxable | 1.0 | Whitening, Sensitive, Fresh Mint, Cavity Protection, Charcoal
S Oral Care | Toothpaste, Soft Toothbrush, Mouth Rinse, Dental Floss, Whitening Strips | 4.8 oz, 2 pack, 1 liter
C Bath & Body | 1.99-12.99 | ambient | taxable | 1.2 | Shea Butter, Oatmeal, Cucumber Melon, Unscented, Aloe
S Soap | Body Wash, Bar Soap, Hand Soap, Hand Sanitizer | 3 pack, 16 oz, 22 oz
S Lotion | Body Lotion, Hand Cream, Body Oil | 8 oz, 16 oz
C Shaving & Deodorant | 2.99-24.99 | ambient | taxable | 0.8 | Sensitive, Fresh, Sport, Clinical, Unscented
S Shaving | Disposable Razors, Razor Cartridges, Shaving Cream, Aftershave Balm | 4 ct, 12 ct, 7 oz
S Deodorant | Deodorant Stick, Antiperspirant Spray, Body Spray | 2.6 oz, 2 pack, 4 oz
D Health & Beauty | 6 | Health, Wellness Labs
C Pharmacy | 3.99-19.99 | ambient | reduced | 0.8 | Extra Strength, Maximum Strength, Children's, Non-Drowsy, Rapid Release
S Pain Relief | Pain Reliever Tablets, Ibuprofen Caplets, Acetaminophen Caplets, Muscle Rub | 24 ct, 100 ct, 3 oz
S Cold & Allergy | Allergy Relief Tablets, Cough Syrup, Nasal Spray, Throat Lozenges | 30 ct, 8 oz, 1 oz
S Digestive Health | Antacid Chews, Fiber Supplement, Stomach Relief Liquid | 72 ct, 12 oz
C Vitamins | 5.99-29.99 | ambient | reduced | 0.6 | Daily, Gummy, Adult, Women's, Men's, Extra Strength
S Vitamins | Multivitamin, Vitamin C, Vitamin D3, Fish Oil, Probiotic, Magnesium | 60 ct, 100 ct, 150 ct
C Cosmetics | 3.99-29.99 | ambient | taxable | 0.6 | Matte, Long-Wear, Natural, Waterproof, Satin
S Face | Liquid Foundation, Concealer, Pressed Powder, Blush | 1 oz, 0.3 oz
S Eyes | Mascara, Eyeliner Pencil, Eyeshadow Palette, Brow Pencil | 0.3 oz, 12 shades
S Lips | Lip Color, Lip Balm, Lip Gloss | 0.15 oz, 2 pack
C Skin Care | 4.99-39.99 | ambient | taxable | 0.6 | Hydrating, Gentle, Oil-Free, Brightening, Fragrance-Free
S Skin Care | Facial Cleanser, Daily Moisturizer, Sunscreen SPF 50, Face Serum, Night Cream | 1.7 oz, 6 oz, 8 oz
C First Aid | 1.99-24.99 | ambient | taxable | 0.5 | Flexible, Waterproof, Sterile, Travel, Family
S First Aid | Adhesive Bandages, Antiseptic Spray, First Aid Kit, Cotton Swabs, Gauze Pads | 30 ct, 100 ct, 300 ct
D Electronics | 6 | Electronics, Devices
C TV & Video | 149.99-999.99 | ambient | taxable | 0.08 | 4K, HD, Smart, QLED, Slim
S Televisions | 43-inch TV, 50-inch TV, 55-inch TV, 65-inch TV | 
C Streaming & Accessories | 9.99-79.99 | ambient | taxable | 0.3 | 4K, HD, Universal, Compact, Premium
S Streaming | Streaming Stick, Streaming Box, Universal Remote, HDMI Cable, TV Wall Mount | 
C Audio | 14.99-299.99 | ambient | taxable | 0.25 | Wireless, Noise Cancelling, Portable, Sport, Studio
S Headphones | Earbuds, Over-Ear Headphones, On-Ear Headphones | 
S Speakers | Portable Speaker, Soundbar, Smart Speaker, Party Speaker | 
C Computers & Tablets | 149.99-1299.99 | ambient | taxable | 0.08 | 14-inch, 15.6-inch, 10-inch, 27-inch, Touchscreen
S Computers | Laptop, Tablet, Desktop Computer, Computer Monitor | 
C Computer Accessories | 9.99-89.99 | ambient | taxable | 0.3 | Wireless, Ergonomic, Compact, USB-C, Backlit
S Computer Accessories | Keyboard, Mouse, USB Hub, Webcam, Flash Drive, Laptop Sleeve | 
C Phones & Accessories | 7.99-49.99 | ambient | taxable | 0.5 | Fast Charging, Rugged, Slim, Universal, Magnetic
S Phone Accessories | Phone Case, Charging Cable, Wall Charger, Power Bank, Screen Protector, Car Charger | 
C Gaming | 19.99-69.99 | ambient | taxable | 0.2 | Wireless, Pro, Deluxe, Classic
S Gaming | Game Controller, Gaming Headset, Gaming Mouse, Video Game | 
C Batteries & Power | 3.99-24.99 | ambient | taxable | 0.5 | Alkaline, Rechargeable, Heavy Duty, Long-Lasting
S Batteries & Power | AA Batteries, AAA Batteries, 9V Batteries, Extension Cord, Surge Protector | 4 pack, 8 pack, 24 pack
D Clothing | 8 | Apparel, Outfitters
C Men's | 7.99-49.99 | ambient | taxable | 0.6 | Classic Fit, Slim Fit, Relaxed Fit, Performance, Heather
S Men's Tops | Men's Crew Tee, Men's Pique Shirt, Men's Flannel Shirt, Men's Hoodie | S, M, L, XL
S Men's Bottoms | Men's Jeans, Men's Chinos, Men's Shorts, Men's Joggers | 30x30, 32x32, 34x32, 36x32
S Men's Basics | Men's Crew Socks, Men's Boxer Briefs, Men's Undershirts | 3 pack, 6 pack
C Women's | 9.99-59.99 | ambient | taxable | 0.7 | Everyday, Relaxed, Fitted, Stretch, Soft
S Women's Tops | Women's Tee, Women's Blouse, Women's Cardigan, Women's Tank | XS, S, M, L, XL
S Women's Bottoms | Women's Jeans, Women's Leggings, Women's Skirt, Women's Shorts | 2, 4, 6, 8, 10, 12
S Women's Dresses | Women's Midi Dress, Women's Maxi Dress, Women's Wrap Dress | XS, S, M, L
C Kids' Clothing | 5.99-29.99 | ambient | taxable | 0.4 | Playground, Everyday, Graphic, Soft
S Kids' Clothing | Kids' Tee, Kids' Jeans, Kids' Pajamas, Kids' Hoodie, Kids' Socks | 4T, 5T, 6, 8, 10, 12
C Shoes | 14.99-89.99 | ambient | taxable | 0.3 | Lightweight, Cushioned, Waterproof, Casual, Trail
S Shoes | Running Shoes, Sandals, Ankle Boots, Slippers, Canvas Sneakers | 7, 8, 9, 10, 11
C Accessories | 6.99-39.99 | ambient | taxable | 0.3 | Classic, Everyday, Travel, Insulated, Woven
S Accessories | Baseball Cap, Sunglasses, Backpack, Leather Belt, Winter Gloves, Knit Beanie | 
D Home & Garden | 6 | Home & Garden, Housewares
C Kitchen | 9.99-79.99 | ambient | taxable | 0.4 | Nonstick, Stainless, Ceramic, Cast Iron, Everyday
S Cookware | Skillet, Saucepan, Stock Pot, Baking Sheet, Mixing Bowls | 8-inch, 10-inch, 12-inch, 3 qt
S Tableware | Dinner Plates, Drinking Glasses, Flatware Set, Coffee Mugs | 4 pack, 12 pc, 16 pc
C Small Appliances | 19.99-149.99 | ambient | taxable | 0.15 | Programmable, Compact, Digital, Stainless, 2-Speed
S Small Appliances | Coffee Maker, Toaster, Blender, Air Fryer, Electric Kettle, Slow Cooker | 
C Bedding & Bath | 9.99-89.99 | ambient | taxable | 0.3 | Microfiber, Cotton, Cooling, Plush, Quilted
S Bedding | Sheet Set, Bed Pillow, Comforter, Mattress Pad | Twin, Full, Queen, King
S Bath | Bath Towel, Hand Towel, Bath Mat, Shower Curtain | 2 pack, 6 pc
C Home Decor | 7.99-59.99 | ambient | taxable | 0.3 | Rustic, Modern, Farmhouse, Coastal, Minimalist
S Home Decor | Picture Frame, Scented Candle, Throw Pillow, Wall Clock, Table Lamp, Area Rug | 
C Grilling | 5.99-199.99 | ambient | taxable | 0.25 | Stainless, Heavy Duty, Portable, Deluxe, Classic
S Grilling | Charcoal Briquettes, Grill Brush, Portable Grill, Grill Cover, Grilling Tool Set, Wood Pellets | 
C Lawn & Garden | 2.99-49.99 | ambient | taxable | 0.35 | Organic, All-Season, Premium, Heavy Duty, Quick Grow
S Lawn & Garden | Potting Soil, Garden Hose, Plant Food, Flower Seeds, Pruning Shears, Flower Pot, Grass Seed | 
C Patio | 9.99-149.99 | ambient | taxable | 0.15 | Weatherproof, Folding, Solar, Wicker, Outdoor
S Patio | Patio Chair, Outdoor Cushion, String Lights, Cooler, Patio Umbrella | 
C Tools & Hardware | 3.99-49.99 | ambient | taxable | 0.3 | Pro, Heavy Duty, Compact, Multi-Purpose, Magnetic
S Tools & Hardware | Claw Hammer, Screwdriver Set, Tape Measure, LED Light Bulbs, Duct Tape, Cordless Drill | 
D Baby & Kids | 4 | Kids, Family Brands
C Diapering | 4.99-49.99 | ambient | reduced | 0.6 | Sensitive, Overnight, Fragrance-Free, Ultra Soft
S Diapering | Diapers, Baby Wipes, Diaper Rash Cream, Training Pants | Size 1, Size 3, Size 5, 72 ct
C Baby Food & Formula | 1.49-39.99 | ambient | exempt_food | 0.5 | Organic, Stage 1, Stage 2, Gentle, Toddler
S Baby Food & Formula | Infant Formula, Baby Food Pouches, Baby Oatmeal Cereal, Toddler Puffs | 4 oz, 8 oz, 22 oz
C Baby Gear | 4.99-199.99 | ambient | taxable | 0.15 | Anti-Colic, Lightweight, Convertible, Travel, Classic
S Baby Gear | Baby Bottles, Pacifiers, Baby Monitor, Convertible Car Seat, Stroller, High Chair | 
C Toys | 4.99-59.99 | ambient | taxable | 0.4 | Deluxe, Classic, Mini, Junior, Collector's
S Toys | Building Bricks Set, Action Figure, Plush Bear, Board Game, Jigsaw Puzzle, Fashion Doll, Toy Car | 
D Pet | 4 | Pet Supply, Pet Foods
C Dog | 2.99-59.99 | ambient | taxable | 0.7 | Chicken Recipe, Beef Recipe, Grain-Free, Senior, Puppy
S Dog | Dry Dog Food, Wet Dog Food, Dog Treats, Dog Chew Toy, Dog Leash | 3 lb, 15 lb, 30 lb, 13 oz
C Cat | 0.99-34.99 | ambient | taxable | 0.7 | Salmon Recipe, Chicken Recipe, Indoor, Kitten, Hairball Control
S Cat | Dry Cat Food, Wet Cat Food, Clumping Cat Litter, Cat Treats, Cat Toy | 3 oz, 3 lb, 16 lb, 20 lb
C Small Pet & Fish | 2.99-39.99 | ambient | taxable | 0.2 | Natural, Premium, Daily, Complete
S Small Pet & Fish | Fish Flakes, Wild Bird Seed, Small Animal Bedding, Aquarium Filter, Hamster Food | 
D Automotive | 3 | Auto Care, Motor Supply
C Car Care | 2.99-24.99 | ambient | taxable | 0.3 | Pro, Quick, Ceramic, Spray, Ultra
S Car Care | Car Wash Soap, Car Wax, Microfiber Cloths, Tire Shine, Car Air Freshener | 
C Fluids & Oil | 3.99-39.99 | ambient | taxable | 0.3 | Synthetic, High Mileage, All-Season, Conventional
S Fluids & Oil | Motor Oil 5W-30, Windshield Washer Fluid, Antifreeze Coolant, Brake Fluid | 1 qt, 5 qt, 1 gal
C Auto Accessories | 5.99-59.99 | ambient | taxable | 0.2 | Universal, Heavy Duty, Deluxe, Compact
S Auto Accessories | Phone Mount, Seat Covers, Floor Mats, Jumper Cables, Tire Pressure Gauge | 
D Office | 3 | Office Supply, Stationery
C Paper & Notebooks | 1.49-39.99 | ambient | taxable | 0.4 | College Ruled, Wide Ruled, Recycled, Bright White
S Paper & Notebooks | Copy Paper, Spiral Notebook, Sticky Notes, Legal Pads, Composition Book | 1 ream, 3 pack, 5 pack
C Writing | 1.99-19.99 | ambient | taxable | 0.4 | Fine Point, Medium Point, Retractable, Assorted Colors
S Writing | Ballpoint Pens, Gel Pens, No. 2 Pencils, Highlighters, Permanent Markers, Dry Erase Markers | 4 pack, 10 pack, 24 pack
C Office Supplies | 1.99-29.99 | ambient | taxable | 0.3 | Heavy Duty, Desktop, Compact, Standard
S Office Supplies | Stapler, Ring Binder, File Folders, Tape Dispenser, Desk Organizer, Envelopes | 
C School Supplies | 0.99-29.99 | ambient | taxable | 0.3 | Classic, Washable, Kids', Assorted
S School Supplies | Lunch Box, Crayons, Glue Sticks, Safety Scissors, Pencil Case, Colored Pencils | 
D Seasonal & Sports | 4 | Outdoors, Sporting Goods
C Fitness | 5.99-79.99 | ambient | taxable | 0.25 | Non-Slip, Adjustable, Pro, Lightweight
S Fitness | Yoga Mat, Dumbbells, Resistance Bands, Water Bottle, Jump Rope, Foam Roller | 
C Outdoor Recreation | 9.99-149.99 | ambient | taxable | 0.15 | 4-Person, Lightweight, All-Weather, Compact
S Outdoor Recreation | Camping Tent, Sleeping Bag, Camp Chair, LED Lantern, Fishing Rod, Hiking Daypack | 
C Team Sports | 6.99-59.99 | ambient | taxable | 0.2 | Official Size, Youth, Practice, Indoor/Outdoor
S Team Sports | Basketball, Soccer Ball, Football, Baseball Glove, Tennis Balls, Volleyball | 
C Holiday | 2.99-79.99 | ambient | taxable | 0.2 | Classic, Sparkle, Rustic, Festive, Warm White
S Holiday | Holiday Lights, Gift Wrap, Ornament Set, Artificial Wreath, Greeting Cards, Costume | 
C Summer | 2.99-39.99 | ambient | taxable | 0.2 | Inflatable, Jumbo, Family, Splash
S Summer | Pool Float, Water Blaster, Beach Towel, Sand Toys, Lawn Game Set, Beach Umbrella | 
`

export type Storage = "ambient" | "chilled" | "frozen"
export type Taxability = "taxable" | "exempt_food" | "reduced"

export interface SubcategoryDef {
  readonly name: string
  readonly category: number
  readonly items: ReadonlyArray<string>
  readonly sizes: ReadonlyArray<string>
}

export interface CategoryDef {
  readonly name: string
  readonly department: number
  /** Base-price band in cents. */
  readonly lowCents: number
  readonly highCents: number
  readonly storage: Storage
  readonly taxability: Taxability
  /** Relative popularity of the category. */
  readonly weight: number
  readonly variants: ReadonlyArray<string>
  /** Indices of this category's subcategories. */
  readonly subcategories: ReadonlyArray<number>
}

export interface DepartmentDef {
  readonly name: string
  /** Share of the catalogue, percent. */
  readonly share: number
  readonly companySuffixes: ReadonlyArray<string>
  readonly categories: ReadonlyArray<number>
}

export interface TaxonomyData {
  readonly departments: ReadonlyArray<DepartmentDef>
  readonly categories: ReadonlyArray<CategoryDef>
  readonly subcategories: ReadonlyArray<SubcategoryDef>
}

const list = (s: string | undefined): Array<string> =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0)

const STORAGES: ReadonlyArray<string> = ["ambient", "chilled", "frozen"]
const TAXABILITIES: ReadonlyArray<string> = ["taxable", "exempt_food", "reduced"]

const parse = (): TaxonomyData => {
  const departments: Array<DepartmentDef & { categories: Array<number> }> = []
  const categories: Array<CategoryDef & { subcategories: Array<number> }> = []
  const subcategories: Array<SubcategoryDef> = []
  for (const raw of RAW.trim().split("\n")) {
    const kind = raw[0]
    const f = raw.slice(2).split("|")
    const name = f[0]!.trim()
    if (kind === "D") {
      departments.push({ name, share: Number(f[1]), companySuffixes: list(f[2]), categories: [] })
    } else if (kind === "C") {
      const [lo, hi] = f[1]!
        .trim()
        .split("-")
        .map((x) => Math.round(Number(x) * 100))
      const storage = f[2]!.trim()
      const taxability = f[3]!.trim()
      if (!STORAGES.includes(storage) || !TAXABILITIES.includes(taxability) || !(lo! > 0 && hi! >= lo!)) {
        throw new Error(`taxonomy: bad category line ${raw}`)
      }
      const d = departments.length - 1
      departments[d]!.categories.push(categories.length)
      categories.push({
        name,
        department: d,
        lowCents: lo!,
        highCents: hi!,
        storage: storage as Storage,
        taxability: taxability as Taxability,
        weight: Number(f[4]),
        variants: list(f[5]),
        subcategories: []
      })
    } else if (kind === "S") {
      const c = categories.length - 1
      categories[c]!.subcategories.push(subcategories.length)
      subcategories.push({ name, category: c, items: list(f[1]), sizes: list(f[2]) })
    } else {
      throw new Error(`taxonomy: bad line ${raw}`)
    }
  }
  return { departments, categories, subcategories }
}

/** The parsed taxonomy (built once). */
export const TAXONOMY: TaxonomyData = parse()
