import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestStore } from "./fixture.js";

/** A client of 1,500 files (3 folders of 500, written straight to the data directory): more than the portal lists whole. */
export const BIG = "big-client";
export const BIG_FOLDERS = ["set-0/", "set-1/", "set-2/"];

export async function writeBigClient(base: TestStore): Promise<void> {
  for (const folder of BIG_FOLDERS) {
    const dir = join(base.dir, "data", "client_files", BIG, folder);
    await mkdir(dir, { recursive: true });
    await Promise.all(Array.from({ length: 500 }, (_, i) => writeFile(join(dir, `photo-${String(i).padStart(4, "0")}.jpg`), "0123456789")));
  }
}
