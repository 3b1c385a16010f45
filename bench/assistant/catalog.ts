/**
 * The assistant evaluation's shop: one business selling across twenty retail categories, generated
 * from a seeded PRNG so every run asks the same questions of the same products. Around it, what the
 * assistant must never show: products of the same business that are not approved (with names chosen
 * to tempt a loose search) and a second business selling many of the same things.
 *
 * A product's name is "<brand> [<model>] <form>, <variant>" ("Nordvik 3-Seat Sofa, Charcoal"). Each
 * product also keeps the structured facts its name was built from (category, type, line), which is
 * what the questions' expectations are written against — never the name a search would match.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { productCategories, products, type ProductStatus } from "@/db/schema";
import { seededRandom } from "../random";

export type Owner = "main" | "rival";

export type CatalogProduct = {
  /** Stable and unique in the catalog: the owner and the name. */
  key: string;
  owner: Owner;
  status: ProductStatus;
  category: string;
  /** What kind of thing it is ("sofa", "headphones"): what questions' expectations name. */
  type: string;
  brand: string;
  /** Brand and model ("Sonora Pulse 300"): one product line, sold in several variants. */
  line: string;
  form: string;
  variant: string | null;
  name: string;
  description: string;
  /** numeric(12,2) as the database returns it. */
  price: string;
  /** null = stock not tracked. */
  stock: number | null;
};

type TypeSpec = {
  type: string;
  /** How the product is called in its name; the lines cycle through them. */
  forms: string[];
  price: [number, number];
  variants: string[];
  /** One or two sentences; `{v}` is the variant. */
  desc: string;
  /** How many product lines (brands) carry this type. */
  lines?: number;
  /** Model words after the brand, one per line. */
  models?: string[];
  /** The variants are sizes, smallest first: each step up costs a fifth more. */
  sized?: true;
};

type CategorySpec = { name: string; brands: string[]; types: TypeSpec[] };

const SHOP_SENTENCES = [
  "Backed by a two-year warranty.",
  "Free returns within 30 days.",
  "Ships within two business days.",
  "Designed in-house and tested by our team.",
  "Rated among our customers' favourites.",
];

