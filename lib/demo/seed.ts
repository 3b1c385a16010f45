import { eq, sql } from "drizzle-orm";
import { resolveCategories } from "@/lib/categories/queries";
import { getDb, transaction } from "@/db/client";
import {
  apiKeys,
  auditLog,
  chatMessageFeedback,
  businesses,
  endUsers,
  invites,
  chatMessages,
  chatSessions,
  creditTransactions,
  productRevisions,
  products,
  purchases,
  users,
  type ProductStatus,
  type Role,
} from "@/db/schema";
import type { AuditAction, AuditEntityType } from "@/lib/audit/actions";
import { hashPassword } from "@/lib/auth/passwords";
import { generateApiKey, hashApiKey } from "@/lib/api-keys/keys";
import { linkMessagesInOrder } from "@/lib/chat/queries";
import { applyCreditChange } from "@/lib/credits/ledger";
import { appUrl, env } from "@/lib/env";
import { storeChatFile } from "@/lib/files/service";
import { digest, newInviteCode } from "@/lib/auth/tokens";
import { sendMail } from "@/lib/mail/send";
import { inviteMail } from "@/lib/mail/templates";
import { inviteLink } from "@/lib/users/service";
import { INVITE_TTL_DAYS } from "@/lib/users/schemas";
import { seedProductPicture } from "./pictures";
import { DEMO_PUBLISHABLE_KEY, demoWidgetOrigins } from "./widget-key";

export const DEMO_PASSWORD = "demo-password-1";
export const DEMO_BUSINESS_SLUG = "demo-outfitters";
/** A teammate invited by email who has not joined yet: listed under Pending invites, their mail in /dev/outbox. */
export const DEMO_INVITEE = "new.hire@demo.test";

const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.test", name: "Ada Admin", role: "admin" },
  { email: "editor@demo.test", name: "Eddie Editor", role: "editor" },
  { email: "approver@demo.test", name: "April Approver", role: "approver" },
  { email: "viewer@demo.test", name: "Vic Viewer", role: "viewer" },
];

type SeedProduct = { name: string; description: string; price: string; category: string; stock: number | null; status: ProductStatus };

