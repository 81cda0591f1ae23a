import type { CatalogFile } from "../../lib/publish/catalog.js";
import type { TreeFolder } from "../../lib/publish/file-tree.js";
import { formatBytes, formatUtc } from "../../lib/publish/format.js";

/** Checkboxes that belong to a form elsewhere on the page (the `form` attribute), with what is ticked. */
export interface TreeSelection {
  form: string;
  selected: ReadonlySet<string>;
}

/**
 * A client's folders and files as nested lists; folders open and close without JavaScript.
 * With `selection`, every folder and file has a checkbox named `only` (folders as "path/").
 */
export function FileTree({ tree, selection }: { tree: TreeFolder<CatalogFile>; selection?: TreeSelection }) {
  return (
    <ul class="tree">
      <FolderContents folder={tree} at="" selection={selection} />
    </ul>
  );
}

function FolderContents({ folder, at, selection }: { folder: TreeFolder<CatalogFile>; at: string; selection: TreeSelection | undefined }) {
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
          <li>
            <details open>
              <summary>
                {selection ? (
                  <label class="tree__pick">
                    <input type="checkbox" name="only" value={path} form={selection.form} checked={selection.selected.has(path)} data-folder="" /> {name}
                  </label>
                ) : (
                  name
                )}
              </summary>
              <ul>
                <FolderContents folder={child} at={path} selection={selection} />
              </ul>
            </details>
          </li>
        );
      })}
      {folder.files.map(({ name, file }) => (
        <li class="tree__file">
          {selection ? (
            <label class="tree__name tree__pick">
              <input type="checkbox" name="only" value={file.path} form={selection.form} checked={selection.selected.has(file.path)} data-size={String(file.size)} /> {name}
            </label>
          ) : (
            <span class="tree__name">{name}</span>
          )}
          <span class="tree__meta">
            {formatBytes(file.size)} · <time datetime={file.lastModified.toISOString()}>{formatUtc(file.lastModified)}</time>
          </span>
        </li>
      ))}
    </>
  );
}
