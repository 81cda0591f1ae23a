import type { CatalogFile } from "../../lib/publish/catalog.js";
import type { TreeFolder } from "../../lib/publish/file-tree.js";
import { formatBytes, formatUtc } from "../../lib/publish/format.js";

/**
 * A client's folders and files as nested lists; folders open and close without JavaScript.
 * With `client`, file names open the file through the portal and files and folders have a delete link.
 */
export function FileTree({ tree, client }: { tree: TreeFolder<CatalogFile>; client?: string }) {
  return (
    <ul class="tree">
      <FolderContents folder={tree} client={client} at="" />
    </ul>
  );
}

function FolderContents({ folder, client, at }: { folder: TreeFolder<CatalogFile>; client?: string | undefined; at: string }) {
  const base = client === undefined ? "" : `/clients/${encodeURIComponent(client)}`;
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
              {client === undefined ? null : (
                <>
                  {" "}
                  <a class="tree__action" href={`${base}/delete?folder=yes&path=${encodeURIComponent(at + child.name)}`} aria-label={`Delete folder ${at}${child.name}`}>
                    delete
                  </a>
                </>
              )}
            </summary>
            <ul>
              <FolderContents folder={child} client={client} at={`${at}${child.name}/`} />
            </ul>
          </details>
        </li>
      ))}
      {folder.files.map(({ name, file }) => (
        <li class="tree__file">
          {client === undefined ? (
            <span class="tree__name">{name}</span>
          ) : (
            <a class="tree__name" href={`${base}/open?path=${encodeURIComponent(file.path)}`}>
              {name}
            </a>
          )}
          <span class="tree__meta">
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
      ))}
    </>
  );
}
