import { formatBytes } from "../../lib/format.js";
import { assets } from "../static/assets.js";
import { Page, seg, type SignedInProps } from "./page.js";

/** Upload to one client: files or folders, by picker or drag and drop; the script does the rest (static/upload.js). */
export function UploadPage(props: SignedInProps & { client: string; maxFileSize: number }) {
  const { client, maxFileSize, ...session } = props;
  return (
    <Page title={`Upload to ${client}`} section="clients" {...session}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/clients">Clients</a> <span aria-hidden="true">/</span> <a href={`/clients/${seg(client)}`}>{client}</a> <span aria-hidden="true">/</span>{" "}
        <span aria-current="page">Upload</span>
      </nav>
      <div class="page-head">
        <h1>Upload files to {client}</h1>
        <p class="muted">
          Files go straight to storage in parts; the largest accepted is {formatBytes(maxFileSize)}. An interrupted upload resumes when you choose the same file again.
        </p>
      </div>
      <p id="upload-no-js" class="alert">
        Uploading needs JavaScript. Without it, use <code>npm run files -- put</code> on a host that has the storage configured.
      </p>
      <section id="uploader" class="card" hidden data-client={client} data-csrf={session.csrfToken} aria-labelledby="upload-title">
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
          <label class="button" for="upload-files">
            Choose files
          </label>
          <input id="upload-files" type="file" multiple class="visually-hidden" />{" "}
          <label class="button" for="upload-dirs">
            Choose a folder
          </label>
          <input id="upload-dirs" type="file" multiple webkitdirectory="" class="visually-hidden" />
        </div>
        <p>
          <progress id="upload-overall" max={100} value={0}></progress> <span id="upload-overall-text">nothing yet</span>
        </p>
        <p id="upload-status" role="status" class="muted"></p>
        <ul id="upload-list" class="upload-list"></ul>
      </section>
      <p>
        <a href={`/clients/${seg(client)}`}>Back to {client}</a>
      </p>
      <script src={assets["upload.js"].href} defer></script>
    </Page>
  );
}
