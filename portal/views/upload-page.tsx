import { formatBytes } from "../../lib/format.js";
import { visibleName } from "../../lib/pages/visible-name.js";
import { assets } from "../static/assets.js";
import { Page, seg, type SignedInProps } from "./page.js";

/**
 * Upload to one client: files or folders, by picker or drag and drop; the script does the rest
 * (static/upload.js): it checks the size limit before sending, and when done offers the refreshed file
 * list and, for a client with a live folder link, "Issue again" (its page does not list new files).
 */
export function UploadPage(props: SignedInProps & { client: string; displayName?: string; maxFileSize: number; folderLinks?: readonly string[] }) {
  const { client, displayName, maxFileSize, folderLinks = [], ...session } = props;
  const shown = displayName ? visibleName(displayName) : client;
  return (
    <Page title={`Upload to ${shown}`} section="clients" {...session}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/clients">Clients</a> <span aria-hidden="true">/</span> <a href={`/clients/${seg(client)}`}>{shown}</a> <span aria-hidden="true">/</span>{" "}
        <span aria-current="page">Upload</span>
      </nav>
      <div class="page-head">
        <h1>Upload files to {shown}</h1>
        <p class="muted">
          Files go straight to storage in parts; the largest accepted is {formatBytes(maxFileSize)}. An interrupted upload resumes when you choose the same file again.
        </p>
      </div>
      <p id="upload-no-js" class="alert">
        Uploading needs JavaScript. Without it, use <code>signed-share files put {client} FILE</code> on a host that has the storage configured.
      </p>
      <section id="uploader" class="card" hidden data-client={client} data-csrf={session.csrfToken} data-max-file-size={String(maxFileSize)} data-max-file-size-text={formatBytes(maxFileSize)} aria-labelledby="upload-title">
        <h2 id="upload-title">Choose what to upload</h2>
        <div class="field">
          <label for="upload-folder">Into folder (optional)</label>
          <input id="upload-folder" placeholder="deliveries/2026-03" autocomplete="off" />
        </div>
        <fieldset class="choices">
          <legend>When a file of the same name exists</legend>
          <label class="choice">
            <input type="radio" name="onConflict" value="refuse" checked /> ask me
          </label>
          <label class="choice">
            <input type="radio" name="onConflict" value="replace" /> replace it
          </label>
          <label class="choice">
            <input type="radio" name="onConflict" value="keep-both" /> keep both
          </label>
        </fieldset>
        <div id="upload-drop" class="upload-drop">
          <p>Drop files or folders here, or</p>
          <input id="upload-files" type="file" multiple class="visually-hidden picker-input" />
          <label class="button" for="upload-files">
            Choose files
          </label>{" "}
          <input id="upload-dirs" type="file" multiple webkitdirectory="" class="visually-hidden picker-input" />
          <label class="button" for="upload-dirs">
            Choose a folder
          </label>
        </div>
        <p>
          <progress id="upload-overall" max={100} value={0} aria-labelledby="upload-overall-text"></progress> <span id="upload-overall-text">nothing yet</span>
        </p>
        <p id="upload-status" role="status" class="muted"></p>
        <ul id="upload-list" class="upload-list"></ul>
        <div id="upload-finished" class="alert" hidden>
          <p>
            <a href={`/clients/${seg(client)}`}>See the file list of {shown}</a>, with what you uploaded.
          </p>
          {folderLinks.length > 0 ? (
            <p>
              {shown} has {folderLinks.length === 1 ? "a live folder link" : `${folderLinks.length} live folder links`}: the files you added can be downloaded through{" "}
              {folderLinks.length === 1 ? "it" : "them"} by their address, but {folderLinks.length === 1 ? "its page does" : "their pages do"} not list them.{" "}
              {folderLinks.map((linkId, i) => (
                <>
                  {i > 0 ? " " : null}
                  <a class="button button--quiet" href={`/links/${seg(linkId)}/renew?client=${seg(client)}`}>
                    Issue again{folderLinks.length > 1 ? <span class="visually-hidden"> link {linkId}</span> : null}
                  </a>
                </>
              ))}
            </p>
          ) : null}
        </div>
      </section>
      <p>
        <a href={`/clients/${seg(client)}`}>Back to {shown}</a>
      </p>
      <script src={assets["part-uploader.js"].href} defer></script>
      <script src={assets["upload.js"].href} defer></script>
    </Page>
  );
}
