import { visibleName } from "./visible-name.js";
import { compareNames } from "../compare-names.js";

export interface TreeFile<F> {
  name: string;
  file: F;
}

export interface TreeFolder<F> {
  name: string;
  folders: TreeFolder<F>[];
  files: TreeFile<F>[];
  /** Files in this folder and below. */
  fileCount: number;
}

/** Nests files by the `/`-separated segments of their paths; folders and files each sorted by name. Names are for display (visibleName). */
export function buildTree<F extends { path: string }>(files: readonly F[]): TreeFolder<F> {
  const root: TreeFolder<F> = { name: "", folders: [], files: [], fileCount: 0 };
  const index = new Map<string, TreeFolder<F>>([["", root]]);
  for (const file of files) {
    const segments = file.path.split("/");
    const name = segments.pop()!;
    let folder = root;
    let at = "";
    folder.fileCount += 1;
    for (const segment of segments) {
      at += `${segment}/`;
      let child = index.get(at);
      if (!child) {
        child = { name: visibleName(segment), folders: [], files: [], fileCount: 0 };
        index.set(at, child);
        folder.folders.push(child);
      }
      child.fileCount += 1;
      folder = child;
    }
    folder.files.push({ name: visibleName(name), file });
  }
  for (const folder of index.values()) {
    folder.folders.sort((a, b) => compareNames(a.name, b.name));
    folder.files.sort((a, b) => compareNames(a.name, b.name));
  }
  return root;
}