const CATALOG: Omit<SeedProduct, "status">[] = [
  ["Standing Desk", "Electric sit-stand desk with a 160 × 80 cm oak top, dual motors and four memory presets.", "549.00", "Furniture", 12],
  ["Ergonomic Office Chair", "Mesh back, adjustable lumbar support, 4D armrests and a synchronised tilt.", "329.00", "Furniture", 20],
  ["Monitor Arm", "Gas-spring arm for monitors up to **32 inches and 9 kg**.\n\n- Tool-free height and tilt\n- Built-in cable management\n- Clamp or grommet mount", "119.00", "Accessories", 40],
  ["Mechanical Keyboard", "Tenkeyless keyboard with hot-swappable tactile switches and PBT keycaps.", "139.00", "Peripherals", 35],
  ["Wireless Mouse", "Ergonomic wireless mouse with a silent click and 70-day battery life.", "59.00", "Peripherals", 80],
  ["27-inch 4K Monitor", "IPS panel, 99% sRGB, USB-C with 90 W power delivery.", "429.00", "Displays", 15],
  ["34-inch Ultrawide Monitor", "Curved 3440 × 1440 display at 144 Hz for wide spreadsheets and timelines.", "699.00", "Displays", 6],
  ["Laptop Stand", "Aluminium stand that lifts a laptop screen to eye level; folds flat.", "49.00", "Accessories", 60],
  ["USB-C Docking Station", "Twelve ports: two HDMI, Ethernet, SD card and 100 W pass-through charging.", "199.00", "Accessories", 25],
  ["Noise-Cancelling Headphones", "Over-ear headphones with adaptive noise cancelling and 30-hour battery.", "279.00", "Audio", 18],
  ["Conference Speakerphone", "360° microphone array for rooms of up to eight people.", "189.00", "Audio", 10],
  ["HD Webcam", "1080p webcam with autofocus, dual microphones and a privacy shutter.", "89.00", "Peripherals", 50],
  ["Desk Lamp", "LED task lamp with adjustable colour temperature and a wireless charger in the base.", "79.00", "Lighting", 45],
  ["Cable Management Tray", "Under-desk steel tray that hides power strips and cables.", "35.00", "Accessories", 100],
  ["Anti-Fatigue Mat", "Cushioned standing mat with bevelled edges for standing desks.", "69.00", "Furniture", 30],
  ["Footrest", "Height-adjustable footrest with a massage surface.", "45.00", "Furniture", 0],
  ["Whiteboard", "Magnetic glass whiteboard, 120 × 90 cm, with markers and an eraser.", "159.00", "Office", 8],
  ["Filing Cabinet", "Three-drawer lockable steel cabinet on castors.", "219.00", "Furniture", 9],
  ["Bookshelf", "Five-shelf oak bookcase, 180 cm tall.", "249.00", "Furniture", 7],
  ["Desk Organiser", "Bamboo organiser with compartments for pens, notes and a phone.", "29.00", "Office", 120],
  ["Notebook Set", "Three A5 dotted notebooks with lay-flat binding.", "24.00", "Office", 200],
  ["Fountain Pen", "Steel-nib fountain pen with a converter and ink cartridges.", "39.00", "Office", 75],
  ["Portable SSD 1 TB", "Pocket-sized USB-C SSD with read speeds up to 1050 MB/s.", "109.00", "Storage", 55],
  ["Network Attached Storage", "Two-bay NAS for team backups and file sharing.", "349.00", "Storage", 5],
  ["Wi-Fi 6 Router", "Dual-band router covering up to 200 m² with WPA3.", "169.00", "Networking", 14],
  ["Power Bank", "20,000 mAh power bank with 65 W USB-C output for laptops.", "69.00", "Accessories", 70],
  ["Surge Protector", "Eight-outlet surge protector with four USB ports.", "39.00", "Accessories", 90],
  ["Smart Plug", "Wi-Fi smart plug with energy monitoring and schedules.", "19.00", "Smart Office", null],
  ["Air Purifier", "HEPA air purifier for rooms up to 40 m², whisper-quiet at night.", "229.00", "Wellbeing", 11],
  ["Desk Plant", "Low-maintenance snake plant in a ceramic pot.", "34.00", "Wellbeing", 25],
  ["Coffee Machine", "Bean-to-cup espresso machine with a milk frother.", "599.00", "Kitchen", 4],
  ["Electric Kettle", "1.7 L kettle with temperature presets for tea and coffee.", "59.00", "Kitchen", 30],
  ["Water Bottle", "Insulated steel bottle that keeps drinks cold for 24 hours.", "25.00", "Wellbeing", 150],
  ["Backpack", "Water-resistant 20 L backpack with a padded 16-inch laptop sleeve.", "99.00", "Travel", 40],
  ["Travel Adapter", "Universal travel adapter with GaN 65 W charging.", "49.00", "Travel", 60],
  ["Graphics Tablet", "Pen tablet with 8192 pressure levels for illustration and photo retouching.", "199.00", "Peripherals", 12],
  ["Label Printer", "Thermal label printer for shipping labels and barcodes.", "149.00", "Office", 10],
  ["Paper Shredder", "Cross-cut shredder, 12 sheets at a time, with a 20 L bin.", "129.00", "Office", 8],
  ["Phone Stand", "Adjustable aluminium phone and tablet stand.", "19.00", "Accessories", 140],
  ["Privacy Screen Filter", "Anti-glare privacy filter for 14-inch laptops.", "45.00", "Accessories", 35],
  ["Ring Light", "10-inch ring light with a tripod for video calls.", "39.00", "Lighting", 28],
  ["Document Camera", "8 MP document camera for remote teaching and scanning.", "159.00", "Peripherals", 6],
  ["Standing Desk Converter", "Desktop riser that turns any desk into a standing desk.", "189.00", "Furniture", 16],
  ["Kneeling Chair", "Ergonomic kneeling chair that encourages an upright posture.", "139.00", "Furniture", 5],
  ["Acoustic Panel Pack", "Six felt acoustic panels that cut echo in open offices.", "119.00", "Office", 20],
  ["Bluetooth Speaker", "Compact speaker with 12-hour battery, splash-proof.", "79.00", "Audio", 33],
  ["Smart Thermostat", "Learning thermostat that saves energy when the office is empty.", "219.00", "Smart Office", 7],
  ["Mini Fridge", "Quiet 45 L mini fridge for desk-side drinks.", "189.00", "Kitchen", 3],
  ["Presentation Clicker", "Wireless presenter with a laser pointer and timer.", "35.00", "Peripherals", 45],
  ["Cordless Drill", "Compact cordless drill for office maintenance.", "129.00", "Tools", 9],
].map(([name, description, price, category, stock]) => ({
  name: name as string,
  description: description as string,
  price: price as string,
  category: category as string,
  stock: stock as number | null,
}));

