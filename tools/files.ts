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
import { loadToolConfig, operatorName, parseFlags, runCli, UsageError } from "./cli.js";
import { shellWord } from "./commands/files.js";
import { groupHelp } from "./commands/help.js";
import { runCommand } from "./commands/run-command.js";
import { openScanning } from "./open-scanning.js";

// `signed-share files put`: uploads from this machine's disk (an operation of the API could not read
// them; the API's uploads are the uploads family). Every other files command is in the command table.
const help = `Usage: signed-share files put CLIENT PATH... [--to FOLDER] [--replace | --keep-both] [--json]

Uploads files to a client's folder on the configured storage (the bucket, or SHARE_DATA_DIR in local
mode), through the same code as the portal's uploads. A directory is uploaded with everything below
it, as a folder of that name (symbolic links inside it are skipped). Large files go in parts
(multipart); progress goes to stderr. With scanning on (SHARE_SCANNER, docs/scanning.md) every stored
file is scanned; put waits for the verdicts and prints them.

  --to FOLDER       store under this folder of the client
  --replace         replace files already stored under the same name
  --keep-both       store as "name (2).ext" when the name is taken
                    (without either, a taken name stops the upload before any byte is sent)
  --by NAME         who does it, for the audit (default cli:$USER)
  --config FILE     stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json            print one JSON value and nothing else on stdout
  -h, --help        this text

Names follow one rule (docs/files.md#names); files larger than SHARE_MAX_FILE_SIZE are refused.
Exit codes: 0 done, 1 storage failure or a taken name, 2 bad usage or name, 3 unknown client.

The other files commands (new, ls, rm, scan, profile) are in: signed-share files --help`;

interface LocalFile {
  source: string;
  /** Path inside the client folder. */
  path: string;
  size: number;
}

async function main(argv: string[]): Promise<number | void> {
  // Every other files command is a command of the table (tools/commands/files.ts).
  if (argv[0] !== "put") {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      process.stdout.write(groupHelp("files").replace("\nCommands:\n", "\nCommands:\n  files put      upload files and folders from this machine (signed-share files put --help)\n"));
      return 0;
    }
    return runCommand(["files", ...argv]);
  }
  const { values, positionals } = parseFlags(
    argv.slice(1),
    {
      to: { type: "string" },
      replace: { type: "boolean" },
      "keep-both": { type: "boolean" },
      by: { type: "string" },
      config: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const [client, ...rest] = positionals;
  if (client === undefined) throw new UsageError("put needs a CLIENT (see --help)");
  usage(() => validateClientName(client));
  if (values.replace && values["keep-both"]) throw new UsageError("choose one of --replace and --keep-both");
  if (rest.length === 0) throw new UsageError("put needs at least one PATH");

  const config = loadToolConfig(values.config);
  const store = createStore(config);
  const scanningRun = openScanning(config, store);
  const { scanning } = scanningRun;
  const files = createClientFiles(config, store, systemClock, scanning);
  const by = values.by ?? `cli:${operatorName()}`;
  const json = Boolean(values.json);

  try {
    const onConflict: OnConflict = values.replace ? "replace" : values["keep-both"] ? "keep-both" : "refuse";
    const plan = await collect(rest, values.to ?? "");
    // Every name is checked before the first byte goes out, so a bad name deletes nothing and uploads nothing.
    for (const file of plan) usage(() => clientFileKey(config.prefix, client, file.path));
    const tooLarge = plan.find((file) => file.size > files.maxFileSize);
    if (tooLarge) throw new UsageError(`${tooLarge.source} has ${tooLarge.size} bytes; the largest file accepted is ${files.maxFileSize} bytes (SHARE_MAX_FILE_SIZE)`);
    const progress = progressPrinter(plan);
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
      if (!json && scanning.enabled) process.stderr.write(`scan of ${file.path}: ${describeVerdict(verdict)}\n`);
    }
    if (json) process.stdout.write(`${JSON.stringify({ client, stored: scanned })}\n`);
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
async function collect(paths: string[], to: string): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const walk = async (dir: string, inside: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const source = join(dir, entry.name);
      const path = `${inside}/${entry.name}`;
      if (entry.isSymbolicLink()) process.stderr.write(`skipped ${source}: a symbolic link\n`);
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
function progressPrinter(plan: LocalFile[]) {
  const total = plan.reduce((sum, file) => sum + file.size, 0);
  const tty = process.stderr.isTTY;
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
    process.stderr.write(`\r\x1b[K[${index + 1}/${plan.length}] ${file.path} ${one}%  (all: ${all}%, ${formatBytes(before + sent)} of ${formatBytes(total)})`);
  };
  return Object.assign(show, {
    done(index: number, storedAs: string) {
      before += plan[index]!.size;
      const renamed = storedAs !== plan[index]!.path ? ` (as ${storedAs}, the name was taken)` : "";
      process.stderr.write(`${tty ? "\r\x1b[K" : ""}uploaded ${plan[index]!.path}${renamed}, ${formatBytes(plan[index]!.size)} [${index + 1}/${plan.length}]\n`);
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

runCli(main);
