import type { CatalogFile } from "../../lib/publish/catalog.js";
import type { TreeFolder } from "../../lib/publish/file-tree.js";
import { formatBytes, formatUtc } from "../../lib/publish/format.js";

/** A client's folders and files as nested lists; folders open and close without JavaScript. */
export function FileTree({ tree }: { tree: TreeFolder<CatalogFile> }) {
  return (
    <ul class="tree">
      <FolderContents folder={tree} />
    </ul>
  );
}

function FolderContents({ folder }: { folder: TreeFolder<CatalogFile> }) {
  return (
    <>
      {folder.folders.map((child) => (
        <li>
          <details open>
            <summary>
              <span class="tree__folder">{child.name}/</span>{" "}
              <span class="muted">
                {child.fileCount} {child.fileCount === 1 ? "file" : "files"}
              </span>
            </summary>
            <ul>
              <FolderContents folder={child} />
            </ul>
          </details>
        </li>
      ))}
      {folder.files.map(({ name, file }) => (
        <li class="tree__file">
          <span class="tree__name">{name}</span>
          <span class="tree__meta">
            {formatBytes(file.size)} · <time datetime={file.lastModified.toISOString()}>{formatUtc(file.lastModified)}</time>
          </span>
        </li>
      ))}
    </>
  );
}