// Descriptions avoid the words shoppers use for the same things in other words ("couch", "screen",
// "trainers", "rain jacket"…): a question in those words must be understood, not matched verbatim.
const CATEGORIES: CategorySpec[] = [
  {
    name: "Furniture",
    brands: ["Nordvik", "Halden", "Marlow", "Oakhurst", "Sundby", "Bergmo"],
    types: [
      { type: "sofa", forms: ["3-Seat Sofa", "2-Seat Sofa", "Corner Sofa"], price: [549, 1899], variants: ["Charcoal", "Sand", "Forest Green", "Navy", "Rust"], desc: "A deep-seated sofa upholstered in hard-wearing woven fabric in {v}. Solid wood legs and removable, washable cushion covers.", lines: 5 },
      { type: "sleeper_sofa", forms: ["Sleeper Sofa"], price: [799, 1499], variants: ["Grey", "Beige", "Navy"], desc: "Seats three by day and unfolds into a full-size bed with a pull-out steel frame and a 12 cm mattress.", lines: 2 },
      { type: "armchair", forms: ["Armchair", "Wingback Armchair"], price: [249, 799], variants: ["Mustard", "Forest Green", "Grey", "Blush"], desc: "A cosy armchair with a high back and padded arms, covered in {v} fabric.", lines: 4 },
      { type: "coffee_table", forms: ["Coffee Table", "Round Coffee Table"], price: [129, 549], variants: ["Walnut", "Oak", "White", "Black"], desc: "A low living-room table in {v} finish with a lower shelf for books and magazines.", lines: 4 },
      { type: "side_table", forms: ["Side Table", "Nesting Side Tables"], price: [59, 199], variants: ["Oak", "Black", "White"], desc: "A small table in {v} for a lamp, a drink or a stack of books beside the sofa.", lines: 3 },
      { type: "dining_table", forms: ["Dining Table", "Extendable Dining Table"], price: [399, 1299], variants: ["Oak", "Walnut", "White"], desc: "Seats six comfortably; solid {v} top with a hard-wax oil finish.", lines: 4 },
      { type: "dining_chair", forms: ["Dining Chair", "Upholstered Dining Chair"], price: [79, 249], variants: ["Oak", "Black", "Natural", "Walnut"], desc: "A sturdy chair for the dining room in {v}, sold individually.", lines: 4 },
      { type: "bookshelf", forms: ["Bookshelf", "Tall Bookshelf"], price: [99, 399], variants: ["Oak", "White", "Black", "Walnut"], desc: "Five adjustable shelves in {v}; wall anchor included.", lines: 4 },
      { type: "tv_stand", forms: ["TV Stand", "Media Console"], price: [149, 599], variants: ["Oak", "Walnut", "Black"], desc: "Low media furniture in {v} with cable management and two push-to-open doors.", lines: 3 },
      { type: "bed_frame", forms: ["Queen Bed Frame", "King Bed Frame"], price: [349, 1199], variants: ["Oak", "Walnut", "Grey Upholstered"], desc: "A slatted bed base in {v} that needs no box spring; headboard included.", lines: 4 },
      { type: "bedside_table", forms: ["Bedside Table"], price: [69, 229], variants: ["Oak", "White", "Walnut"], desc: "One drawer and an open shelf, sized for a lamp and a book.", lines: 3 },
      { type: "chest_of_drawers", forms: ["Chest of Drawers", "Tall Chest of Drawers"], price: [199, 699], variants: ["Oak", "White", "Walnut"], desc: "Soft-close drawers on full-extension runners, finished in {v}.", lines: 3 },
    ],
  },
  {
    name: "Office",
    brands: ["Deskwise", "Ergomo", "Workwell", "Linea", "Fieldnote", "Paperline"],
    types: [
      { type: "standing_desk", forms: ["Standing Desk", "Electric Standing Desk"], price: [299, 999], variants: ["Oak Top", "Walnut Top", "White Top", "Black Top"], desc: "Height-adjustable from 62 to 127 cm with a dual motor and four memory presets. {v} finish.", lines: 4 },
      { type: "office_chair", forms: ["Ergonomic Office Chair", "Mesh Task Chair"], price: [149, 899], variants: ["Black", "Grey", "Blue"], desc: "Adjustable lumbar support, 4D armrests and a breathable mesh back for long working days.", lines: 4 },
      { type: "desk", forms: ["Writing Desk", "Compact Desk"], price: [129, 449], variants: ["Oak", "White", "Walnut"], desc: "A fixed-height desk in {v} with a cable tray and a slim drawer.", lines: 3 },
      { type: "filing_cabinet", forms: ["Filing Cabinet", "Mobile Pedestal"], price: [119, 329], variants: ["White", "Black", "Grey"], desc: "Lockable steel drawers that take A4 hanging files.", lines: 3 },
      { type: "whiteboard", forms: ["Magnetic Whiteboard", "Glass Whiteboard"], price: [39, 249], variants: ["60 x 90 cm", "90 x 120 cm"], desc: "Wipes clean without ghosting; mounting kit and two markers included.", lines: 2, sized: true },
      { type: "desk_mat", forms: ["Felt Desk Mat", "Leather Desk Mat"], price: [19, 69], variants: ["Charcoal", "Tan", "Navy"], desc: "A 90 x 40 cm pad that protects the desk and quiets the keyboard.", lines: 3 },
      { type: "desk_organizer", forms: ["Desk Organizer"], price: [15, 59], variants: ["Bamboo", "Black", "White"], desc: "Compartments for pens, notes and cables in {v}.", lines: 3 },
      { type: "paper_notebook", forms: ["A5 Dotted Notebook", "A5 Lined Notebook"], price: [8, 24], variants: ["Black", "Sage", "Terracotta"], desc: "192 pages of 100 gsm paper that fountain-pen ink does not bleed through.", lines: 3 },
      { type: "pen", forms: ["Gel Pen Set", "Fountain Pen"], price: [9, 89], variants: ["Black", "Blue", "Assorted"], desc: "Smooth, quick-drying ink for everyday writing.", lines: 3 },
      { type: "shredder", forms: ["Cross-Cut Paper Shredder"], price: [59, 249], variants: [], desc: "Shreds eight sheets at a time into confetti-sized pieces; 20 L bin.", lines: 2 },
      { type: "monitor_arm", forms: ["Single Monitor Arm", "Dual Monitor Arm"], price: [49, 189], variants: ["Black", "Silver"], desc: "Gas-spring arm for VESA 75/100 mounts up to 9 kg, with a desk clamp.", lines: 3 },
    ],
  },
  {
    name: "Lighting",
    brands: ["Lumo", "Brightwell", "Aurelia", "Hestia", "Solace", "Glimmer"],
    types: [
      { type: "desk_lamp", forms: ["LED Desk Lamp", "Architect Desk Lamp"], price: [29, 149], variants: ["Black", "White", "Brass"], desc: "A dimmable lamp for the desk with an adjustable arm and a warm-to-cool colour temperature.", lines: 4 },
      { type: "floor_lamp", forms: ["Floor Lamp", "Arc Floor Lamp"], price: [69, 349], variants: ["Black", "Brass", "White"], desc: "A tall lamp in {v} with a linen shade and a foot switch.", lines: 4 },
      { type: "table_lamp", forms: ["Table Lamp", "Ceramic Table Lamp"], price: [39, 189], variants: ["Sage", "Cream", "Terracotta", "Black"], desc: "A glazed {v} base with a fabric shade; takes an E27 bulb.", lines: 4 },
      { type: "pendant_light", forms: ["Pendant Light", "Rattan Pendant Light"], price: [49, 299], variants: ["Black", "Brass", "Natural"], desc: "Hangs from the ceiling on an adjustable cord; bulb not included.", lines: 3 },
      { type: "smart_bulb", forms: ["Smart LED Bulb", "Smart LED Bulb 4-Pack"], price: [12, 59], variants: ["Warm White", "Colour"], desc: "App and voice controlled, 806 lumens, E27 fitting.", lines: 3 },
      { type: "led_strip", forms: ["LED Light Strip"], price: [19, 79], variants: ["2 m", "5 m", "10 m"], desc: "Self-adhesive colour-changing strip with a remote and music sync.", lines: 2, sized: true },
      { type: "wall_light", forms: ["Wall Sconce", "Plug-In Wall Light"], price: [39, 159], variants: ["Black", "Brass", "White"], desc: "A swing-arm light for the wall in {v}, hard-wired or plug-in.", lines: 3 },
      { type: "string_lights", forms: ["Outdoor String Lights", "Fairy Lights"], price: [14, 69], variants: ["10 m", "20 m"], desc: "Weatherproof warm-white bulbs on a connectable cable.", lines: 3, sized: true },
      { type: "ceiling_light", forms: ["Flush Ceiling Light"], price: [49, 229], variants: ["White", "Black"], desc: "A low-profile LED fitting for hallways and low ceilings.", lines: 2 },
      { type: "night_light", forms: ["Plug-In Night Light"], price: [6, 19], variants: ["White", "Pink", "Blue"], desc: "A soft glow for hallways and children's rooms with a dusk sensor.", lines: 2 },
    ],
  },
  {
    name: "Kitchen",
    brands: ["Cuisina", "Ironleaf", "Hearthline", "Steelbrook", "Panora", "Forge & Fig"],
    types: [
      { type: "kitchen_knife", forms: ["Chef's Knife", "Santoku Knife", "Bread Knife"], price: [39, 189], variants: [], desc: "Forged high-carbon steel with a full tang and a riveted handle.", lines: 4 },
      { type: "knife_set", forms: ["Knife Block Set", "5-Piece Knife Set"], price: [89, 399], variants: ["Black", "Walnut"], desc: "The essential kitchen knives in a {v} block, dishwasher safe.", lines: 3 },
      { type: "frying_pan", forms: ["Non-Stick Frying Pan", "Cast Iron Frying Pan", "Carbon Steel Frying Pan"], price: [25, 129], variants: ["24 cm", "28 cm"], desc: "Heats evenly on gas, electric and induction hobs; oven safe to 260 °C.", lines: 4, sized: true },
      { type: "saucepan", forms: ["Stainless Saucepan"], price: [29, 119], variants: ["16 cm", "20 cm"], desc: "Tri-ply stainless steel with a glass lid and pouring lips.", lines: 3, sized: true },
      { type: "dutch_oven", forms: ["Enamelled Dutch Oven", "Cast Iron Casserole"], price: [69, 299], variants: ["Red", "Navy", "Cream"], desc: "Enamelled cast iron in {v} for slow braises and crusty bread.", lines: 3 },
      { type: "cutting_board", forms: ["Cutting Board", "End-Grain Cutting Board"], price: [19, 119], variants: ["Walnut", "Maple", "Bamboo"], desc: "A thick {v} board with a juice groove that is gentle on knife edges.", lines: 3 },
      { type: "blender", forms: ["High-Speed Blender", "Personal Blender"], price: [39, 449], variants: ["Black", "Silver"], desc: "Crushes ice and blends smoothies, soups and nut butters.", lines: 3 },
      { type: "toaster", forms: ["2-Slice Toaster", "4-Slice Toaster"], price: [29, 149], variants: ["Cream", "Black", "Stainless"], desc: "Wide slots, a bagel setting and a removable crumb tray.", lines: 3 },
      { type: "kettle", forms: ["Electric Kettle", "Gooseneck Electric Kettle"], price: [29, 149], variants: ["Black", "White", "Stainless"], desc: "Boils 1.7 litres quickly with auto shut-off and a keep-warm setting.", lines: 4 },
      { type: "air_fryer", forms: ["Air Fryer", "Dual-Basket Air Fryer"], price: [69, 249], variants: ["4 L", "6 L"], desc: "Crisps with little or no oil; dishwasher-safe basket.", lines: 3, sized: true },
      { type: "food_storage", forms: ["Glass Food Storage Set"], price: [19, 59], variants: ["10-Piece", "18-Piece"], desc: "Oven-safe glass containers with leak-proof clip lids.", lines: 2, sized: true },
      { type: "mixing_bowls", forms: ["Mixing Bowl Set"], price: [19, 59], variants: ["Stainless", "Ceramic"], desc: "Three nesting bowls with non-slip bases.", lines: 2 },
    ],
  },
  {
    name: "Coffee",
    brands: ["Crema", "Roastwell", "Baristo", "Verdi", "Ground Up", "Moka & Co"],
    types: [
      { type: "espresso_machine", forms: ["Espresso Machine", "Dual Boiler Espresso Machine"], price: [199, 1999], variants: ["Stainless", "Black", "Cream"], desc: "Pulls café-style shots at 9 bar with a steam wand for milk drinks.", lines: 4, models: ["Duo", "Classica", "Piccolo", "Pro", "Barista", "Mini", "Active"] },
      { type: "coffee_maker", forms: ["Drip Coffee Maker", "Thermal Carafe Coffee Maker"], price: [49, 249], variants: ["Black", "Stainless"], desc: "Brews up to ten cups of filter coffee with a programmable timer.", lines: 3 },
      { type: "coffee_grinder", forms: ["Burr Coffee Grinder", "Manual Coffee Grinder"], price: [29, 399], variants: ["Black", "Silver"], desc: "Conical steel burrs with 40 grind settings from espresso to cold brew.", lines: 4 },
      { type: "pour_over", forms: ["Pour-Over Dripper", "Pour-Over Set"], price: [14, 69], variants: ["Ceramic White", "Glass", "Copper"], desc: "A cone dripper for clean, bright filter coffee.", lines: 3 },
      { type: "french_press", forms: ["French Press"], price: [19, 79], variants: ["350 ml", "1 L"], desc: "Double-walled steel keeps coffee hot; four-level filter.", lines: 3, sized: true },
      { type: "milk_frother", forms: ["Milk Frother", "Handheld Milk Frother"], price: [12, 129], variants: ["Black", "White"], desc: "Hot or cold foam for lattes and cappuccinos in under a minute.", lines: 3 },
      { type: "coffee_beans", forms: ["House Blend Whole Bean Coffee", "Single Origin Whole Bean Coffee", "Decaf Whole Bean Coffee"], price: [12, 39], variants: ["250 g", "1 kg"], desc: "Roasted to order in small batches; notes of chocolate and stone fruit.", lines: 3, sized: true },
      { type: "espresso_cups", forms: ["Espresso Cup Set"], price: [19, 49], variants: ["White", "Black", "Speckled"], desc: "Four 80 ml porcelain cups with saucers.", lines: 2 },
      { type: "travel_mug", forms: ["Insulated Travel Mug"], price: [19, 44], variants: ["Black", "Sage", "Sand"], desc: "Keeps drinks hot for six hours; leak-proof lid.", lines: 3 },
      { type: "moka_pot", forms: ["Stovetop Moka Pot"], price: [24, 69], variants: ["3-Cup", "6-Cup"], desc: "Aluminium stovetop brewer for strong, rich coffee.", lines: 2, sized: true },
    ],
  },
  {
    name: "Audio",
    brands: ["Sonora", "Aurel", "Veltra", "Basswood", "Echo Lane"],
    types: [
      { type: "headphones", forms: ["Wireless Headphones", "Noise-Cancelling Headphones", "Studio Headphones"], price: [49, 449], variants: ["Black", "Silver", "Navy"], desc: "Over-ear cans with 30-hour battery life and soft memory-foam ear cushions.", lines: 6, models: ["Pulse 300", "Q45", "Studio 7", "Air", "Max", "Lite", "Tour", "Arc"] },
      { type: "earbuds", forms: ["True Wireless Earbuds", "Sport Earbuds"], price: [29, 279], variants: ["Black", "White"], desc: "In-ear buds with a pocketable charging case and sweat resistance.", lines: 4, models: ["Buds 2", "Fit", "Go", "Pro", "Mini"] },
      { type: "bluetooth_speaker", forms: ["Bluetooth Speaker", "Portable Bluetooth Speaker"], price: [29, 299], variants: ["Black", "Blue", "Red"], desc: "Room-filling sound, IP67 waterproof and 20 hours of play.", lines: 4 },
      { type: "soundbar", forms: ["Soundbar", "Soundbar with Subwoofer"], price: [149, 899], variants: ["Black"], desc: "Clearer dialogue and deeper bass for the living room over HDMI eARC.", lines: 3 },
      { type: "turntable", forms: ["Turntable"], price: [199, 599], variants: ["Walnut", "Black"], desc: "Belt-drive record player with a built-in phono preamp.", lines: 2 },
      { type: "bookshelf_speakers", forms: ["Bookshelf Speakers (Pair)"], price: [149, 699], variants: ["Walnut", "Black", "White"], desc: "Passive two-way speakers in a {v} cabinet for a hi-fi system.", lines: 3 },
      { type: "microphone", forms: ["USB Microphone"], price: [59, 199], variants: ["Black"], desc: "A plug-and-play condenser mic for podcasts, streaming and calls.", lines: 2 },
      { type: "headphone_stand", forms: ["Headphone Stand"], price: [19, 49], variants: ["Walnut", "Black"], desc: "A weighted stand that keeps the desk tidy.", lines: 2 },
    ],
  },
  {
    name: "Computers",
    brands: ["Keystone", "Clickwise", "Voltix", "Nimbus", "Arcline"],
    types: [
      { type: "laptop", forms: ["14-inch Laptop", "16-inch Laptop", "13-inch Ultrabook"], price: [599, 2899], variants: ["16 GB / 512 GB", "32 GB / 1 TB"], desc: "A thin aluminium machine with all-day battery life and a backlit keyboard.", lines: 4, models: ["Air", "Pro", "Book", "Go", "Flex", "Ultra"], sized: true },
      { type: "keyboard", forms: ["Mechanical Keyboard", "Wireless Keyboard", "Low-Profile Keyboard"], price: [39, 219], variants: ["Black", "White", "Grey"], desc: "Full-size layout with quiet switches; pairs with three devices.", lines: 4 },
      { type: "mouse", forms: ["Wireless Mouse", "Ergonomic Vertical Mouse", "Gaming Mouse"], price: [19, 149], variants: ["Black", "White"], desc: "Precise optical sensor and a rechargeable battery that lasts weeks.", lines: 4 },
      { type: "webcam", forms: ["1080p Webcam", "4K Webcam"], price: [39, 199], variants: [], desc: "Sharp video calls with auto light correction and a privacy shutter.", lines: 3 },
      { type: "usb_hub", forms: ["USB-C Hub", "USB-C Docking Station"], price: [29, 299], variants: [], desc: "Adds HDMI, USB-A, Ethernet and an SD card reader to one USB-C port.", lines: 3 },
      { type: "portable_ssd", forms: ["Portable SSD"], price: [69, 329], variants: ["1 TB", "2 TB", "4 TB"], desc: "Pocket-sized external drive with 1,050 MB/s transfers over USB-C.", lines: 3, sized: true },
      { type: "router", forms: ["Wi-Fi 6 Router", "Mesh Wi-Fi System"], price: [79, 449], variants: [], desc: "Fast, stable wireless coverage for a whole home.", lines: 3 },
      { type: "laptop_stand", forms: ["Aluminium Laptop Stand", "Foldable Laptop Stand"], price: [24, 89], variants: ["Silver", "Space Grey"], desc: "Raises the laptop to eye level for better posture.", lines: 3 },
      { type: "power_bank", forms: ["Power Bank"], price: [24, 99], variants: ["10,000 mAh", "20,000 mAh"], desc: "Charges a phone three times over with 30 W USB-C fast charging.", lines: 3, sized: true },
    ],
  },
  {
    name: "Monitors",
    brands: ["Viewpoint", "Clarion", "Pixelry", "Arcline"],
    types: [
      { type: "monitor", forms: ["24-inch IPS Monitor", "27-inch 4K Monitor", "27-inch QHD Monitor", "32-inch 4K Monitor"], price: [149, 899], variants: ["Black", "Silver"], desc: "Factory-calibrated colour, thin bezels and a height-adjustable stand.", lines: 8, models: ["View", "Pro", "Vivid", "Edge", "Studio", "Core", "Prime", "Plus", "Clear", "Focus"] },
      { type: "ultrawide_monitor", forms: ["34-inch Ultrawide Monitor", "38-inch Curved Ultrawide Monitor"], price: [399, 1299], variants: [], desc: "A 21:9 panel with USB-C power delivery for one-cable laptop setups.", lines: 3, models: ["Wide", "Panorama", "Vista", "Horizon", "Span"] },
      { type: "gaming_monitor", forms: ["27-inch 165 Hz Gaming Monitor", "32-inch Curved Gaming Monitor"], price: [249, 799], variants: [], desc: "Fast refresh, 1 ms response and adaptive sync for smooth games.", lines: 3, models: ["Strike", "Blaze", "Rapid", "Pulse", "Volt"] },
      { type: "portable_monitor", forms: ["15.6-inch Portable Monitor"], price: [149, 349], variants: [], desc: "A slim USB-C panel with a folding cover for working on the go.", lines: 3, models: ["Go", "Travel", "Slim", "Nomad", "Pocket"] },
      { type: "monitor_light", forms: ["Monitor Light Bar"], price: [39, 109], variants: [], desc: "Clips on top of the display and lights the desk without glare.", lines: 2 },
      { type: "video_cable", forms: ["HDMI 2.1 Cable", "DisplayPort Cable"], price: [12, 39], variants: ["1 m", "2 m"], desc: "Braided cable rated for 4K at 120 Hz.", lines: 2, sized: true },
    ],
  },
  {
    name: "Fitness",
    brands: ["IronPeak", "Flexa", "Corewell", "Stridelab"],
    types: [
      { type: "dumbbells", forms: ["Adjustable Dumbbells", "Hex Dumbbell Pair", "Neoprene Dumbbell Pair"], price: [24, 449], variants: ["2 x 5 kg", "2 x 10 kg", "2 x 24 kg"], desc: "Knurled chrome handles and a flat-sided head that will not roll.", lines: 4, sized: true },
      { type: "kettlebell", forms: ["Cast Iron Kettlebell", "Competition Kettlebell"], price: [29, 119], variants: ["8 kg", "12 kg", "16 kg", "24 kg"], desc: "Single-piece cast iron with a wide, smooth handle for swings and presses.", lines: 2, sized: true },
      { type: "weight_bench", forms: ["Adjustable Weight Bench", "Flat Weight Bench"], price: [99, 399], variants: [], desc: "A steel bench rated to 300 kg with seven back positions.", lines: 2 },
      { type: "yoga_mat", forms: ["Yoga Mat", "Thick Yoga Mat", "Travel Yoga Mat"], price: [19, 119], variants: ["Purple", "Sage", "Black", "Blue"], desc: "Non-slip natural rubber with alignment lines; carry strap included.", lines: 4 },
      { type: "resistance_bands", forms: ["Resistance Band Set", "Loop Resistance Bands"], price: [12, 49], variants: [], desc: "Five resistance levels for strength, mobility and physio work.", lines: 3 },
      { type: "pull_up_bar", forms: ["Doorway Pull-Up Bar"], price: [24, 69], variants: [], desc: "Fits door frames from 62 to 92 cm without screws.", lines: 2 },
      { type: "foam_roller", forms: ["Foam Roller", "Vibrating Foam Roller"], price: [19, 149], variants: ["Black", "Blue"], desc: "Firm EVA foam for recovery and muscle release.", lines: 3 },
      { type: "jump_rope", forms: ["Speed Jump Rope", "Weighted Jump Rope"], price: [9, 39], variants: [], desc: "Ball-bearing handles and an adjustable steel cable.", lines: 2 },
      { type: "exercise_bike", forms: ["Indoor Exercise Bike", "Folding Exercise Bike"], price: [299, 1299], variants: [], desc: "Magnetic resistance with 32 levels and a tablet holder.", lines: 2 },
      { type: "walking_pad", forms: ["Under-Desk Walking Pad", "Folding Treadmill"], price: [299, 999], variants: [], desc: "Quiet belt up to 6 km/h that slides under the sofa when done.", lines: 2 },
    ],
  },
  {
    name: "Camping",
    brands: ["Ridgeline", "Trailhead", "Summitcraft", "Pinecrest", "Basecamp Co"],
    types: [
      { type: "tent", forms: ["2-Person Backpacking Tent", "4-Person Dome Tent", "6-Person Family Tent"], price: [129, 699], variants: ["Green", "Orange", "Grey"], desc: "Sets up in minutes with colour-coded poles; fully taped seams and a 3,000 mm flysheet.", lines: 5 },
      { type: "sleeping_bag", forms: ["Down Sleeping Bag", "Synthetic Sleeping Bag"], price: [69, 399], variants: ["Regular", "Long"], desc: "Mummy cut rated to -5 °C with a draft collar and compression sack.", lines: 4 },
      { type: "sleeping_pad", forms: ["Inflatable Sleeping Pad", "Self-Inflating Sleeping Pad", "Foam Sleeping Pad"], price: [29, 179], variants: ["Regular", "Wide"], desc: "Insulated for three seasons and packs down to the size of a water bottle.", lines: 3 },
      { type: "camp_stove", forms: ["Backpacking Stove", "Two-Burner Camp Stove"], price: [39, 199], variants: [], desc: "Boils a litre of water in three minutes; piezo ignition.", lines: 3 },
      { type: "lantern", forms: ["LED Camping Lantern", "Rechargeable Lantern"], price: [19, 79], variants: [], desc: "360-degree light with three brightness modes and a hanging hook.", lines: 3 },
      { type: "headlamp", forms: ["Rechargeable Headlamp"], price: [19, 69], variants: ["Black", "Orange"], desc: "400 lumens with a red night mode and a USB-C charged battery.", lines: 3 },
      { type: "flashlight", forms: ["LED Flashlight", "Tactical Flashlight"], price: [14, 79], variants: [], desc: "A bright, waterproof handheld light with a zoomable beam.", lines: 2 },
      { type: "cooler", forms: ["Hard Cooler", "Soft Cooler Bag"], price: [39, 349], variants: ["25 L", "45 L"], desc: "Keeps ice for up to five days; drain plug and tie-down points.", lines: 3, sized: true },
      { type: "camp_chair", forms: ["Folding Camp Chair", "Ultralight Camp Chair"], price: [29, 149], variants: ["Green", "Black", "Blue"], desc: "Packs into its own bag with a cup holder and a side pocket.", lines: 3 },
      { type: "water_filter", forms: ["Water Filter Bottle", "Squeeze Water Filter"], price: [24, 59], variants: [], desc: "Removes 99.9999 % of bacteria from streams and lakes.", lines: 2 },
      { type: "hammock", forms: ["Camping Hammock"], price: [29, 89], variants: ["Green", "Orange"], desc: "Parachute nylon with tree straps; holds 200 kg.", lines: 2 },
    ],
  },
  {
    name: "Footwear",
    brands: ["Kestrel", "Stridewell", "Trailmark", "Cobble & Oak", "Pacer"],
    types: [
      { type: "running_shoe", forms: ["Road Running Shoe", "Cushioned Running Shoe"], price: [89, 199], variants: ["Men's 9", "Men's 10", "Women's 7", "Women's 8"], desc: "A responsive foam midsole and breathable knit upper for daily miles.", lines: 4 },
      { type: "trail_shoe", forms: ["Trail Running Shoe"], price: [99, 189], variants: ["Men's 9", "Men's 10", "Women's 8"], desc: "Grippy lugs and a rock plate for muddy, technical paths.", lines: 3 },
      { type: "hiking_boot", forms: ["Waterproof Hiking Boot", "Leather Hiking Boot"], price: [129, 289], variants: ["Men's 9", "Men's 10", "Women's 7", "Women's 8"], desc: "Ankle support, a membrane that keeps water out and a Vibram sole.", lines: 3 },
      { type: "sneaker", forms: ["Low-Top Sneaker", "Canvas Sneaker", "Leather Sneaker"], price: [59, 159], variants: ["White", "Black", "Navy"], desc: "A clean everyday shoe in {v} with a cushioned cupsole.", lines: 4 },
      { type: "sandal", forms: ["Sport Sandal", "Slide Sandal"], price: [29, 89], variants: ["Black", "Tan"], desc: "Quick-drying straps and a contoured footbed for summer.", lines: 3 },
      { type: "slipper", forms: ["Wool Slipper", "Moccasin Slipper"], price: [29, 79], variants: ["Grey", "Brown"], desc: "Warm felted wool with a grippy indoor-outdoor sole.", lines: 2 },
      { type: "rain_boot", forms: ["Rubber Rain Boot"], price: [39, 99], variants: ["Black", "Green", "Yellow"], desc: "Natural rubber, knee height, with a pull tab.", lines: 2 },
      { type: "loafer", forms: ["Leather Loafer"], price: [89, 199], variants: ["Brown", "Black"], desc: "Hand-stitched full-grain leather that softens with wear.", lines: 2 },
    ],
  },
  {
    name: "Apparel",
    brands: ["Northfield", "Harbor & Pine", "Fellside", "Drift", "Alder"],
    types: [
      { type: "waterproof_jacket", forms: ["Waterproof Shell Jacket", "Waterproof Packable Jacket"], price: [89, 349], variants: ["Navy", "Black", "Olive", "Red"], desc: "A 2.5-layer membrane with taped seams and an adjustable hood; packs into its own pocket.", lines: 3 },
      { type: "down_jacket", forms: ["Down Jacket", "Hooded Down Parka"], price: [129, 399], variants: ["Black", "Navy", "Olive"], desc: "Responsibly sourced 700-fill down for cold, dry days.", lines: 3 },
      { type: "fleece", forms: ["Fleece Jacket", "Grid Fleece Pullover"], price: [49, 129], variants: ["Grey", "Navy", "Green"], desc: "A warm, breathable mid layer made from recycled polyester.", lines: 3 },
      { type: "hooded_sweatshirt", forms: ["Hooded Sweatshirt", "Zip Hooded Sweatshirt"], price: [39, 89], variants: ["Grey Marl", "Black", "Navy"], desc: "Brushed-back organic cotton with a kangaroo pocket.", lines: 3 },
      { type: "tshirt", forms: ["Organic Cotton T-Shirt", "Merino T-Shirt"], price: [19, 69], variants: ["White", "Black", "Navy", "Olive"], desc: "A relaxed crew neck in {v} that keeps its shape wash after wash.", lines: 4 },
      { type: "sweater", forms: ["Merino Wool Sweater", "Cable-Knit Sweater"], price: [59, 159], variants: ["Oatmeal", "Navy", "Charcoal"], desc: "Soft, itch-free knitwear in {v} for layering.", lines: 3 },
      { type: "jeans", forms: ["Slim Jeans", "Straight Jeans"], price: [59, 129], variants: ["Indigo", "Black", "Light Wash"], desc: "Stretch denim with a classic five-pocket cut.", lines: 3 },
      { type: "chinos", forms: ["Stretch Chinos"], price: [49, 99], variants: ["Khaki", "Navy", "Olive"], desc: "Smart enough for the office, comfortable enough for the weekend.", lines: 2 },
      { type: "joggers", forms: ["Fleece Joggers"], price: [39, 79], variants: ["Grey", "Black"], desc: "Tapered legs, ribbed cuffs and a drawcord waist.", lines: 2 },
      { type: "socks", forms: ["Merino Hiking Socks", "Everyday Socks 5-Pack"], price: [12, 34], variants: [], desc: "Cushioned where it counts and reinforced at heel and toe.", lines: 3 },
      { type: "beanie", forms: ["Ribbed Beanie"], price: [14, 34], variants: ["Black", "Mustard", "Grey"], desc: "A warm wool-blend hat in {v}.", lines: 2 },
      { type: "gloves", forms: ["Touchscreen Gloves"], price: [19, 49], variants: ["Black", "Grey"], desc: "Knit gloves with conductive fingertips for phones.", lines: 2 },
    ],
  },
  {
    name: "Bags",
    brands: ["Packwell", "Rove", "Voyager", "Satchel & Sons", "Carryall"],
    types: [
      { type: "backpack", forms: ["Everyday Backpack", "Laptop Backpack", "Roll-Top Backpack"], price: [49, 229], variants: ["Black", "Olive", "Navy", "Sand"], desc: "A padded 16-inch laptop compartment, water-resistant fabric and a luggage pass-through.", lines: 4 },
      { type: "hiking_pack", forms: ["Hiking Daypack 25L", "Trekking Pack 45L"], price: [79, 259], variants: ["Blue", "Black", "Red"], desc: "Ventilated back panel, hip belt and a hydration sleeve.", lines: 3 },
      { type: "duffel", forms: ["Weekender Duffel Bag", "Travel Duffel 60L"], price: [69, 229], variants: ["Black", "Olive", "Tan"], desc: "A roomy bag for weekends away with a separate shoe compartment.", lines: 3 },
      { type: "messenger_bag", forms: ["Messenger Bag"], price: [79, 189], variants: ["Tan Leather", "Black Canvas"], desc: "A cross-body bag with a padded sleeve and magnetic buckles.", lines: 2 },
      { type: "tote", forms: ["Canvas Tote Bag", "Leather Tote Bag"], price: [24, 249], variants: ["Natural", "Black", "Cognac"], desc: "An open-top bag with an inside zip pocket.", lines: 3 },
      { type: "laptop_sleeve", forms: ["Laptop Sleeve"], price: [24, 69], variants: ["13-inch", "15-inch", "16-inch"], desc: "A slim felt sleeve with a front pocket for the charger.", lines: 3, sized: true },
      { type: "suitcase", forms: ["Carry-On Suitcase", "Checked Suitcase"], price: [149, 449], variants: ["Black", "Sage", "Navy"], desc: "Polycarbonate shell, four spinner wheels and a TSA lock.", lines: 3 },
      { type: "belt_bag", forms: ["Belt Bag"], price: [24, 69], variants: ["Black", "Olive"], desc: "Worn at the waist or across the body; fits a phone, keys and a wallet.", lines: 2 },
      { type: "packing_cubes", forms: ["Packing Cube Set"], price: [19, 49], variants: ["Grey", "Navy"], desc: "Four zipped cubes that keep a suitcase organised.", lines: 2 },
      { type: "wallet", forms: ["Leather Wallet", "Slim Card Holder"], price: [29, 89], variants: ["Brown", "Black"], desc: "Full-grain leather with RFID blocking.", lines: 2 },
    ],
  },
  {
    name: "Home Textiles",
    brands: ["Linenhaus", "Softnest", "Dreamweave", "Loomcraft"],
    types: [
      { type: "duvet", forms: ["All-Season Duvet", "Lightweight Summer Duvet"], price: [79, 299], variants: ["Single", "Double", "Queen", "King"], desc: "A hypoallergenic fill in a cotton percale casing, machine washable.", lines: 3, sized: true },
      { type: "duvet_cover", forms: ["Linen Duvet Cover Set", "Cotton Duvet Cover Set"], price: [69, 229], variants: ["White", "Sage", "Terracotta"], desc: "A stonewashed cover in {v} with two pillowcases.", lines: 3 },
      { type: "pillow", forms: ["Down Pillow", "Memory Foam Pillow"], price: [29, 99], variants: ["Standard", "King"], desc: "Supportive for back and side sleepers.", lines: 3, sized: true },
      { type: "sheet_set", forms: ["Percale Sheet Set", "Sateen Sheet Set"], price: [59, 189], variants: ["Queen", "King"], desc: "Long-staple cotton fitted sheet, flat sheet and two pillowcases.", lines: 3, sized: true },
      { type: "throw_blanket", forms: ["Wool Throw Blanket", "Knitted Throw Blanket"], price: [39, 149], variants: ["Oatmeal", "Charcoal", "Rust"], desc: "A soft 130 x 170 cm throw in {v}.", lines: 3 },
      { type: "cushion", forms: ["Cushion Cover", "Velvet Cushion"], price: [14, 59], variants: ["Mustard", "Sage", "Blush", "Navy"], desc: "A 45 x 45 cm cushion in {v} with a hidden zip.", lines: 3 },
      { type: "rug", forms: ["Wool Area Rug", "Jute Rug", "Washable Rug"], price: [79, 699], variants: ["120 x 170 cm", "160 x 230 cm", "200 x 300 cm"], desc: "A hand-finished floor covering that anchors a living room or bedroom.", lines: 4, sized: true },
      { type: "towel", forms: ["Bath Towel Set", "Waffle Bath Towel"], price: [24, 89], variants: ["White", "Grey", "Sage"], desc: "Absorbent, quick-drying Turkish cotton.", lines: 3 },
      { type: "curtains", forms: ["Blackout Curtains", "Linen Curtains"], price: [39, 149], variants: ["Grey", "Natural", "Navy"], desc: "A pair of lined panels with a tape heading.", lines: 3 },
      { type: "bath_mat", forms: ["Bath Mat"], price: [14, 39], variants: ["White", "Grey"], desc: "A thick, non-slip cotton mat.", lines: 2 },
    ],
  },
  {
    name: "Toys",
    brands: ["Brickwell", "Tinker Tot", "Puzzlewood", "Little Oak"],
    types: [
      { type: "building_set", forms: ["Building Brick Set", "Creative Brick Box"], price: [19, 129], variants: ["500 Pieces", "1000 Pieces"], desc: "Compatible bricks in bright colours with idea booklets, for ages 5 and up.", lines: 3, sized: true },
      { type: "jigsaw", forms: ["Jigsaw Puzzle"], price: [14, 34], variants: ["500 Pieces", "1000 Pieces"], desc: "Thick recycled board with a poster of the finished picture.", lines: 3, sized: true },
      { type: "plush", forms: ["Plush Bear", "Plush Bunny"], price: [12, 39], variants: ["Brown", "Cream"], desc: "Super-soft and machine washable, safe from birth.", lines: 3 },
      { type: "board_game", forms: ["Family Board Game", "Strategy Board Game"], price: [19, 59], variants: [], desc: "For two to six players, about 45 minutes a game.", lines: 3 },
      { type: "rc_car", forms: ["Remote Control Car", "Off-Road RC Truck"], price: [39, 149], variants: ["Red", "Blue"], desc: "Rechargeable, 20 km/h, with a 2.4 GHz controller.", lines: 2 },
      { type: "train_set", forms: ["Wooden Train Set"], price: [39, 99], variants: [], desc: "Beech track, a bridge and three magnetic carriages.", lines: 2 },
      { type: "kids_scooter", forms: ["Kids' Kick Scooter"], price: [49, 129], variants: ["Pink", "Blue", "Green"], desc: "Three light-up wheels and an adjustable handlebar.", lines: 2 },
      { type: "art_set", forms: ["Kids' Art Set", "Washable Crayons 24-Pack"], price: [7, 39], variants: [], desc: "Non-toxic colours that wash off hands and clothes.", lines: 2 },
      { type: "dollhouse", forms: ["Wooden Dollhouse"], price: [89, 199], variants: [], desc: "Three floors with furniture and a family of four.", lines: 2 },
      { type: "baby_toy", forms: ["Stacking Rings", "Wooden Rattle"], price: [6, 24], variants: [], desc: "Smooth, sustainably sourced wood for little hands.", lines: 2 },
    ],
  },
  {
    name: "Garden",
    brands: ["Greenthumb", "Verdant", "Rootstock", "Fern & Spade"],
    types: [
      { type: "garden_hose", forms: ["Expandable Garden Hose", "Garden Hose Reel"], price: [24, 129], variants: ["15 m", "30 m"], desc: "Kink-free with a seven-pattern spray nozzle.", lines: 3, sized: true },
      { type: "pruning_shears", forms: ["Bypass Pruning Shears", "Anvil Pruning Shears"], price: [14, 59], variants: [], desc: "Hardened steel blades that cut branches up to 2 cm cleanly.", lines: 3 },
      { type: "raised_bed", forms: ["Raised Garden Bed"], price: [79, 299], variants: ["Cedar", "Galvanised Steel"], desc: "Grow vegetables at a comfortable height; no tools needed to assemble.", lines: 3 },
      { type: "planter", forms: ["Ceramic Planter", "Self-Watering Planter"], price: [14, 89], variants: ["Small", "Medium", "Large"], desc: "With a drainage hole and saucer, for indoors or out.", lines: 3, sized: true },
      { type: "watering_can", forms: ["Watering Can"], price: [14, 49], variants: ["5 L", "9 L"], desc: "Galvanised steel with a removable brass rose.", lines: 2, sized: true },
      { type: "lawn_mower", forms: ["Cordless Lawn Mower", "Push Reel Mower"], price: [149, 599], variants: [], desc: "Cuts lawns up to 400 m² quietly, with a 40 L grass box.", lines: 3 },
      { type: "leaf_blower", forms: ["Cordless Leaf Blower"], price: [79, 249], variants: [], desc: "Clears paths and patios on one 40 V battery.", lines: 2 },
      { type: "garden_gloves", forms: ["Garden Gloves"], price: [9, 24], variants: ["Medium", "Large"], desc: "Thorn-resistant palms and breathable backs.", lines: 2 },
      { type: "bird_feeder", forms: ["Hanging Bird Feeder"], price: [14, 49], variants: [], desc: "Squirrel-resistant with four feeding ports.", lines: 2 },
      { type: "patio_furniture", forms: ["Teak Patio Chair", "Outdoor Dining Set", "Garden Bench"], price: [129, 1299], variants: [], desc: "Weather-resistant and made to stay outside all year.", lines: 3 },
      { type: "seed_kit", forms: ["Herb Seed Kit"], price: [9, 24], variants: [], desc: "Basil, parsley, chives and coriander with biodegradable pots.", lines: 2 },
    ],
  },
  {
    name: "Pet Supplies",
    brands: ["Pawsome", "Happy Tails", "Whisker & Co", "Barkley"],
    types: [
      { type: "dog_bed", forms: ["Orthopedic Dog Bed", "Donut Dog Bed"], price: [39, 179], variants: ["Small", "Medium", "Large"], desc: "Memory foam with a removable, washable cover.", lines: 3, sized: true },
      { type: "dog_leash", forms: ["Nylon Dog Leash", "Leather Dog Leash"], price: [14, 49], variants: ["Black", "Red", "Navy"], desc: "1.8 m long with a padded handle.", lines: 3 },
      { type: "dog_harness", forms: ["No-Pull Dog Harness"], price: [24, 59], variants: ["Small", "Medium", "Large"], desc: "Front and back clips with reflective trim.", lines: 2 },
      { type: "dog_food", forms: ["Grain-Free Dog Food", "Puppy Dog Food"], price: [29, 89], variants: ["2 kg", "12 kg"], desc: "Complete dry food with real chicken as the first ingredient.", lines: 3, sized: true },
      { type: "cat_food", forms: ["Salmon Cat Food", "Indoor Cat Food"], price: [19, 59], variants: ["1.5 kg", "4 kg"], desc: "Complete dry food for adult cats.", lines: 2, sized: true },
      { type: "cat_tree", forms: ["Cat Tree", "Cat Scratching Post"], price: [29, 249], variants: ["Grey", "Beige"], desc: "Sisal-wrapped posts, a hideaway and a plush perch.", lines: 3 },
      { type: "litter_box", forms: ["Covered Litter Box"], price: [29, 89], variants: [], desc: "A hooded tray with a carbon filter and a swing door.", lines: 2 },
      { type: "pet_carrier", forms: ["Pet Carrier", "Airline-Approved Pet Carrier"], price: [39, 119], variants: ["Grey", "Black"], desc: "Ventilated mesh sides and a shoulder strap for pets up to 8 kg.", lines: 2 },
      { type: "dog_toy", forms: ["Rope Tug Toy", "Squeaky Ball 3-Pack", "Puzzle Feeder"], price: [6, 34], variants: [], desc: "Durable play for chewers of every size.", lines: 3 },
      { type: "pet_bowl", forms: ["Stainless Steel Pet Bowl", "Ceramic Pet Bowl"], price: [9, 34], variants: ["Small", "Large"], desc: "A non-slip base and dishwasher safe.", lines: 2, sized: true },
    ],
  },
  {
    name: "Beauty",
    brands: ["Glowhaus", "Purely", "Bare Botanics", "Lumiere"],
    types: [
      { type: "moisturiser", forms: ["Daily Face Moisturiser", "Night Cream"], price: [14, 69], variants: [], desc: "Hyaluronic acid and ceramides for 24-hour hydration; 50 ml.", lines: 3 },
      { type: "cleanser", forms: ["Gentle Face Cleanser"], price: [9, 34], variants: [], desc: "A low-foam gel that removes make-up without drying.", lines: 3 },
      { type: "shampoo", forms: ["Volumising Shampoo", "Repair Shampoo"], price: [9, 29], variants: ["250 ml", "500 ml"], desc: "Sulphate-free and safe for colour-treated hair.", lines: 3, sized: true },
      { type: "conditioner", forms: ["Repair Conditioner"], price: [9, 29], variants: ["250 ml", "500 ml"], desc: "Detangles and smooths with argan oil.", lines: 3, sized: true },
      { type: "hair_dryer", forms: ["Ionic Hair Dryer", "Compact Travel Hair Dryer"], price: [39, 349], variants: ["Black", "Rose"], desc: "Fast drying with less frizz; three heat settings and a cool shot.", lines: 3 },
      { type: "hair_straightener", forms: ["Ceramic Hair Straightener"], price: [39, 149], variants: [], desc: "Floating plates heat to 230 °C in 30 seconds.", lines: 2 },
      { type: "toothbrush", forms: ["Sonic Electric Toothbrush"], price: [29, 199], variants: ["White", "Black", "Pink"], desc: "Two-minute timer, pressure sensor and a travel case.", lines: 3 },
      { type: "sunscreen", forms: ["Mineral Sunscreen SPF 50", "Daily Sunscreen SPF 30"], price: [12, 34], variants: [], desc: "Broad-spectrum protection that leaves no white cast.", lines: 3 },
      { type: "lip_balm", forms: ["Lip Balm"], price: [4, 9], variants: ["Unscented", "Mint", "Vanilla"], desc: "Beeswax and shea butter in a recyclable tube.", lines: 2 },
      { type: "perfume", forms: ["Eau de Parfum"], price: [49, 149], variants: ["50 ml", "100 ml"], desc: "A warm, woody scent with notes of cedar and amber.", lines: 3, models: ["Nuit", "Cedre", "Ambre", "Sel", "Bois"], sized: true },
      { type: "razor", forms: ["Safety Razor"], price: [24, 59], variants: ["Chrome", "Black"], desc: "A weighted brass handle that takes standard double-edge blades.", lines: 2 },
    ],
  },
  {
    name: "Cycling",
    brands: ["Velora", "Spokewise", "Cadence"],
    types: [
      { type: "bike", forms: ["City Bike", "Hybrid Bike", "Folding Bike"], price: [449, 1499], variants: ["Small Frame", "Medium Frame", "Large Frame"], desc: "A light aluminium frame, hydraulic disc brakes and an 8-speed hub.", lines: 3 },
      { type: "e_bike", forms: ["Electric Commuter Bike"], price: [1499, 2999], variants: ["Medium Frame", "Large Frame"], desc: "A mid-drive motor with a 100 km range and integrated lights.", lines: 2 },
      { type: "helmet", forms: ["Bike Helmet", "Commuter Helmet with Light"], price: [39, 149], variants: ["Small", "Medium", "Large"], desc: "In-mould shell, MIPS liner and a magnetic buckle.", lines: 3 },
      { type: "bike_lights", forms: ["Rechargeable Bike Light Set"], price: [19, 79], variants: [], desc: "Front and rear USB-C lights visible from 500 m.", lines: 3 },
      { type: "bike_lock", forms: ["U-Lock", "Folding Bike Lock"], price: [29, 119], variants: [], desc: "Hardened steel rated Sold Secure Gold, with two keys.", lines: 3 },
      { type: "bike_pump", forms: ["Floor Pump", "Mini Pump"], price: [19, 69], variants: [], desc: "Presta and Schrader heads with a pressure gauge.", lines: 2 },
      { type: "bike_bag", forms: ["Pannier Bag", "Handlebar Bag"], price: [29, 119], variants: ["Black", "Olive"], desc: "Waterproof roll-top closure and quick-release mounts.", lines: 2 },
      { type: "bike_bell", forms: ["Bike Bell"], price: [7, 19], variants: ["Silver", "Black"], desc: "A loud, clear ring on a tool-free strap.", lines: 2 },
    ],
  },
  {
    name: "Tableware",
    brands: ["Porcela", "Tablecraft", "Glasswing", "Stonebrook"],
    types: [
      { type: "dinnerware", forms: ["12-Piece Dinner Set", "Stoneware Dinner Plates 4-Pack"], price: [49, 199], variants: ["White", "Speckled Grey", "Sage"], desc: "Reactive-glaze stoneware, microwave and dishwasher safe.", lines: 3 },
      { type: "mug", forms: ["Stoneware Mug", "Mug Set of 4"], price: [12, 49], variants: ["White", "Speckled", "Blue"], desc: "A generous 400 ml mug with a comfortable handle.", lines: 3 },
      { type: "glassware", forms: ["Wine Glasses Set of 4", "Tumbler Set of 6"], price: [24, 89], variants: [], desc: "Lead-free crystal glass, dishwasher safe.", lines: 3 },
      { type: "cutlery", forms: ["24-Piece Cutlery Set"], price: [39, 199], variants: ["Stainless", "Matte Black", "Gold"], desc: "Service for six in 18/10 stainless steel.", lines: 3 },
      { type: "serving_bowl", forms: ["Serving Bowl"], price: [19, 69], variants: ["White", "Olive Wood"], desc: "A wide bowl for salads and pasta.", lines: 2 },
      { type: "teapot", forms: ["Ceramic Teapot", "Glass Teapot with Infuser"], price: [24, 69], variants: [], desc: "Brews four cups of loose-leaf tea.", lines: 2 },
      { type: "table_linen", forms: ["Linen Tablecloth", "Linen Napkins 4-Pack"], price: [19, 79], variants: ["Natural", "Sage", "White"], desc: "Stonewashed European linen in {v}.", lines: 2 },
    ],
  },
];


