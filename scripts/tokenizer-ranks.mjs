/**
 * Writes lib/ai/o200k_base.ranks.json: gpt-tokenizer's o200k_base byte-pair ranks as JSON.
 *
 * The package ships them as a 2.4 MB JavaScript module. Compiling that costs a process about 55 MiB of
 * RSS; parsing the same ranks as JSON costs about 31 (docs/PERFORMANCE.md, "One instance"). Run this
 * after upgrading gpt-tokenizer; `lib/ai/tokens.test.ts` fails while the file and the package differ.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ranks from "gpt-tokenizer/bpeRanks/o200k_base";

const target = fileURLToPath(new URL("../lib/ai/o200k_base.ranks.json", import.meta.url));
writeFileSync(target, JSON.stringify(ranks));
console.log(`${target}: ${ranks.length} ranks`);