/** A supplier's price list attached to the admin's conversation: some of its items are in the catalog by name. */
export const DEMO_SUPPLIER_FILE = {
  name: "supplier-prices.csv",
  question: "Which of these do we sell?",
  content: [
    "sku,name,category,price,stock",
    "SUP-100,Desk Lamp,Lighting,52.00,120",
    "SUP-101,Floor Lamp,Lighting,88.50,40",
    "SUP-102,Wireless Mouse,Peripherals,31.00,300",
    "SUP-103,Mechanical Keyboard,Peripherals,74.00,80",
    "SUP-104,Laptop Stand,Accessories,22.50,150",
    ",Monitor Light Bar,Lighting,39.00,60",
    "SUP-106,Cable Management Tray,Accessories,17.25,200",
    "SUP-107,Ergonomic Footrest,Furniture,28.00,",
    "SUP-108,Standing Desk Frame,Furniture,240.00,15",
    ",USB Desk Fan,Accessories,12.99,90",
  ].join("\n"),
  /** What the built-in assistant answers to `question` about this file (a test keeps the two in step). */
  answer: [
    "From **supplier-prices.csv**: **5** of 10 rows are products we sell:",
    "",
    "- Row 1: **Desk Lamp** — $79.00 (Lighting), matched by name",
    "- Row 3: **Wireless Mouse** — $59.00 (Peripherals), matched by name",
    "- Row 4: **Mechanical Keyboard** — $139.00 (Peripherals), matched by name",
    "- Row 5: **Laptop Stand** — $49.00 (Accessories), matched by name",
    "- Row 7: **Cable Management Tray** — $35.00 (Accessories), matched by name",
  ].join("\n"),
  cards: ["Desk Lamp", "Wireless Mouse", "Mechanical Keyboard", "Laptop Stand", "Cable Management Tray"],
};

// Most of the catalog is approved; a few of each other status give the approval queue and staff pages content.
/** How many of the newest live demo products get a picture: enough to fill a storefront page, few enough to seed in seconds. */
const DEMO_PICTURES = 20;

function statusFor(index: number): ProductStatus {
  if (index < 37 || index === 42) return "approved";
  if (index < 42) return "pending_approval";
  if (index < 46) return "draft";
  return "rejected";
}

/**
 * Loads the demo business into the installed database when it has no business yet (or always, with
 * `force`), in one transaction. Returns false when it did nothing.
 */
