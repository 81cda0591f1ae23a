// The brand family (docs/branding.md): the organisation's name, logo, accent colour and support
// contact, on everything a client sees; set by an admin, read afresh on each page published and message sent.
import { z } from "zod";
import type { Brand } from "../../brand/brand.js";
import { InvalidRequestError } from "../../errors.js";
import { defineOperation } from "../operation.js";

const brandSchema = z
  .object({
    name: z.string().optional().meta({ description: "The organisation, as clients know it" }),
    color: z.string().optional().meta({ description: "The accent colour, #rrggbb" }),
    contact: z.string().optional().meta({ description: "Whom clients ask, in their words" }),
    logo: z.object({ contentType: z.string(), bytes: z.number() }).optional().meta({ description: "The logo's type and size (PNG, JPEG, GIF or WebP)" }),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "Brand", description: "What clients see of the organisation (portal/settings/brand.json)" });

const result = z.object({ brand: brandSchema }).meta({ id: "BrandDocument" });

/** The brand as the API and --json show it: the logo by type and size, not its bytes. */
function brandView(brand: Brand): z.input<typeof brandSchema> {
  const { logo, ...rest } = brand;
  return { ...rest, ...(logo ? { logo: { contentType: logo.contentType, bytes: Buffer.from(logo.data, "base64").length } } : {}) };
}

/** `brand.show`: the brand clients see. */
export const showBrand = defineOperation({
  name: "brand.show",
  summary: "Show the brand clients see: organisation name, logo, accent colour, support contact",
  access: "operator",
  mutates: false,
  input: z.strictObject({}),
  result,
  errors: [],
  async run(services) {
    return { brand: brandView(await services.brand.get()) };
  },
});

/** `brand.set`: changes the brand; fields left out keep their value. */
export const setBrand = defineOperation({
  name: "brand.set",
  summary: "Change the brand clients see; fields left out keep their value",
  description: "Shows on the next index page published and the next e-mail sent, without a restart. The edge's refusal pages take the name and contact from the stack (organisationName, supportContact).",
  access: "admin",
  mutates: true,
  input: z.strictObject({
    name: z.string({ error: "must be text" }).max(1000).optional().meta({ description: "The organisation's name; empty clears it" }),
    color: z.string({ error: "must be text" }).max(20).optional().meta({ description: "The accent colour, like #1d4ed8; empty clears it" }),
    contact: z.string({ error: "must be text" }).max(1000).optional().meta({ description: "Whom clients ask: an address, a phone number; empty clears it" }),
    logo: z.string({ error: "must be text" }).max(100_000).optional().meta({ description: "The logo image (PNG, JPEG, GIF or WebP, at most 32 KiB), base64; empty removes it" }),
  }),
  result,
  errors: [],
  async run(services, input, actor) {
    let logo: Uint8Array | null | undefined;
    if (input.logo !== undefined) {
      if (input.logo.trim() === "") logo = null;
      else if (!/^[A-Za-z0-9+/]+={0,2}$/.test(input.logo.trim())) throw new InvalidRequestError("logo: must be the image's bytes in base64", { field: "logo" });
      else logo = Buffer.from(input.logo.trim(), "base64");
    }
    const saved = await services.brand.set(
      { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.color !== undefined ? { color: input.color } : {}), ...(input.contact !== undefined ? { contact: input.contact } : {}), ...(logo !== undefined ? { logo } : {}) },
      actor.name,
    );
    return { brand: brandView(saved) };
  },
  audit: (input) => ({ event: "brand-changed", details: { changed: Object.keys(input).join(",") } }),
});

export const brandOperations = {
  show: showBrand,
  set: setBrand,
} as const;
