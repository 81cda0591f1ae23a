// The brand on the command line: brand show, brand set (docs/branding.md).
import { readFileSync } from "node:fs";
import { InvalidRequestError } from "../../lib/errors.js";
import { ops } from "../../lib/ops/registry.js";
import { defineCommand, type CommandIo } from "./command.js";

type BrandDocument = { name?: string | undefined; color?: string | undefined; contact?: string | undefined; logo?: { contentType: string; bytes: number } | undefined; updatedAt?: string | undefined; updatedBy?: string | undefined };

function printBrand(brand: BrandDocument, io: CommandIo): void {
  io.stdout.write(
    `name     ${brand.name ?? "(none: clients see no organisation name)"}\n` +
      `logo     ${brand.logo ? `${brand.logo.contentType}, ${brand.logo.bytes} bytes` : "(none)"}\n` +
      `color    ${brand.color ?? "(default)"}\n` +
      `contact  ${brand.contact ?? "(none: clients are told to ask the person who sent the link)"}\n` +
      (brand.updatedAt ? `changed  ${brand.updatedAt} by ${brand.updatedBy}\n` : ""),
  );
}

export const setBrandCommand = defineCommand({
  name: "brand set",
  usage: "brand set [--name NAME] [--logo FILE] [--color HEX] [--contact TEXT]",
  summary: "set the organisation's name, logo, accent colour and support contact clients see",
  description:
    "Each flag given changes that field and leaves the others; an empty value clears it (--logo \"\" removes the logo). The change shows on the next index page published and the next e-mail sent, without a restart. The portal's Settings page (admins) sets the same fields.",
  arguments: [],
  flags: [
    { name: "name", type: "string", value: "NAME", help: "the organisation, as clients know it (\"Acme Ltd\")" },
    { name: "logo", type: "string", value: "FILE", field: false, help: "a PNG, JPEG, GIF or WebP image of at most 32 KiB (no SVG)" },
    { name: "color", type: "string", value: "HEX", help: "the accent colour of buttons and links, like #1d4ed8" },
    { name: "contact", type: "string", value: "TEXT", help: "whom clients ask (\"support@example.com\", \"+44 20 7946 0000\")" },
  ],
  examples: ['signed-share brand set --name "Acme Ltd" --color "#0b5" --contact support@acme.example --logo logo.png', "signed-share brand show --json"],
  operation: ops.brand.set,
  input(line, input) {
    const file = line.values.logo;
    if (typeof file !== "string") return input;
    if (file === "") return { ...input, logo: "" };
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new InvalidRequestError(`logo: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { field: "logo" });
    }
    if (bytes.length === 0) throw new InvalidRequestError(`logo: ${file} is empty`, { field: "logo" });
    return { ...input, logo: bytes.toString("base64") };
  },
  print: (result, io) => printBrand(result.brand, io),
});

export const showBrandCommand = defineCommand({
  name: "brand show",
  usage: "brand show",
  arguments: [],
  flags: [],
  examples: ["signed-share brand show --json | jq -r .brand.name"],
  operation: ops.brand.show,
  print: (result, io) => printBrand(result.brand, io),
});

export const BRAND_COMMANDS = [setBrandCommand, showBrandCommand];
