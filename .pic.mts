import sharp from "sharp";
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="450"><rect width="600" height="450" fill="#7c4a1e"/><text x="300" y="240" font-family="DejaVu Sans, Arial, sans-serif" font-size="110" font-weight="700" fill="#fff" text-anchor="middle">SD</text><text x="300" y="390" font-family="DejaVu Sans, Arial, sans-serif" font-size="32" fill="#fff" text-anchor="middle">Standing Desk</text></svg>`;
await sharp(Buffer.from(svg)).png().toFile("/tmp/pic.png");
