import { Hono } from "hono";
import { recordChange } from "../../auth/auth-audit.js";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { refuse } from "../../respond.js";
import { addressOf } from "../../../lib/delivery/mail-settings.js";
import { InvalidRequestError } from "../../../lib/errors.js";
import { Outbox, OUTBOX_PREFIX } from "../../../lib/mail/outbox.js";
import { MailPage, OutboxMessagePage, OutboxPage } from "../../views/mail-page.js";

/** The E-mail page (the user's address and notifications) and local mode's Outbox. */
export function mailRoutes(deps: PortalDeps) {
  const { mailer, store } = deps.services;
  const settings = deps.services.mailSettings;
  const outbox = new Outbox(store);
  const transport = mailer ? { kind: mailer.kind, description: mailer.description } : { kind: "off", description: "nothing: e-mail is not set up for this portal" };
  const hasOutbox = mailer?.kind === "outbox";

  return new Hono<AppEnv>()
    .get("/mail", requireUser(), async (c) => {
      const user = c.get("user");
      const saved = await settings.get(user.name);
      const implied = addressOf(user.name, undefined);
      return c.html(
        <MailPage
          transport={transport}
          address={saved?.address ?? ""}
          displayName={saved?.displayName ?? ""}
          {...(implied ? { impliedAddress: implied } : {})}
          notifications={saved?.notifications ?? true}
          {...(c.req.query("saved") !== undefined ? { notice: "Saved." } : {})}
          user={user}
          csrfToken={csrfToken(c)}
        />,
      );
    })
    .post("/mail", requireUser(), async (c) => {
      const user = c.get("user");
      const form = await c.req.parseBody();
      const address = typeof form.address === "string" ? form.address : "";
      const notifications = form.notifications === "on";
      const displayName = typeof form.displayName === "string" ? form.displayName : undefined;
      try {
        await settings.save(user.name, { address, notifications, ...(displayName === undefined ? {} : { displayName }) });
        await recordChange(deps, c, user, "mail-settings-saved", { notifications });
        return c.redirect("/mail?saved", 303);
      } catch (error) {
        if (!(error instanceof InvalidRequestError)) throw error;
        const implied = addressOf(user.name, undefined);
        return c.html(
          <MailPage transport={transport} address={address} displayName={displayName ?? ""} {...(implied ? { impliedAddress: implied } : {})} notifications={notifications} error={error.message} user={user} csrfToken={csrfToken(c)} />,
          400,
        );
      }
    })
    .get("/outbox", requireUser(), async (c) => {
      if (!hasOutbox) return refuse(c, "not-found", "No outbox", "This portal sends e-mail for real, so it keeps no outbox; see the E-mail page.");
      return c.html(<OutboxPage entries={await outbox.list()} location={`${store.location}/${OUTBOX_PREFIX}`} user={c.get("user")} csrfToken={csrfToken(c)} />);
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
