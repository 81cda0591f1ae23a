import { lstat, readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { systemClock } from "../lib/clock.js";
import type { OnConflict } from "../lib/files/client-files.js";
import { createClientFiles } from "../lib/files/create-client-files.js";
import { FileExistsError } from "../lib/files/errors.js";
import { clientFileKey, joinFilePath } from "../lib/files/file-path.js";
import { InvalidRequestError, NotFoundError, ShareError } from "../lib/errors.js";
import { formatBytes } from "../lib/format.js";
import { validateClientName } from "../lib/links/layout.js";
import { scanView } from "../lib/ops/files/file-view.js";
import { describeVerdict } from "../lib/scanning/scan-status.js";
import { createStore } from "../lib/storage/create-store.js";
import { loadToolConfig, operatorName, UsageError } from "./cli.js";
import type { CommandIo, CommandLine, LocalContext } from "./commands/command.js";
import { shellWord } from "./commands/files.js";
import { openScanning } from "./open-scanning.js";

// `signed-share files put` (tools/commands/local.ts): uploads from this machine's disk, which an
// operation of the API could not read; the API's door for uploads is the uploads family.

interface LocalFile {
  source: string;
  /** Path inside the client folder. */
  path: string;
  size: number;
}

export async function run(line: CommandLine, { io, env }: LocalContext): Promise<number> {
  const values = line.values as { to?: string; replace?: boolean; "keep-both"?: boolean; by?: string; config?: string; json?: boolean };
  const [client, ...rest] = line.positionals as [string, ...string[]];
  usage(() => validateClientName(client));
  if (values.replace && values["keep-both"]) throw new UsageError("choose one of --replace and --keep-both");
  if (rest.length === 0) throw new UsageError("put needs at least one PATH");

  const config = loadToolConfig(values.config, env);
  const store = createStore(config);
  const scanningRun = openScanning(config, store);
  const { scanning } = scanningRun;
  const files = createClientFiles(config, store, systemClock, scanning);
  const by = values.by ?? `cli:${operatorName()}`;
  const json = Boolean(values.json);

  try {
    const onConflict: OnConflict = values.replace ? "replace" : values["keep-both"] ? "keep-both" : "refuse";
    const plan = await collect(rest, values.to ?? "", io);
    // Every name is checked before the first byte goes out, so a bad name deletes nothing and uploads nothing.
    for (const file of plan) usage(() => clientFileKey(config.prefix, client, file.path));
    const tooLarge = plan.find((file) => file.size > files.maxFileSize);
    if (tooLarge) throw new UsageError(`${tooLarge.source} has ${tooLarge.size} bytes; the largest file accepted is ${files.maxFileSize} bytes (SHARE_MAX_FILE_SIZE)`);
    const progress = progressPrinter(plan, io);
    const stored = [];
    for (const [index, file] of plan.entries()) {
      const upload = await files.putFile(client, file.path, file.source, { by, onConflict, onProgress: (p) => progress(index, p.sent) });
      progress.done(index, upload.path);
      stored.push({ path: upload.path, key: upload.key, size: file.size, scan: upload.scan });
    }
    // Each file's scan started as it was stored; the verdicts are in by now or soon.
    const scanned = [];
    for (const file of stored) {
      const verdict = (await file.scan) ?? { status: "pending" as const };
      scanned.push({ path: file.path, key: file.key, size: file.size, ...scanView(verdict) });
      if (!json && scanning.enabled) io.stderr.write(`scan of ${file.path}: ${describeVerdict(verdict)}\n`);
    }
    if (json) io.stdout.write(`${JSON.stringify({ client, stored: scanned })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NotFoundError && error.what === "client") throw new NotFoundError(`${error.message} (create it: signed-share files new ${shellWord(client)})`, "client");
    if (error instanceof FileExistsError) throw new ShareError("conflict", `${error.message} (add --replace or --keep-both)`);
    throw error;
  } finally {
    await scanningRun.close();
  }
}

/** Files to upload with their paths in the client folder: a directory "x" becomes the folder "x/...". */
async function collect(paths: string[], to: string, io: CommandIo): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const walk = async (dir: string, inside: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const source = join(dir, entry.name);
      const path = `${inside}/${entry.name}`;
      if (entry.isSymbolicLink()) io.stderr.write(`skipped ${source}: a symbolic link\n`);
      else if (entry.isDirectory()) await walk(source, path);
      else if (entry.isFile()) out.push({ source, path: usage(() => joinFilePath(to, path)), size: (await lstat(source)).size });
    }
  };
  for (const given of paths) {
    const st = await stat(given).catch(() => undefined);
    if (!st) throw new UsageError(`${given}: no such file or directory`);
    const name = basename(resolve(given));
    if (st.isDirectory()) await walk(given, name);
    else if (st.isFile()) out.push({ source: given, path: usage(() => joinFilePath(to, name)), size: st.size });
    else throw new UsageError(`${given}: not a file or a directory`);
  }
  if (out.length === 0) throw new UsageError(`no files under ${paths.join(", ")}`);
  return out;
}

/** Progress on stderr: a line redrawn in place on a terminal, one line per finished file otherwise. */
function progressPrinter(plan: LocalFile[], io: CommandIo) {
  const total = plan.reduce((sum, file) => sum + file.size, 0);
  const tty = io.stderr.isTTY;
  let before = 0;
  let lastDraw = 0;
  const show = (index: number, sent: number) => {
    if (!tty) return;
    const now = Date.now();
    if (now - lastDraw < 100 && sent < plan[index]!.size) return;
    lastDraw = now;
    const file = plan[index]!;
    const all = total === 0 ? 100 : Math.floor(((before + sent) * 100) / total);
    const one = file.size === 0 ? 100 : Math.floor((sent * 100) / file.size);
    io.stderr.write(`\r\x1b[K[${index + 1}/${plan.length}] ${file.path} ${one}%  (all: ${all}%, ${formatBytes(before + sent)} of ${formatBytes(total)})`);
  };
  return Object.assign(show, {
    done(index: number, storedAs: string) {
      before += plan[index]!.size;
      const renamed = storedAs !== plan[index]!.path ? ` (as ${storedAs}, the name was taken)` : "";
      io.stderr.write(`${tty ? "\r\x1b[K" : ""}uploaded ${plan[index]!.path}${renamed}, ${formatBytes(plan[index]!.size)} [${index + 1}/${plan.length}]\n`);
    },
  });
}

/** Runs a check whose InvalidRequestError (a bad name) is the caller's to fix: exit 2. */
function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new UsageError(error.message);
    throw error;
  }
}

