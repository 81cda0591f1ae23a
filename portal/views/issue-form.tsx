import { CsrfField } from "./csrf-field.js";
import { formatBytes } from "../../lib/format.js";
import { LARGE_PER_FILE_SELECTION } from "../../lib/publishing/selection.js";
import { DEFAULT_PRESET, EXPIRY_PRESETS, type IssueForm } from "../sharing/issue-input.js";
import { seg } from "./page.js";
import { Alert } from "./alert.js";

/** The issue form's id: the file tree's checkboxes belong to it through their `form` attribute. */
export const ISSUE_FORM_ID = "issue-form";

/** What the ticked boxes cover (all files when none is ticked). */
export interface SelectionSummary {
  fileCount: number;
  bytes: number;
  /** ticked boxes; 0 means the whole folder */
  entries: number;
  totalFiles: number;
  totalBytes: number;
  /** False when the client has more files than were counted: totalFiles is a lower bound. */
  totalComplete?: boolean;
}

const PRESET_LABELS: Record<(typeof EXPIRY_PRESETS)[number], string> = { "1d": "1 day", "7d": "7 days", "30d": "30 days", "90d": "90 days" };

export interface IssueFormProps {
  client: string;
  csrfToken: string;
  /** values to show again after a refused submission */
  values?: Partial<Record<keyof IssueForm | "label", string>>;
  error?: string;
  /** "2026-03-02T09:00": the earliest sensible custom value */
  minDateTime: string;
  selection: SelectionSummary;
  /** Set when a large per-file link needs a confirmation: the warning to show above the confirm box. */
  largeWarning?: string;
}

/** "Covers the whole folder: 12 files, 3.4 MB" or "Covers 2 chosen files, 12 KB"; selection.js keeps it current. */
export function coverText(s: SelectionSummary): string {
  const files = (n: number) => `${n} ${n === 1 ? "file" : "files"}`;
  if (s.entries === 0) return s.totalComplete === false ? `Covers the whole folder: more than ${s.totalFiles.toLocaleString("en-US")} files.` : `Covers the whole folder: ${files(s.totalFiles)}, ${formatBytes(s.totalBytes)}.`;
  return `Covers ${files(s.fileCount)} chosen, ${formatBytes(s.bytes)}.`;
}

/** The issue form: expiry presets or a custom UTC time, mode, and optional IP range and start. */
export function IssueFormView({ client, csrfToken, values = {}, error, minDateTime, selection, largeWarning }: IssueFormProps) {
  const expiry = values.expiry ?? DEFAULT_PRESET;
  const mode = values.mode ?? "per-file";
  return (
    <form
      method="post"
      action={`/clients/${seg(client)}/links`}
      class="form issue-form"
      id={ISSUE_FORM_ID}
      aria-describedby={error ? "issue-error" : undefined}
      data-total-files={String(selection.totalFiles)}
      data-total-bytes={String(selection.totalBytes)}
      data-total-complete={selection.totalComplete === false ? "no" : "yes"}
      data-large={String(LARGE_PER_FILE_SELECTION)}
    >
      <CsrfField token={csrfToken} />
      {error ? (
        <Alert tone="error" id="issue-error">
          {error}
        </Alert>
      ) : null}
      <fieldset>
        <legend>Link expires after</legend>
        <div class="choices">
          {EXPIRY_PRESETS.map((preset) => (
            <label class="choice">
              <input type="radio" name="expiry" value={preset} checked={expiry === preset} /> {PRESET_LABELS[preset]}
            </label>
          ))}
          <label class="choice">
            <input type="radio" name="expiry" value="custom" checked={expiry === "custom"} /> Custom date
          </label>
        </div>
        <div class="field">
          <label for="expires-at">Custom expiry (UTC)</label>
          <input id="expires-at" name="expiresAt" type="datetime-local" min={minDateTime} value={values.expiresAt ?? ""} aria-describedby="expires-at-note" />
          <p class="hint" id="expires-at-note">
            Used when “Custom date” is chosen. Times are UTC, not your local time.
          </p>
        </div>
      </fieldset>
      <fieldset>
        <legend>What the link covers</legend>
        <p class="selection-summary" id="selection-summary" role="status" aria-live="polite">
          <span id="selection-cover">{coverText(selection)}</span> <span class="muted">Tick folders or files in the file list to choose.</span>
        </p>
        <div class="choices choices--stacked">
          <label class="choice">
            <input type="radio" name="mode" value="per-file" checked={mode === "per-file"} /> One signature per file{" "}
            <span class="muted">(only the files there now)</span>
          </label>
          <label class="choice">
            <input type="radio" name="mode" value="folder" checked={mode === "folder"} /> One signature per folder{" "}
            <span class="muted">(the whole folder or each chosen sub-folder; files added there later can be downloaded by their address, but the page does not list them: issue again to list them)</span>
          </label>
        </div>
      </fieldset>
      <div class="field">
        <label for="issue-label">Label (optional)</label>
        <input id="issue-label" name="label" type="text" maxlength={120} placeholder="March invoices for Jane" value={values.label ?? ""} autocomplete="off" aria-describedby="issue-label-note" />
        <p class="hint" id="issue-label-note">
          Shown in the lists and found by their search; you can change it later.
        </p>
      </div>
      <details class="advanced" open={Boolean(values.ip || values.notBefore || values.hashAlgorithm)}>
        <summary>Optional restrictions</summary>
        <div class="field">
          <label for="ip">Client IP range</label>
          <input id="ip" name="ip" type="text" inputmode="decimal" placeholder="203.0.113.0/24" value={values.ip ?? ""} autocomplete="off" spellcheck={false} aria-describedby="ip-note" />
          <p class="hint" id="ip-note">
            An IPv4 address or CIDR range; empty for anywhere.
          </p>
        </div>
        <div class="field">
          <label for="not-before">Works from (UTC)</label>
          <input id="not-before" name="notBefore" type="datetime-local" value={values.notBefore ?? ""} aria-describedby="not-before-note" />
          <p class="hint" id="not-before-note">
            Empty to work at once. UTC, like the custom expiry.
          </p>
        </div>
        <div class="field">
          <label for="hash-algorithm">Signature hash</label>
          <select id="hash-algorithm" name="hashAlgorithm">
            <option value="" selected={!values.hashAlgorithm}>
              Portal default
            </option>
            <option value="SHA1" selected={values.hashAlgorithm === "SHA1"}>
              SHA-1
            </option>
            <option value="SHA256" selected={values.hashAlgorithm === "SHA256"}>
              SHA-256
            </option>
          </select>
        </div>
      </details>
      <div class="alert alert--warning" id="large-warning" role="alert" hidden={!largeWarning}>
        <p>
          {largeWarning ?? `A per-file link for more than ${LARGE_PER_FILE_SELECTION} files makes an unwieldy page: consider one signature per folder.`}
        </p>
        <label class="choice">
          <input type="checkbox" name="confirmLarge" value="yes" /> Issue a per-file link anyway
        </label>
      </div>
      <div>
        <button type="submit" class="button button--primary">
          Issue link
        </button>
      </div>
    </form>
  );
}
