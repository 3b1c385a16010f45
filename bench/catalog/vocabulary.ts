/** The words the catalog generator builds products from; the query mix of run.ts searches for the same words. */
export const ADJECTIVES = ["Compact", "Deluxe", "Ergonomic", "Wireless", "Portable", "Heavy-duty", "Classic", "Smart", "Foldable", "Premium", "Eco", "Mini", "Pro", "Vintage", "Modular", "Silent", "Rugged", "Slim", "Adjustable", "Insulated"];
export const MATERIALS = ["Oak", "Steel", "Bamboo", "Aluminium", "Walnut", "Leather", "Ceramic", "Glass", "Cotton", "Carbon", "Copper", "Linen", "Maple", "Titanium", "Wool"];
export const NOUNS = ["Desk", "Chair", "Lamp", "Keyboard", "Mouse", "Monitor Arm", "Bookshelf", "Backpack", "Kettle", "Headphones", "Speaker", "Notebook", "Pen", "Mug", "Blender", "Tent", "Lantern", "Jacket", "Sneakers", "Watch", "Drill", "Sander", "Router", "Charger", "Cable", "Webcam", "Microphone", "Tripod", "Bottle", "Cushion"];
export const CATEGORIES = ["Furniture", "Electronics", "Outdoor", "Kitchen", "Office", "Tools", "Apparel", "Audio"];
export const PHRASES = [
  "Built to last with a two-year warranty.",
  "Ships flat-packed and assembles in minutes.",
  "Designed for long working days.",
  "A favourite of remote teams.",
  "Made from responsibly sourced materials.",
  "Quiet, efficient and easy to clean.",
  "Pairs with every device over Bluetooth.",
  "Weatherproof for camping and travel.",
  "Includes a carrying case and spare parts.",
  "Tested for ten thousand cycles.",
];

