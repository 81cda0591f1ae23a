import type { CatalogFile } from "../../lib/publishing/catalog.js";
import type { TreeFolder } from "../../lib/pages/file-tree.js";
import { formatBytes, formatUtc } from "../../lib/format.js";
import type { ScanVerdict } from "../../lib/scanning/scan-status.js";
import { ScanBadge } from "./scan-badge.js";

/** Checkboxes that belong to a form elsewhere on the page (the `form` attribute), with what is ticked. */
export interface TreeSelection {
  form: string;
  selected: ReadonlySet<string>;
}

/**
 * A client's folders and files as nested lists; folders open and close without JavaScript.
 * With `selection`, every folder and file has a checkbox named `only` (folders as "path/").
 * With `client`, file names open the file through the portal and files and folders have a delete link.
 */
export function FileTree({ tree, selection, client, scan }: { tree: TreeFolder<CatalogFile>; selection?: TreeSelection; client?: string; scan?: ReadonlyMap<string, ScanVerdict> }) {
  return (
    <ul class="tree">
      <FolderContents folder={tree} at="" selection={selection} client={client} scan={scan} />
    </ul>
  );
}

function FolderContents({ folder, at, selection, client, scan }: { folder: TreeFolder<CatalogFile>; at: string; selection: TreeSelection | undefined; client: string | undefined; scan: ReadonlyMap<string, ScanVerdict> | undefined }) {
  const base = client === undefined ? "" : `/clients/${encodeURIComponent(client)}`;
  return (
    <>
      {folder.folders.map((child) => {
        const path = `${at}${child.name}/`;
        const name = (
          <>
            <span class="tree__folder">{child.name}/</span>{" "}
            <span class="muted">
              {child.fileCount} {child.fileCount === 1 ? "file" : "files"}
            </span>
          </>
        );
        return (
          // The box and the delete link sit beside the folder's <details>, not in its <summary>: a control
          // inside the toggle would be an interactive element nested in another (axe nested-interactive).
          <li class="tree__branch">
            {selection ? (
              <input type="checkbox" name="only" value={path} form={selection.form} checked={selection.selected.has(path)} data-folder="" aria-label={`Share the folder ${path}`} />
            ) : null}
            <details open>
              <summary>{name}</summary>
              <ul>
                <FolderContents folder={child} at={path} selection={selection} client={client} scan={scan} />
              </ul>
            </details>
            {client === undefined ? null : (
              <a class="tree__action" href={`${base}/delete?folder=yes&path=${encodeURIComponent(at + child.name)}`} aria-label={`Delete folder ${at}${child.name}`}>
                delete
              </a>
            )}
          </li>
        );
      })}
      {folder.files.map(({ name, file }) => (
        <FileItem name={name} file={file} selection={selection} client={client} verdict={scan?.get(file.path)} />
      ))}
    </>
  );
}

/** One file of the tree: its checkbox (with `selection`), name (opening it, with `client`), size, date and delete link. */
export function FileItem({ name, file, selection, client, verdict }: { name: string; file: CatalogFile; selection: TreeSelection | undefined; client: string | undefined; verdict?: ScanVerdict | undefined }) {
  const base = client === undefined ? "" : `/clients/${encodeURIComponent(client)}`;
  const label = client === undefined ? name : <a href={`${base}/open?path=${encodeURIComponent(file.path)}`}>{name}</a>;
  return (
    <li class="tree__file">
      {selection ? (
        <label class="tree__name tree__pick">
          <input type="checkbox" name="only" value={file.path} form={selection.form} checked={selection.selected.has(file.path)} data-size={String(file.size)} /> {label}
        </label>
      ) : (
        <span class="tree__name">{label}</span>
      )}
      <span class="tree__meta">
        {verdict ? (
          <>
            <ScanBadge verdict={verdict} />{" "}
          </>
        ) : null}
        {formatBytes(file.size)} · <time datetime={file.lastModified.toISOString()}>{formatUtc(file.lastModified)}</time>
        {client === undefined ? null : (
          <>
            {" · "}
            <a class="tree__action" href={`${base}/delete?path=${encodeURIComponent(file.path)}`} aria-label={`Delete ${file.path}`}>
              delete
            </a>
          </>
        )}
      </span>
    </li>
  );
}
