import { Hono, type Context } from "hono";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { operationRunner } from "../../operations.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { HTTP_STATUS, ShareError } from "../../../lib/errors.js";
import { ops } from "../../../lib/ops/registry.js";
import type { FileRequestServices } from "../../../lib/requests/create-requests.js";
import { NewRequestPage, RequestPage, type RequestFormValues } from "../../views/request-pages.js";
import { seg } from "../../views/page.js";

type SignedInContext = Context<AppEnv & SignedInEnv>;

const FIELDS = ["expires", "maxFileSize", "maxTotal", "maxFiles", "note", "to"] as const;

/**
 * The portal's pages of file requests (docs/requests.md): create one for a client, see what arrived,
 * close or revoke it; each through its operation (lib/ops/requests/, links.revoke).
 */
export function requestRoutes(deps: PortalDeps, services: FileRequestServices, reads: ReadCache) {
  const run = operationRunner(deps, reads, "portal");

  const formPage = (c: SignedInContext, client: string, values: RequestFormValues, error?: string, status: 200 | 400 | 429 | 503 = 200) =>
    c.html(
      <NewRequestPage
        client={client}
        values={values}
        {...(error ? { error } : {})}
        maxFileSize={services.requests.maxFileSize}
        canEmail={deps.services.mailer !== undefined && deps.services.mailer.kind !== "off"}
        user={c.get("user")}
        csrfToken={csrfToken(c)}
      />,
      status,
    );

  const requestPage = async (c: SignedInContext, requestId: string, notice?: string) => {
    // Files still waiting for a scan verdict are tried again whenever someone looks (requests.get).
    const { request, received } = await run(c, ops.requests.get, { requestId });
    return c.html(<RequestPage request={request} files={received} {...(notice ? { notice } : {})} user={c.get("user")} csrfToken={csrfToken(c)} />);
  };

  return new Hono<AppEnv>()
    .get("/clients/:client/requests/new", requireUser(), (c) => formPage(c, c.req.param("client"), {}))
    .post("/clients/:client/requests", requireUser(), async (c) => {
      const client = c.req.param("client");
      const body = await c.req.parseBody();
      const values: RequestFormValues = {};
      for (const name of FIELDS) if (typeof body[name] === "string") values[name] = body[name] as string;
      const blank = (value: string | undefined) => (value?.trim() ? value : undefined);
      const input = {
        client,
        expires: values.expires ?? "",
        ...Object.fromEntries((["maxFileSize", "maxTotal", "maxFiles", "note"] as const).flatMap((name) => (blank(values[name]) ? [[name, values[name]]] : []))),
        ...(blank(values.to) ? { to: values.to } : {}),
      };
      try {
        const created = await run(c, ops.requests.create, input);
        return c.redirect(`/requests/${seg(created.requestId)}${created.delivery ? "?sent=1" : ""}`, 303);
      } catch (error) {
        if (!(error instanceof ShareError)) throw error;
        const made = error.partial?.requestId;
        if (error.kind === "not-delivered" && typeof made === "string") return c.redirect(`/requests/${seg(made)}?sent=0`, 303);
        if (error.kind === "bad-input" || error.kind === "rate-limited" || error.kind === "unavailable") {
          if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
          return formPage(c, client, values, error.message, HTTP_STATUS[error.kind] as 400 | 429 | 503);
        }
        throw error;
      }
    })
    .get("/requests/:requestId", requireUser(), (c) => {
      const sent = c.req.query("sent");
      return requestPage(c, c.req.param("requestId"), sent === "1" ? "The link was sent by e-mail." : sent === "0" ? "The request exists, but the e-mail carrying its link was not sent: send it again below, or copy the link." : undefined);
    })
    .post("/requests/:requestId/close", requireUser(), async (c) => {
      await run(c, ops.requests.close, { requestId: c.req.param("requestId") });
      return requestPage(c, c.req.param("requestId"), "The request is closed: its link takes no more files.");
    })
    .post("/requests/:requestId/revoke", requireUser(), async (c) => {
      const { request } = await run(c, ops.requests.get, { requestId: c.req.param("requestId") });
      await run(c, ops.links.revoke, { linkId: request.requestId });
      return requestPage(c, request.requestId, "The link is revoked: the edge refuses it.");
    });
}