export async function seedDemoData(input: { force?: boolean } = {}): Promise<boolean> {
  if ((await getDb().$count(businesses)) > 0 && !input.force) return false;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const inviteCode = newInviteCode();
  const inviteExpiresAt = new Date(Date.now() + INVITE_TTL_DAYS * 86_400_000);
  await transaction(async (tx) => {
    const [business] = await tx
      .insert(businesses)
      .values({
        name: "Demo Outfitters",
        slug: DEMO_BUSINESS_SLUG,
        botName: "Ollie",
        greeting: "Hi, I'm Ollie! Ask me about desks, chairs, monitors and everything else in our catalog.",
        instructions: "Be concise and friendly. Recommend at most three products at a time.",
        // The shop's own words, on top of the built-in retail synonyms (see /settings).
        synonyms: [["workstation", "desk"], ["notepad", "notebook"], ["clicker", "presenter"]],
      })
      .returning();
    const businessId = business!.id;

    const created: Record<Role, string> = { admin: "", editor: "", approver: "", viewer: "" };
    for (const demo of DEMO_USERS) {
      const [user] = await tx
        .insert(users)
        .values({ businessId, email: demo.email, name: demo.name, role: demo.role, passwordHash })
        .returning();
      created[demo.role] = user!.id;
      await applyCreditChange(tx, { userId: user!.id, businessId, amount: 4000, kind: "signup", reason: "Welcome credits" });
    }

    const now = Date.now();
    const rows = CATALOG.map((product, index) => {
      const status = statusFor(index);
      const createdAt = new Date(now - (60 - index) * 86_400_000 / 2);
      return {
        businessId,
        ...product,
        sku: `DEMO-${String(index + 1).padStart(3, "0")}`,
        status,
        createdBy: created.editor,
        createdAt,
        submittedAt: status === "draft" ? null : createdAt,
        // The editor wrote and submitted every version, so the approver may review each (separation of duties).
        submittedBy: status === "draft" ? null : created.editor,
        editors: status === "draft" ? [] : [created.editor],
        approvedBy: status === "approved" ? created.approver : null,
        approvedAt: status === "approved" ? new Date(createdAt.getTime() + 3_600_000) : null,
        rejectionReason: status === "rejected" ? "Please add dimensions and a clearer description." : null,
      };
    });
    await resolveCategories(tx, { businessId, names: rows.map((row) => row.category) });
    const inserted = await tx.insert(products).values(rows).returning({ id: products.id, name: products.name, price: products.price, status: products.status });
    await tx.insert(auditLog).values(
      inserted.map((product) => ({
        businessId,
        actorId: created.editor,
        action: "product.create" satisfies AuditAction,
        entityType: "product" satisfies AuditEntityType,
        entityId: product.id,
        summary: { name: product.name, status: product.status, source: "seed" },
      })),
    );

    const byName = (name: string) => inserted.find((product) => product.name === name)!;

    // Pictures for the newest live products (a storefront's first page, which lists newest first) and the
    // desk, made and stored the way an upload is, so storefront, chat cards and review show them.
    const galleries = new Map<string, { id: string; alt: string }[]>();
    const live = inserted.filter((row) => row.status === "approved");
    const newestLive = live.slice(-DEMO_PICTURES);
    const pictured = live.filter((row) => row.name === "Standing Desk" || newestLive.includes(row));
    for (const product of pictured) {
      const category = rows.find((row) => row.name === product.name)?.category ?? null;
      // The desk shows a whole gallery; the others one picture each.
      const views = product.name === "Standing Desk" ? ["Front", "Side", "Detail"] : ["Front"];
      const gallery: { id: string; alt: string }[] = [];
      for (const [position, view] of views.entries()) {
        gallery.push(await seedProductPicture(tx, { productId: product.id, businessId, name: product.name, category, createdBy: created.editor, view, position }));
      }
      galleries.set(product.id, gallery);
    }

    // A change to a live product waiting for review: /approvals shows its diff while the desk stays on sale.
    const liveDesk = byName("Standing Desk");
    const [revision] = await tx
      .insert(productRevisions)
      .values({
        businessId,
        productId: liveDesk.id,
        name: "Standing Desk",
        description: "Electric sit-stand desk with a 160 × 80 cm solid oak top, quiet dual motors, four memory presets and a cable tray.",
        price: "529.00",
        sku: "DEMO-001",
        category: "Furniture",
        images: galleries.get(liveDesk.id) ?? [],
        status: "pending_approval",
        createdBy: created.editor,
        editedBy: created.editor,
        submittedBy: created.editor,
        editors: [created.editor],
        submittedAt: new Date(now - 3_600_000),
      })
      .returning({ id: productRevisions.id });
    await tx.insert(auditLog).values({
      businessId,
      actorId: created.editor,
      action: "product.submit" satisfies AuditAction,
      entityType: "product" satisfies AuditEntityType,
      entityId: liveDesk.id,
      summary: { name: liveDesk.name, revision: revision!.id, from: "draft", to: "pending_approval", changed: ["description", "price"], source: "seed" },
    });
    const couchQuestion = "Do you sell a couch for the lounge?";
    const couchAnswer = `Sorry, I couldn't find anything matching “${couchQuestion}” in our catalog. The closest categories we have are Furniture, Accessories or Office — ask me to show one of them.`;
    // What /feedback shows an admin: a 👍, a 👎 with its reason, and a question asked twice that the catalog cannot answer.
    const conversations: {
      user: Role;
      title: string;
      turns: [string, string][];
      cards: string[];
      noMatch?: boolean;
      rating?: { rating: "up" | "down"; reason: string | null };
    }[] = [
      {
        user: "viewer",
        title: "Standing desk for a small office",
        turns: [["Do you have a standing desk?", "Yes! The **Standing Desk** is $549.00 — electric, with memory presets. The **Standing Desk Converter** ($189.00) turns an existing desk into a standing one."]],
        cards: ["Standing Desk", "Standing Desk Converter"],
        rating: { rating: "up", reason: null },
      },
      {
        user: "viewer",
        title: "A couch for the lounge",
        turns: [[couchQuestion, couchAnswer]],
        cards: [],
        noMatch: true,
        rating: { rating: "down", reason: "We need seating for the lounge; please stock a sofa." },
      },
      {
        user: "editor",
        title: "Lounge seating",
        turns: [["do you sell a couch for the lounge?", couchAnswer]],
        cards: [],
        noMatch: true,
      },
      {
        user: "viewer",
        title: "Headphones for calls",
        turns: [["Which headphones are good for calls?", "The **Noise-Cancelling Headphones** ($279.00) have adaptive noise cancelling and a 30-hour battery."]],
        cards: ["Noise-Cancelling Headphones"],
      },
      {
        user: "editor",
        title: "Monitor options",
        turns: [["What monitors do we sell?", "We have the **27-inch 4K Monitor** ($429.00) and the **34-inch Ultrawide Monitor** ($699.00)."]],
        cards: ["27-inch 4K Monitor", "34-inch Ultrawide Monitor"],
      },
    ];
    for (const [offset, conversation] of conversations.entries()) {
      const userId = created[conversation.user];
      const startedAt = new Date(now - (offset + 1) * 86_400_000);
      const [session] = await tx
        .insert(chatSessions)
        .values({ businessId, userId, title: conversation.title, createdAt: startedAt, lastActivityAt: startedAt })
        .returning();
      for (const [question, answer] of conversation.turns) {
        await tx.insert(chatMessages).values({
          businessId, sessionId: session!.id, userId, role: "user", content: question,
          userRoleAtTime: conversation.user, createdAt: startedAt,
        });
        const [reply] = await tx
          .insert(chatMessages)
          .values({
            businessId, sessionId: session!.id, userId, role: "assistant", content: answer, status: "complete",
            model: "local", provider: "local", promptTokens: 180, completionTokens: 40, tokensUsed: 220, costCents: "0",
            productCards: conversation.cards.length
              ? conversation.cards.map((name) => {
                  const product = byName(name);
                  return { id: product.id, name: product.name, price: product.price, category: null };
                })
              : null,
            noMatch: conversation.noMatch ?? false,
            toolCalls: conversation.noMatch ? [{ name: "search_products", arguments: { query: question } }] : null,
            createdAt: new Date(startedAt.getTime() + 2000),
          })
          .returning({ id: chatMessages.id });
        if (conversation.rating) {
          await tx.insert(chatMessageFeedback).values({ businessId, messageId: reply!.id, userId, ...conversation.rating });
        }
        const charge = await applyCreditChange(tx, { userId, businessId, amount: -business!.messageCost, kind: "message", messageId: reply!.id });
        // Dated with its message so the dashboard's daily series shows the demo history as it happened.
        await tx.update(creditTransactions).set({ createdAt: startedAt }).where(eq(creditTransactions.id, charge.transactionId));
      }
      if (offset === 0) {
        const desk = byName("Standing Desk");
        await tx.insert(purchases).values({
          businessId, userId, productId: desk.id, productName: desk.name, quantity: 1,
          unitPrice: desk.price, total: desk.price, sessionId: session!.id, createdAt: new Date(startedAt.getTime() + 60_000),
        });
        await tx.update(products).set({ stock: sql`${products.stock} - 1` }).where(eq(products.id, desk.id));
      }
    }
    // A customer's file in the chat: the admin compared a supplier's price list with the catalog.
    const fileAt = new Date(now - 5 * 3_600_000);
    const [fileSession] = await tx
      .insert(chatSessions)
      .values({ businessId, userId: created.admin, title: "Supplier price list", createdAt: fileAt, lastActivityAt: fileAt })
      .returning();
    const demoFile = await storeChatFile(tx, {
      businessId, sessionId: fileSession!.id, uploadedBy: created.admin, name: DEMO_SUPPLIER_FILE.name,
      sizeBytes: Buffer.byteLength(DEMO_SUPPLIER_FILE.content), text: DEMO_SUPPLIER_FILE.content,
    });
    await tx.insert(chatMessages).values({
      businessId, sessionId: fileSession!.id, userId: created.admin, role: "user", content: DEMO_SUPPLIER_FILE.question,
      userRoleAtTime: "admin", createdAt: new Date(fileAt.getTime() + 60_000),
    });
    const [fileReply] = await tx
      .insert(chatMessages)
      .values({
        businessId, sessionId: fileSession!.id, userId: created.admin, role: "assistant", content: DEMO_SUPPLIER_FILE.answer, status: "complete",
        model: "local", provider: "local", promptTokens: 420, completionTokens: 90, tokensUsed: 510, costCents: "0",
        toolCalls: [{ name: "query_file", arguments: { fileId: demoFile.id, matchCatalog: true, limit: 20 } }],
        productCards: DEMO_SUPPLIER_FILE.cards.map((name) => {
          const product = byName(name);
          return { id: product.id, name: product.name, price: product.price, category: null };
        }),
        createdAt: new Date(fileAt.getTime() + 62_000),
      })
      .returning({ id: chatMessages.id });
    const fileCharge = await applyCreditChange(tx, { userId: created.admin, businessId, amount: -business!.messageCost, kind: "message", messageId: fileReply!.id });
    await tx.update(creditTransactions).set({ createdAt: fileAt }).where(eq(creditTransactions.id, fileCharge.transactionId));

    const lamp = byName("Desk Lamp");
    await tx.insert(purchases).values({
      businessId, userId: created.approver, productId: lamp.id, productName: lamp.name, quantity: 2,
      unitPrice: lamp.price, total: (Number(lamp.price) * 2).toFixed(2), createdAt: new Date(now - 3 * 86_400_000),
    });

    // The website side: the wallet end users spend, the widget's key (for /widget-demo), a server
    // key, and one visitor's conversation, so the API keys, wallet and end-user views are not empty.
    await applyCreditChange(tx, { userId: null, businessId, amount: env().WALLET_INITIAL_CREDITS, kind: "signup", reason: "Opening balance of the business wallet" });
    const [widgetKey] = await tx
      .insert(apiKeys)
      .values({
        businessId, name: "Website widget", kind: "publishable", scopes: ["chat"], allowedOrigins: demoWidgetOrigins(new URL(appUrl()).origin),
        prefix: DEMO_PUBLISHABLE_KEY.slice(0, 11), keyHash: hashApiKey(DEMO_PUBLISHABLE_KEY), createdBy: created.admin,
      })
      .returning();
    const serverKey = generateApiKey("secret");
    await tx.insert(apiKeys).values({
      businessId, name: "Shop backend", kind: "secret", scopes: ["chat", "stats"], prefix: serverKey.prefix, keyHash: serverKey.keyHash, createdBy: created.admin,
    });
    const [visitor] = await tx.insert(endUsers).values({ businessId, identifier: "jamie@example.com", verified: true }).returning();
    const visitedAt = new Date(now - 2 * 3_600_000);
    const [widgetSession] = await tx
      .insert(chatSessions)
      .values({
        businessId, channel: "widget", endUserId: visitor!.id, apiKeyId: widgetKey!.id, title: "Chair for long days",
        config: { pageContext: { url: "http://localhost:3000/widget-demo", title: "Demo Outfitters shop" } },
        createdAt: visitedAt, lastActivityAt: visitedAt,
      })
      .returning();
    await tx.insert(chatMessages).values({
      businessId, sessionId: widgetSession!.id, endUserId: visitor!.id, role: "user", content: "Which chair is good for long days?", createdAt: visitedAt,
    });
    const chair = byName("Ergonomic Office Chair");
    const [visitorReply] = await tx
      .insert(chatMessages)
      .values({
        businessId, sessionId: widgetSession!.id, endUserId: visitor!.id, role: "assistant", status: "complete",
        content: `The **${chair.name}** ($${chair.price}) has adjustable lumbar support and breathable mesh.`,
        model: "local", provider: "local", promptTokens: 170, completionTokens: 30, tokensUsed: 200, costCents: "0",
        productCards: [{ id: chair.id, name: chair.name, price: chair.price, category: null }],
        createdAt: new Date(visitedAt.getTime() + 2000),
      })
      .returning({ id: chatMessages.id });
    await applyCreditChange(tx, { userId: null, businessId, endUserId: visitor!.id, amount: -business!.messageCost, kind: "message", messageId: visitorReply!.id });
    // The conversations above were written row by row: each is one branch, as if sent turn by turn.
    await linkMessagesInOrder(tx, { businessId });

    await tx.insert(invites).values({
      businessId, codeHash: digest(inviteCode), role: "editor", email: DEMO_INVITEE, createdBy: created.admin, expiresAt: inviteExpiresAt, lastSentAt: new Date(),
    });
  });
  // After the commit, as any invite: its link works (in development it waits in /dev/outbox).
  await sendMail(
    DEMO_INVITEE,
    inviteMail({ businessName: "Demo Outfitters", roleLabel: "Editor", inviterName: DEMO_USERS[0]!.name, link: inviteLink(inviteCode), expiresAt: inviteExpiresAt }),
  );
  return true;
}
