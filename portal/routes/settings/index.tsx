import { Hono } from "hono";
import { HTTP_STATUS, ShareError } from "../../../lib/errors.js";
import { ops } from "../../../lib/ops/registry.js";
import { csrfToken } from "../../auth/csrf.js";
import { requireRole } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { operationRunner } from "../../operations.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { SettingsPage } from "../../views/settings-page.js";

const text = (form: Record<string, unknown>, name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");

/** The admins' Settings page: the brand, through brand.set (lib/ops/brand). */
export function settingsRoutes(deps: PortalDeps, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");
  return new Hono<AppEnv>()
    .get("/settings", requireRole("admin"), async (c) => {
      const brand = await deps.services.brand.get();
      return c.html(<SettingsPage brand={brand} {...(c.req.query("saved") !== undefined ? { notice: "Saved. The next page published and e-mail sent show it." } : {})} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/settings", requireRole("admin"), async (c) => {
      const form = await c.req.parseBody();
      const values = { name: text(form, "name"), color: text(form, "color"), contact: text(form, "contact") };
      const file = form.logo;
      const logo = text(form, "removeLogo") === "yes" ? "" : file instanceof File && file.size > 0 ? Buffer.from(await file.arrayBuffer()).toString("base64") : undefined;
      try {
        await run(c, ops.brand.set, { ...values, ...(logo !== undefined ? { logo } : {}) });
        return c.redirect("/settings?saved", 303);
      } catch (error) {
        if (!(error instanceof ShareError) || error.kind !== "bad-input") throw error;
        return c.html(<SettingsPage brand={await deps.services.brand.get()} values={values} error={error.message} user={c.get("user")} csrfToken={csrfToken(c)} />, HTTP_STATUS[error.kind]);
      }
    });
}
