import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { stream } from "hono/streaming";
import type { ClientFiles } from "../../../lib/files/client-files.js";
import { attachmentDisposition } from "../../../lib/files/content-disposition.js";
import { existingFileKey } from "../../../lib/files/file-path.js";
import { HTTP_STATUS, NotFoundError, ShareError } from "../../../lib/errors.js";
import { ops } from "../../../lib/ops/registry.js";
import { operationRunner } from "../../operations.js";
import { csrfToken } from "../../auth/csrf.js";
import { requireUser } from "../../auth/require-role.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import type { ReadCache } from "../../sharing/read-cache.js";
import { DeleteFilePage } from "../../views/delete-file-page.js";
import { ClientFormPage, type ClientFormValues } from "../../views/new-client-page.js";
import { seg } from "../../views/page.js";
import { UploadPage } from "../../views/upload-page.js";

type SignedIn = Context<AppEnv & SignedInEnv>;

/** How long the presigned URL of an opened file works: the browser follows it at once. */
export const OPEN_URL_SECONDS = 60;

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");
const contactList = (text: string) => text.split(/[\s,;]+/).filter((c) => c !== "");

/**
 * The portal's file pages: new client, profile, upload page, open a file (through the portal with
 * the operator's session, never a client link), delete a file or a folder after confirmation.
 */
export function fileRoutes(deps: PortalDeps & { files: ClientFiles }, reads: ReadCache) {
  const { files, logger } = deps;
  const run = operationRunner(deps, reads, "portal");
  const formPage = (c: SignedIn, values: ClientFormValues, status: ContentfulStatusCode, error?: string, editing?: string) =>
    c.html(<ClientFormPage values={values} {...(error ? { error } : {})} {...(editing ? { editing } : {})} user={c.get("user")} csrfToken={csrfToken(c)} />, status);

  return new Hono<AppEnv>()
    .get("/new-client", requireUser(), (c) => formPage(c, {}, 200))
    .post("/new-client", requireUser(), async (c) => {
      const form = await c.req.parseBody();
      const values = { client: field(form, "client").trim(), displayName: field(form, "displayName"), contacts: field(form, "contacts") };
      try {
        await run(c, ops.files.createClient, { client: values.client, displayName: values.displayName, contacts: contactList(values.contacts) });
        return c.redirect(`/clients/${seg(values.client)}/upload`, 303);
      } catch (error) {
        if (error instanceof ShareError && (error.kind === "bad-input" || error.kind === "conflict")) return formPage(c, values, HTTP_STATUS[error.kind], error.message);
        throw error;
      }
    })
    .get("/clients/:client/profile", requireUser(), async (c) => {
      const client = c.req.param("client");
      const { client: profile } = await run(c, ops.clients.profile, { client });
      return formPage(c, { displayName: profile.displayName ?? "", contacts: profile.contacts.join("\n"), language: profile.language ?? "", timeZone: profile.timeZone ?? "", archived: profile.archived }, 200, undefined, client);
    })
    .post("/clients/:client/profile", requireUser(), async (c) => {
      const client = c.req.param("client");
      const form = await c.req.parseBody();
      const values = { displayName: field(form, "displayName"), contacts: field(form, "contacts"), language: field(form, "language"), timeZone: field(form, "timeZone"), archived: field(form, "archived") === "yes" };
      try {
        await run(c, ops.clients.updateProfile, { client, displayName: values.displayName, contacts: contactList(values.contacts), language: values.language, timeZone: values.timeZone, archived: values.archived });
        return c.redirect(`/clients/${seg(client)}`, 303);
      } catch (error) {
        if (error instanceof ShareError && error.kind === "bad-input") return formPage(c, values, HTTP_STATUS[error.kind], error.message, client);
        throw error;
      }
    })
    .get("/clients/:client/upload", requireUser(), async (c) => {
      const client = c.req.param("client");
      if (!(await files.hasClient(client))) throw new NotFoundError(`there is no client "${client}": create it first (New client)`, "client");
      // Live folder links: files uploaded now are reachable through them but not listed on their pages, so the page offers "Issue again".
      const [profile, active] = await Promise.all([
        deps.services.profiles.get(client).catch(() => undefined),
        deps.services.records.page({ client, status: "active", limit: 100, match: (record) => record.mode === "folder" }),
      ]);
      const folderLinks = active.links.map((record) => record.linkId);
      return c.html(
        <UploadPage
          client={client}
          {...(profile?.displayName ? { displayName: profile.displayName } : {})}
          maxFileSize={files.maxFileSize}
          folderLinks={folderLinks}
          user={c.get("user")}
          csrfToken={csrfToken(c)}
        />,
      );
    })
    .get("/clients/:client/open", requireUser(), async (c) => {
      const client = c.req.param("client");
      const path = c.req.query("path") ?? "";
      // S3: the browser fetches the file from the bucket through a presigned URL; the portal never
      // carries file bodies there (on Lambda a response is capped at 6 MB). docs/files.md.
      const direct = await files.downloadUrl(client, path, OPEN_URL_SECONDS);
      if (direct !== undefined) {
        logger.info({ event: "file-opened", by: c.get("user").name, client, path, via: "presigned-url" });
        c.header("Cache-Control", "private, no-store");
        return c.redirect(direct, 302);
      }
      const object = await deps.services.store.get(existingFileKey(files.prefix, client, path));
      if (!object) throw new NotFoundError(`${client} has no file ${path}`, "file");
      logger.info({ event: "file-opened", by: c.get("user").name, client, path });
      // Always a download, in a sandbox: a client's HTML never runs on the portal's origin.
      c.header("Content-Type", object.contentType ?? "application/octet-stream");
      c.header("Content-Disposition", attachmentDisposition(path));
      c.header("Content-Length", String(object.size));
      c.header("Content-Security-Policy", "sandbox; default-src 'none'");
      // no-transform: the file's own bytes, never recompressed by the portal or a proxy.
      c.header("Cache-Control", "private, no-store, no-transform");
      return stream(c, async (out) => {
        for await (const chunk of object.body) await out.write(chunk as Uint8Array);
      });
    })
    .get("/clients/:client/delete", requireUser(), async (c) => {
      const client = c.req.param("client");
      const path = c.req.query("path") ?? "";
      const folder = c.req.query("folder") === "yes";
      // Only the folder's own keys are listed (or the one file looked up), however big the client.
      const count = folder ? await files.countFolder(client, path) : (await deps.services.store.head(existingFileKey(files.prefix, client, path))) ? 1 : 0;
      if (count === 0) throw new NotFoundError(`${client} has no ${folder ? "folder" : "file"} ${path}`, "file");
      return c.html(<DeleteFilePage client={client} path={path} folder={folder} count={count} user={c.get("user")} csrfToken={csrfToken(c)} />);
    })
    .post("/clients/:client/delete", requireUser(), async (c) => {
      const client = c.req.param("client");
      const form = await c.req.parseBody();
      await run(c, ops.files.delete, { client, path: field(form, "path"), ...(field(form, "folder") === "yes" ? { folder: true } : {}) });
      return c.redirect(`/clients/${seg(client)}`, 303);
    });
}
