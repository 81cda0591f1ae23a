import { Hono, type Context } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { refuse } from "../../respond.js";
import { publishErrorStatus } from "../../sharing/errors.js";
import { sendFromPortal } from "../../sharing/send-link.js";
import type { FileRequestServices } from "../../../lib/requests/create-requests.js";
import { requestStatus } from "../../../lib/requests/file-requests.js";
import { requestTermsFrom } from "../../../lib/requests/request-input.js";
import { InvalidRequestError } from "../../../lib/publish/errors.js";
import { NewRequestPage, RequestPage, type RequestFormValues } from "../../views/request-pages.js";
import { seg } from "../../views/page.js";

type SignedInContext = Context<AppEnv & SignedInEnv>;

const FIELDS = ["expires", "maxFileSize", "maxTotal", "maxFiles", "note", "to"] as const;

/** The portal's pages of file requests (docs/requests.md): create one for a client, see what arrived, close or revoke it. */
export function requestRoutes(deps: PortalDeps, services: FileRequestServices) {
  const { requests, uploads } = services;

  const formPage = (c: SignedInContext, client: string, values: RequestFormValues, error?: string, status: 200 | 400 = 200) =>
    c.html(
      <NewRequestPage
        client={client}
        values={values}
        {...(error ? { error } : {})}
        maxFileSize={requests.maxFileSize}
        canEmail={deps.delivery !== undefined && deps.delivery.mailer.kind !== "off"}
        user={c.get("user")}
        csrfToken={csrfToken(c)}
      />,
      status,
    );

  const requestPage = async (c: SignedInContext, requestId: string, notice?: string) => {
    try {
      const record = await requests.get(requestId);
      // Files still waiting for a scan verdict are tried again whenever someone looks.
      const files = await uploads.acceptWaiting(record.linkId).catch(() => requests.received(record.linkId));
      return c.html(<RequestPage record={record} status={requestStatus(record, deps.clock())} files={files} {...(notice ? { notice } : {})} user={c.get("user")} csrfToken={csrfToken(c)} />);
    } catch (error) {
      const known = publishErrorStatus(error);
      if (!known) throw error;
      return refuse(c, known.status, known.title, known.message);
    }
  };

  return new Hono<AppEnv>()
    .get("/clients/:client/requests/new", requireUser(), (c) => formPage(c, c.req.param("client"), {}))
    .post("/clients/:client/requests", requireUser(), async (c) => {
      const client = c.req.param("client");
      const body = await c.req.parseBody();
      const values: RequestFormValues = {};
      for (const name of FIELDS) if (typeof body[name] === "string") values[name] = body[name] as string;
      const user = c.get("user");
      let record;
      try {
        record = await requests.create({ client, issuedBy: user.name, ...requestTermsFrom(values, deps.clock()) });
      } catch (error) {
        if (error instanceof InvalidRequestError) return formPage(c, client, values, error.message, 400);
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
      deps.logger.info({ event: "request-created", client, requestId: record.linkId, by: user.name, expiresAt: record.expiresAt });
      if (values.to?.trim() && deps.delivery) {
        try {
          await sendFromPortal(deps, deps.delivery, user, record, { to: values.to });
          return c.redirect(`/requests/${seg(record.linkId)}?sent=1`, 303);
        } catch (error) {
          deps.logger.warn({ event: "request-send-failed", requestId: record.linkId, error: (error as Error).message });
          return c.redirect(`/requests/${seg(record.linkId)}?sent=0`, 303);
        }
      }
      return c.redirect(`/requests/${seg(record.linkId)}`, 303);
    })
    .get("/requests/:requestId", requireUser(), (c) => {
      const sent = c.req.query("sent");
      return requestPage(c, c.req.param("requestId"), sent === "1" ? "The link was sent by e-mail." : sent === "0" ? "The request exists, but the e-mail carrying its link was not sent: send it again below, or copy the link." : undefined);
    })
    .post("/requests/:requestId/close", requireUser(), async (c) => {
      const user = c.get("user");
      try {
        const closed = await requests.close(c.req.param("requestId"), user.name);
        deps.logger.info({ event: "request-closed", client: closed.record.client, requestId: closed.record.linkId, by: user.name });
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
      return requestPage(c, c.req.param("requestId"), "The request is closed: its link takes no more files.");
    })
    .post("/requests/:requestId/revoke", requireUser(), async (c) => {
      const user = c.get("user");
      try {
        const record = await requests.get(c.req.param("requestId"));
        await deps.publisher.records.revoke(record.linkId, user.name);
        deps.logger.info({ event: "link-revoked", client: record.client, linkId: record.linkId, by: user.name });
      } catch (error) {
        const known = publishErrorStatus(error);
        if (!known) throw error;
        return refuse(c, known.status, known.title, known.message);
      }
      return requestPage(c, c.req.param("requestId"), "The link is revoked: the edge refuses it.");
    });
}