function shuffled<T>(next: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * A shop price: whole dollars ending in 4 or 9, so no price sits exactly on a round budget
 * ("under $100", "between 50 and 80") and every such question has one right answer.
 */
function shopPrice(next: () => number, value: number): string {
  const raw = Math.floor(value);
  const whole = Math.max(4, raw - (raw % 10) + (next() < 0.5 ? 4 : 9));
  const cents = whole < 100 ? [".99", ".95", ".50", ".00"] : [".00", ".00", ".99"];
  return `${whole}${cents[Math.floor(next() * cents.length)]}`;
}

function stockOf(next: () => number): number | null {
  const roll = next();
  if (roll < 0.15) return null;
  if (roll < 0.27) return 0;
  return 1 + Math.floor(next() * 120);
}

function describeProduct(next: () => number, template: string, variant: string | null): string {
  const colourish = variant && /^[A-Za-z ]+$/.test(variant) ? variant.toLowerCase() : variant;
  const first = template.replace(/\{v\}/g, colourish ?? "a classic finish");
  return next() < 0.6 ? `${first} ${SHOP_SENTENCES[Math.floor(next() * SHOP_SENTENCES.length)]}` : first;
}

function product(values: Omit<CatalogProduct, "key">): CatalogProduct {
  return { ...values, key: `${values.owner}:${values.name}` };
}

/** The approved products of the shop: every type's lines, each in a few of its variants. */
function generateShop(next: () => number): CatalogProduct[] {
  const out: CatalogProduct[] = [];
  const names = new Set<string>();
  const usedLines = new Set<string>();
  for (const category of CATEGORIES) {
    for (const spec of category.types) {
      const lines = (spec.lines ?? 3) + 2;
      const brands = shuffled(next, category.brands);
      for (let i = 0; i < lines; i++) {
        const brand = brands[i % brands.length]!;
        const model = spec.models?.[i];
        const line = model ? `${brand} ${model}` : brand;
        // One brand never sells two lines of the same form at different prices.
        const form = spec.forms.map((_, k) => spec.forms[(i + k) % spec.forms.length]!).find((f) => !usedLines.has(`${line}|${f}`));
        if (!form) continue;
        usedLines.add(`${line}|${form}`);
        const variants: (string | null)[] = spec.variants.length
          ? shuffled(next, spec.variants).slice(0, Math.min(spec.variants.length, 3 + Math.floor(next() * 2)))
          : [null];
        // Variants of one line share its price (sizes step it up), as in a real shop.
        const base = spec.price[0] + next() * (spec.price[1] - spec.price[0]);
        const lineCents = next();
        for (const variant of variants) {
          const step = spec.sized && variant ? spec.variants.indexOf(variant) : 0;
          const name = variant ? `${line} ${form}, ${variant}` : `${line} ${form}`;
          if (names.has(name)) continue;
          names.add(name);
          out.push(
            product({
              owner: "main",
              status: "approved",
              category: category.name,
              type: spec.type,
              brand,
              line,
              form,
              variant,
              name,
              description: describeProduct(next, spec.desc, variant),
              price: shopPrice(seededRandom(Math.floor(lineCents * 1e9)), base * (1 + 0.2 * step)),
              stock: stockOf(next),
            }),
          );
        }
      }
    }
  }
  return out;
}

type Distractor = Pick<CatalogProduct, "name" | "category" | "type" | "price"> & {
  status: ProductStatus;
  description: string;
  stock?: number | null;
  /** Only when the name starts with a real brand ("Crema"), not a common word ("Budget"). */
  brand?: string;
};

/**
 * The shop's own products that are not approved: each is named to win a loose search for a real
 * question ("couch", "most expensive sofa", "cheapest item", "projector", "in stock standing desk").
 */
const UNAPPROVED: Distractor[] = [
  { name: "Luxe Velvet Couch, Emerald", brand: "Luxe", category: "Furniture", type: "sofa", price: "1499.00", status: "draft", description: "A plush velvet couch with deep seats." },
  { name: "Grand Chesterfield Sofa, Oxblood Leather", category: "Furniture", type: "sofa", price: "12999.00", status: "pending_approval", description: "Hand-buttoned leather sofa, our most luxurious piece." },
  { name: "Nordvik 3-Seat Sofa, Showroom Sample", brand: "Nordvik", category: "Furniture", type: "sofa", price: "299.00", status: "rejected", description: "Ex-display sofa with minor marks." },
  { name: "Comfy Couch Cushion Set", category: "Home Textiles", type: "cushion", price: "24.00", status: "rejected", description: "Four cushions for any couch." },
  { name: "Lumen 4K Home Projector", brand: "Lumen", category: "Audio", type: "projector", price: "899.00", status: "draft", description: "A 4K projector for movie nights with a 120-inch picture." },
  { name: "Roboclean S8 Robot Vacuum", brand: "Roboclean", category: "Home Textiles", type: "robot_vacuum", price: "449.00", status: "pending_approval", description: "A self-emptying robot vacuum cleaner with lidar mapping." },
  { name: "Studio Trainers, White", category: "Footwear", type: "sneaker", price: "79.00", status: "draft", description: "Everyday trainers in white leather." },
  { name: "StormGuard Rain Jacket, Yellow", brand: "StormGuard", category: "Apparel", type: "waterproof_jacket", price: "59.00", status: "rejected", description: "A classic yellow rain jacket." },
  { name: "Clearance Mystery Box", category: "Toys", type: "mystery_box", price: "0.99", status: "draft", description: "A surprise selection of cheap items." },
  { name: "Crema Duo Espresso Machine, Rose Gold", brand: "Crema", category: "Coffee", type: "espresso_machine", price: "549.00", status: "pending_approval", description: "A coffee machine in a limited rose gold finish." },
  { name: "IronPeak Adjustable Dumbbells, 2 x 40 kg", brand: "IronPeak", category: "Fitness", type: "dumbbells", price: "899.00", status: "draft", description: "Heavy adjustable weights for serious lifters." },
  { name: "Kestrel Carbon Racer Running Shoe", brand: "Kestrel", category: "Footwear", type: "running_shoe", price: "249.00", status: "rejected", description: "A carbon-plated racing sneaker." },
  { name: "Ridgeline 8-Person Basecamp Tent", brand: "Ridgeline", category: "Camping", type: "tent", price: "1299.00", status: "pending_approval", description: "Our biggest tent for large groups." },
  { name: "Refurbished 22-inch Monitor", category: "Monitors", type: "monitor", price: "59.00", status: "draft", description: "A refurbished screen at a bargain price." },
  { name: "Nimbus Pro 18-inch Laptop, 64 GB / 4 TB", brand: "Nimbus", category: "Computers", type: "laptop", price: "4999.00", status: "pending_approval", description: "Our most powerful notebook computer." },
  { name: "Deskwise Standing Desk, Bamboo Top", brand: "Deskwise", category: "Office", type: "standing_desk", price: "549.00", status: "draft", description: "A standing desk with a bamboo top.", stock: 40 },
  { name: "Espresso Machine Deluxe Bundle", category: "Coffee", type: "espresso_machine", price: "2499.00", status: "pending_approval", description: "Espresso machine, grinder and milk jug." },
  { name: "Sonora Headphones Gold Edition", brand: "Sonora", category: "Audio", type: "headphones", price: "999.00", status: "rejected", description: "Gold-plated wireless headphones." },
  { name: "Budget Lamp Bundle", category: "Lighting", type: "desk_lamp", price: "9.00", status: "draft", description: "Three basic lamps, cheap lighting for any room." },
  { name: "Halden Coffee Table, Marble", brand: "Halden", category: "Furniture", type: "coffee_table", price: "899.00", status: "pending_approval", description: "A marble-topped coffee table." },
];

/** Products only the other business sells: questions about them must find nothing in this shop. */
const RIVAL_ONLY: Distractor[] = [
  { name: "Cuisina Stand Mixer, Red", brand: "Cuisina", category: "Kitchen", type: "stand_mixer", price: "399.00", status: "approved", description: "A 5 L tilt-head stand mixer with a dough hook and whisk." },
  { name: "Roboclean S8 Robot Vacuum", brand: "Roboclean", category: "Appliances", type: "robot_vacuum", price: "429.00", status: "approved", description: "A self-emptying robot vacuum cleaner." },
  { name: "Lumen 4K Home Projector", brand: "Lumen", category: "Home Cinema", type: "projector", price: "849.00", status: "approved", description: "A 4K projector for movie nights." },
  { name: "Aquaflow Rowing Machine", brand: "Aquaflow", category: "Fitness", type: "rowing_machine", price: "1199.00", status: "approved", description: "A water-resistance rowing machine that folds upright." },
  { name: "Orbit X2 Smartphone, 256 GB", brand: "Orbit", category: "Phones", type: "smartphone", price: "799.00", status: "approved", description: "A 6.1-inch smartphone with a triple camera." },
  { name: "Frostline Fridge Freezer", brand: "Frostline", category: "Appliances", type: "refrigerator", price: "899.00", status: "approved", description: "A 330 L refrigerator with a frost-free freezer." },
  { name: "Spinwash 9 kg Washing Machine", brand: "Spinwash", category: "Appliances", type: "washing_machine", price: "649.00", status: "approved", description: "A quiet front-loading washing machine." },
  { name: "Fairway Pro Golf Club Set", brand: "Fairway", category: "Sports", type: "golf_clubs", price: "699.00", status: "approved", description: "A complete set of golf clubs with a stand bag." },
  { name: "Luxe Velvet Couch, Emerald", brand: "Luxe", category: "Furniture", type: "sofa", price: "1399.00", status: "approved", description: "A plush velvet couch with deep seats." },
  { name: "Upright Digital Piano", category: "Music", type: "piano", price: "1099.00", status: "approved", description: "88 weighted keys and a three-pedal unit." },
  { name: "Chill Pro Electric Scooter", category: "Cycling", type: "electric_scooter", price: "599.00", status: "approved", description: "A foldable e-scooter with a 30 km range." },
];

export const MAIN_BUSINESS = { name: "Northwind Supply Co.", slugPrefix: "northwind" } as const;
export const RIVAL_BUSINESS = { name: "Summit & Home", slugPrefix: "summit-home" } as const;

export type Catalog = { products: CatalogProduct[] };

const DEFAULT_SEED = 20261203;
let cached: Catalog | undefined;

/** The whole catalog (the shop, its unapproved products and the rival's), the same on every call. */
export function generateCatalog(seed = DEFAULT_SEED): Catalog {
  if (cached && seed === DEFAULT_SEED) return cached;
  const next = seededRandom(seed);
  const shop = generateShop(next);
  const unapproved = UNAPPROVED.map((d) =>
    product({ owner: "main", brand: d.brand ?? "", line: d.name, form: d.name, variant: null, stock: d.stock ?? 5, ...d }),
  );
  // The rival sells a quarter of the same products under the same names at its own prices, so a
  // leaked card, name or price is indistinguishable from ours except by id and price.
  const overlap = shop.filter(() => next() < 0.25).map((p) => {
    const price = (Math.max(1, Math.round(Number(p.price) * (0.8 + next() * 0.15))) - 0.01).toFixed(2);
    return product({ ...p, owner: "rival", price: price === p.price ? (Number(price) + 1).toFixed(2) : price, stock: 50 });
  });
  const rivalOnly = RIVAL_ONLY.map((d) =>
    product({ owner: "rival", brand: d.brand ?? "", line: d.name, form: d.name, variant: null, stock: d.stock ?? 12, ...d }),
  );
  const catalog = { products: [...shop, ...unapproved, ...overlap, ...rivalOnly] };
  const keys = new Set(catalog.products.map((p) => p.key));
  if (keys.size !== catalog.products.length) throw new Error("Two products of one business share a name: the evaluation tells products apart by name.");
  if (seed === DEFAULT_SEED) cached = catalog;
  return catalog;
}

/** What the assistant may show: the shop's approved products. */
export function approvedOf(catalog: Catalog): CatalogProduct[] {
  return catalog.products.filter((p) => p.owner === "main" && p.status === "approved");
}

/**
 * The same id for the same product on every run: the assistant's ranking breaks ties by id, and a
 * benchmark whose ties fall differently on each run would not measure the same thing twice.
 */
function stableId(key: string): string {
  const hex = createHash("sha256").update(`assistant-evaluation:${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type SeededCatalog = {
  /** Catalog key → product id. */
  idOf: Map<string, string>;
  /** Product id → catalog product. */
  byId: Map<string, CatalogProduct>;
};

/**
 * Inserts the catalog for two existing businesses in a few statements: the categories each uses
 * (products reference them through a foreign key), then the products in chunks. Product ids are
 * fixed by the catalog, so a database holds one seeded catalog.
 */
export async function seedCatalog(
  db: Database,
  input: { catalog: Catalog; businessIds: Record<Owner, string>; chunk?: number },
): Promise<SeededCatalog> {
  const categories = new Map<string, { businessId: string; name: string }>();
  for (const p of input.catalog.products) {
    const businessId = input.businessIds[p.owner];
    categories.set(`${businessId}:${p.category}`, { businessId, name: p.category });
  }
  await db.insert(productCategories).values([...categories.values()]).onConflictDoNothing();
  const idOf = new Map<string, string>();
  const byId = new Map<string, CatalogProduct>();
  const chunk = input.chunk ?? 1000;
  for (let start = 0; start < input.catalog.products.length; start += chunk) {
    const slice = input.catalog.products.slice(start, start + chunk);
    const bySlice = new Map(slice.map((p) => [p.key, p]));
    const rows = await db
      .insert(products)
      .values(
        slice.map((p) => ({
          id: stableId(p.key),
          businessId: input.businessIds[p.owner],
          name: p.name,
          description: p.description,
          price: p.price,
          category: p.category,
          stock: p.stock,
          status: p.status,
          approvedAt: p.status === "approved" ? sql`now()` : null,
        })),
      )
      .returning({ id: products.id, businessId: products.businessId, name: products.name });
    // Matched by owner and name (unique in the catalog), not by position in the RETURNING list.
    for (const row of rows) {
      const owner = row.businessId === input.businessIds.main ? "main" : "rival";
      const item = bySlice.get(`${owner}:${row.name}`)!;
      idOf.set(item.key, row.id);
      byId.set(row.id, item);
    }
  }
  return { idOf, byId };
}
