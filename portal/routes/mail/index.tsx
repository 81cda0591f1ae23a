import { Hono } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { operationRunner } from "../../operations.js";
import { refuse } from "../../respond.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { HTTP_STATUS, ShareError } from "../../../lib/errors.js";
import { Outbox } from "../../../lib/mail/outbox.js";
import { ops } from "../../../lib/ops/registry.js";
import { MailPage, OutboxMessagePage, OutboxPage } from "../../views/mail-page.js";

/** The E-mail page (the user's address and notifications, through mail.settings and mail.setSettings) and local mode's Outbox. */
export function mailRoutes(deps: PortalDeps, reads: ReadCache) {
  const { mailer, store } = deps.services;
  const run = operationRunner(deps, reads, "portal");
  const outbox = new Outbox(store);
  const hasOutbox = mailer?.kind === "outbox";

  return new Hono<AppEnv>()
    .get("/mail", requireUser(), async (c) => {
      const { settings, transport } = await run(c, ops.mail.settings, {});
      return c.html(
        <MailPage
          transport={transport}
          address={settings.address ?? ""}
          displayName={settings.displayName ?? ""}
          {...(settings.impliedAddress ? { impliedAddress: settings.impliedAddress } : {})}
          notifications={settings.notifications}
          {...(c.req.query("saved") !== undefined ? { notice: "Saved." } : {})}
          user={c.get("user")}
          csrfToken={csrfToken(c)}
        />,
      );
    })
    .post("/mail", requireUser(), async (c) => {
      const form = await c.req.parseBody();
      const address = typeof form.address === "string" ? form.address : "";
      const notifications = form.notifications === "on";
      const displayName = typeof form.displayName === "string" ? form.displayName : undefined;
      try {
        await run(c, ops.mail.setSettings, { address, notifications, ...(displayName === undefined ? {} : { displayName }) });
        return c.redirect("/mail?saved", 303);
      } catch (error) {
        if (!(error instanceof ShareError) || error.kind !== "bad-input") throw error;
        const { settings, transport } = await run(c, ops.mail.settings, {});
        return c.html(
          <MailPage
            transport={transport}
            address={address}
            displayName={displayName ?? ""}
            {...(settings.impliedAddress ? { impliedAddress: settings.impliedAddress } : {})}
            notifications={notifications}
            error={error.message}
            user={c.get("user")}
            csrfToken={csrfToken(c)}
          />,
          HTTP_STATUS[error.kind],
        );
      }
    })
    .get("/outbox", requireUser(), async (c) => {
      if (!hasOutbox) return refuse(c, "not-found", "No outbox", "This portal sends e-mail for real, so it keeps no outbox; see the E-mail page.");
      return c.html(<OutboxPage entries={await outbox.list()} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .get("/outbox/:id", requireUser(), async (c) => {
      if (!hasOutbox) return refuse(c, "not-found", "No outbox", "This portal sends e-mail for real, so it keeps no outbox.");
      const param = c.req.param("id");
      if (param.endsWith(".eml")) {
        const eml = await outbox.eml(param.slice(0, -".eml".length));
        if (eml === undefined) return refuse(c, "not-found", "Not found", "There is no such message in the outbox.");
        return c.body(eml, 200, { "content-type": "message/rfc822", "content-disposition": `attachment; filename="${param}"`, "cache-control": "no-store" });
      }
      const entry = await outbox.get(param);
      if (!entry) return refuse(c, "not-found", "Not found", "There is no such message in the outbox.");
      return c.html(<OutboxMessagePage entry={entry} user={c.get("user")} csrfToken={csrfToken(c)} />);
    });
}
