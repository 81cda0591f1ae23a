import type { CatalogFile } from "../../lib/publishing/catalog.js";
import { visibleName } from "../../lib/pages/visible-name.js";
import type { ScanVerdict } from "../../lib/scanning/scan-status.js";
import { FileItem, type TreeSelection } from "./file-tree.js";

/** One folder of a big client, one level deep, as Catalog.folder lists it. */
export interface FolderView {
  /** "" for the client's folder, else "a/b/". */
  folder: string;
  /** Sub-folders, "a/b/c/". */
  folders: string[];
  files: CatalogFile[];
  /** Token of the folder's next page of entries. */
  next?: string;
}

const q = encodeURIComponent;

/**
 * The entries of one folder of a client too big to list whole (docs/portal.md): each sub-folder a
 * checkbox and a link to its own listing (selection.js opens it in place instead, loading
 * /clients/:client/tree), each file as in the full tree, and a link to the folder's next entries.
 * Works without JavaScript: the links load the folder as a page.
 */
export function FolderItems({ client, view, selection, manage, scan }: { client: string; view: FolderView; selection: TreeSelection; manage: boolean; scan?: ReadonlyMap<string, ScanVerdict> }) {
  const base = `/clients/${q(client)}`;
  return (
    <>
      {view.folders.map((path) => {
        const name = visibleName(path.slice(path.lastIndexOf("/", path.length - 2) + 1, -1));
        return (
          <li class="tree__lazy">
            <label class="tree__pick">
              <input type="checkbox" name="only" value={path} form={selection.form} checked={selection.selected.has(path)} data-folder="" aria-label={`Choose folder ${path}`} />
            </label>{" "}
            <a class="tree__folder tree__open" href={`${base}?folder=${q(path)}`} data-load={`${base}/tree?folder=${q(path)}`} aria-expanded="false">
              {name}/
            </a>
            {manage ? (
              <>
                {" "}
                <a class="tree__action" href={`${base}/delete?folder=yes&path=${q(path.slice(0, -1))}`} aria-label={`Delete folder ${path.slice(0, -1)}`}>
                  delete
                </a>
              </>
            ) : null}
            <ul class="tree__children" hidden></ul>
          </li>
        );
      })}
      {view.files.map((file) => (
        <FileItem name={visibleName(file.path.slice(file.path.lastIndexOf("/") + 1))} file={file} selection={selection} client={manage ? client : undefined} verdict={scan?.get(file.path)} />
      ))}
      {view.next ? (
        <li class="tree__more">
          <a href={`${base}?folder=${q(view.folder)}&after=${q(view.next)}`} data-load={`${base}/tree?folder=${q(view.folder)}&after=${q(view.next)}`}>
            More in {view.folder === "" ? "this folder" : visibleName(view.folder)}
          </a>
        </li>
      ) : null}
    </>
  );
}
