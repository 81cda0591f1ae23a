import { lstat, readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { systemClock } from "../lib/clock.js";
import type { OnConflict } from "../lib/files/client-files.js";
import { createClientFiles } from "../lib/files/create-client-files.js";
import { ClientExistsError, FileExistsError, FileTooLargeError } from "../lib/files/errors.js";
import { clientFileKey, joinFilePath } from "../lib/files/file-path.js";
import { InvalidRequestError, NotFoundError } from "../lib/errors.js";
import { formatBytes, formatUtc } from "../lib/format.js";
import { validateClientName } from "../lib/links/layout.js";
import { createStore } from "../lib/storage/create-store.js";
import { exitCodes, loadToolConfig, notFound, operatorName, parseFlags, runCli, UsageError } from "./cli.js";
import { runMain } from "./commands/main.js";
import { openScanning } from "./open-scanning.js";
import type { Catalog } from "../lib/publishing/catalog.js";
import { filesWithScan, scanClients } from "../lib/scanning/scan-files.js";
import { describeVerdict, type ScanVerdict } from "../lib/scanning/scan-status.js";
import type { Scanning } from "../lib/scanning/scanning.js";
import { printTable } from "./table.js";

const help = `Usage: signed-share files new CLIENT [--name "Display name"] [--contact EMAIL]...
       signed-share files profile CLIENT [--name TEXT] [--contact ADDRESS]... [--archive | --unarchive]
       signed-share files put CLIENT PATH... [--to FOLDER] [--replace | --keep-both]
       signed-share files ls CLIENT [--json]
       signed-share files rm CLIENT PATH [--recursive]
       signed-share files scan CLIENT | --all [--rescan] [--json]

Client folders and their files, on the configured storage (the bucket, or SHARE_DATA_DIR in local
mode), through the same code as the portal's uploads.

  new CLIENT        create an empty client (a folder, plus a profile under portal/clients/)
  profile CLIENT    show or change the client's display name, contact addresses and archived flag
                    (signed-share files profile --help)
  put CLIENT PATH   upload files; a directory is uploaded with everything below it, as a
                    folder of that name (symbolic links inside it are skipped). Large files go
                    in parts (multipart); progress goes to stderr.
  ls CLIENT         the client's files (not the published pages), each with its malware scan:
                    clean, infected, pending (not scanned yet), error or off (SHARE_SCANNER unset)
  rm CLIENT PATH    delete one file (PATH inside the client folder, as ls prints it);
                    with --recursive, a folder and everything in it
  scan CLIENT       malware-scan the client's files that have no verdict yet (stored before
                    scanning was on, or whose scan failed); --all: every client's. With clamd the
                    scans finish here; with GuardDuty each is an on-demand request whose verdict
                    arrives later (run ls to see it). Progress goes to stderr.

  --to FOLDER       put: store under this folder of the client
  --replace         put: replace files already stored under the same name
  --keep-both       put: store as "name (2).ext" when the name is taken
                    (without either, a taken name stops the upload before any byte is sent)
  --all             scan: every client
  --rescan          scan: files already scanned too (after a signature update, say)
  --name, --contact new: display name and contact e-mail addresses (repeat --contact)
  --by NAME         who does it, for the audit (default cli:$USER)
  --config FILE     stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json            print one JSON value and nothing else on stdout
  -h, --help        this text

Names follow one rule (docs/files.md#names): no "." or ".." or empty folder names, no control,
bidirectional or invisible characters, and no reserved name (_links) as any folder name; client
names do not start with "_" or ".". rm also takes a stored file whose name breaks the rule.
Files larger than SHARE_MAX_FILE_SIZE are refused. With scanning on (SHARE_SCANNER,
docs/scanning.md) every stored file is scanned; put waits for the verdicts and prints them.
Exit codes: 0 done, 1 storage failure, a taken name (client or file), or scan: a file is still not
clean (infected, failed), 2 bad usage or name, or scanning is off, 3 unknown client or file.

Also runs as: npm run files -- [arguments] (npm adds its own lines to stdout: scripts use signed-share files)`;

interface LocalFile {
  source: string;
  /** Path inside the client folder. */
  path: string;
  size: number;
}

async function main(argv: string[]): Promise<number | void> {
  // `files profile` is a command of the table (tools/commands/files.ts).
  if (argv[0] === "profile") return runMain(["files", ...argv]);
  const { values, positionals } = parseFlags(
    argv,
    {
      to: { type: "string" },
      replace: { type: "boolean" },
      "keep-both": { type: "boolean" },
      recursive: { type: "boolean", short: "r" },
      all: { type: "boolean" },
      rescan: { type: "boolean" },
      name: { type: "string" },
      contact: { type: "string", multiple: true },
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
  const [command, client, ...rest] = positionals;
  if (command === undefined || !["new", "put", "ls", "rm", "scan"].includes(command)) throw new UsageError("give a command: new, put, ls, rm or scan (see --help)");
  if (command === "scan") {
    if (values.all && client !== undefined) throw new UsageError("give either CLIENT or --all, not both (see --help)");
    if (!values.all && client === undefined) throw new UsageError("scan needs a CLIENT or --all (see --help)");
    if (rest.length > 0) throw new UsageError("scan takes one CLIENT (see --help)");
  } else if (values.all || values.rescan) throw new UsageError("--all and --rescan go with scan (see --help)");
  if (client === undefined && command !== "scan") throw new UsageError(`${command} needs a CLIENT (see --help)`);
  if (client !== undefined) usage(() => validateClientName(client));
  if (values.replace && values["keep-both"]) throw new UsageError("choose one of --replace and --keep-both");

  const config = loadToolConfig(values.config);
  const store = createStore(config);
  const scanningRun = openScanning(config, store);
  const { scanning } = scanningRun;
  const files = createClientFiles(config, store, systemClock, scanning);
  const by = values.by ?? `cli:${operatorName()}`;
  const json = Boolean(values.json);

  try {
    if (command === "scan") return await scanCommand(files.catalog, scanning, client, { rescan: Boolean(values.rescan), json });
    if (client === undefined) throw new UsageError(`${command} needs a CLIENT (see --help)`);
    switch (command) {
      case "new": {
        if (rest.length > 0) throw new UsageError("new takes one CLIENT");
        const profile = await usageAsync(() =>
          files.createClient(client, { ...(values.name !== undefined ? { displayName: values.name } : {}), ...(values.contact ? { contacts: values.contact } : {}) }, by),
        );
        if (json) process.stdout.write(`${JSON.stringify(profile)}\n`);
        else process.stderr.write(`created client ${client}; upload files with: signed-share files put ${shellWord(client)} PATH...\n`);
        return 0;
      }
      case "ls": {
        if (rest.length > 0) throw new UsageError("ls takes one CLIENT");
        const list = await filesWithScan(files.catalog, scanning, client);
        if (json) {
          process.stdout.write(`${JSON.stringify({ client, files: list.map((f) => ({ path: f.path, size: f.size, lastModified: f.lastModified.toISOString(), ...scanJson(f.scan) })) })}\n`);
        } else if (list.length === 0) process.stderr.write(`${client} has no files yet\n`);
        else {
          printTable(`${list.length} file${list.length === 1 ? "" : "s"} of ${client}`, list.map((f) => ({ path: f.path, size: formatBytes(f.size), modified: formatUtc(f.lastModified), scan: describeVerdict(f.scan) })));
          if (!scanning.enabled) process.stderr.write(`malware scanning is ${scanning.description}\n`);
        }
        return 0;
      }
      case "rm": {
        if (rest.length !== 1) throw new UsageError("rm takes CLIENT and one PATH (see ls)");
        const path = rest[0]!;
        const deleted = values.recursive ? await usageAsync(() => files.deleteFolder(client, path)) : (await usageAsync(() => files.deleteFile(client, path)), [path]);
        if (json) process.stdout.write(`${JSON.stringify({ client, deleted })}\n`);
        else process.stderr.write(`deleted ${deleted.length === 1 ? deleted[0] : `${deleted.length} files under ${path}/`} from ${client}\n`);
        return 0;
      }
      default: {
        if (rest.length === 0) throw new UsageError("put needs at least one PATH");
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
          scanned.push({ path: file.path, key: file.key, size: file.size, ...scanJson(verdict) });
          if (!json && scanning.enabled) process.stderr.write(`scan of ${file.path}: ${describeVerdict(verdict)}\n`);
        }
        if (json) process.stdout.write(`${JSON.stringify({ client, stored: scanned })}\n`);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof NotFoundError) return notFound(`${error.message}${error.what === "client" && client !== undefined ? ` (create it: signed-share files new ${shellWord(client)})` : ""}`);
    if (error instanceof FileExistsError) throw new Error(`${error.message} (add --replace or --keep-both)`);
    if (error instanceof ClientExistsError) throw new Error(error.message);
    throw error;
  } finally {
    await scanningRun.close();
  }
}

/** `scan` in --json and ls: the status word, and what explains it when there is something. */
function scanJson(verdict: ScanVerdict): { scan: ScanVerdict["status"]; scanDetail?: string } {
  return { scan: verdict.status, ...(verdict.detail ? { scanDetail: verdict.detail } : {}) };
}

/** files scan CLIENT | --all: on-demand scans with progress on stderr. */
async function scanCommand(catalog: Catalog, scanning: Scanning, client: string | undefined, options: { rescan: boolean; json: boolean }): Promise<number> {
  if (!scanning.enabled) throw new UsageError(`malware scanning is ${scanning.description}: set SHARE_SCANNER (docs/scanning.md)`);
  const clients = client !== undefined ? [client] : await catalog.clientNames();
  if (client !== undefined && !(await catalog.hasClient(client))) return notFound(`there is no client "${client}"`);
  const tty = Boolean(process.stderr.isTTY) && !options.json;
  let lastDraw = 0;
  const reports = await scanClients(catalog, scanning, clients, {
    rescan: options.rescan,
    onClient: (name, due, total) => {
      if (!options.json) process.stderr.write(`${name}: ${due} of ${total} file${total === 1 ? "" : "s"} to scan with ${scanning.description}\n`);
    },
    onProgress: (p) => {
      if (options.json) return;
      const notable = p.verdict?.status === "infected" || p.verdict?.status === "error";
      if (tty && !notable) {
        const now = Date.now();
        if (now - lastDraw < 100 && p.done < p.total) return;
        lastDraw = now;
        process.stderr.write(`\r\x1b[K[${p.done}/${p.total}] ${p.path}`);
        if (p.done === p.total) process.stderr.write("\n");
      } else process.stderr.write(`${tty ? "\r\x1b[K" : ""}[${p.done}/${p.total}] ${p.path}: ${p.verdict ? describeVerdict(p.verdict) : "gone (deleted meanwhile)"}\n`);
    },
  });
  const stillBad = reports.flatMap((r) => r.notClean.filter((f) => f.scan.status === "infected" || f.scan.status === "error").map((f) => ({ client: r.client, ...f })));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ scanner: scanning.kind, clients: reports.map((r) => ({ ...r, notClean: r.notClean.map((f) => ({ path: f.path, ...scanJson(f.scan) })) })) })}\n`);
  } else {
    printTable(
      `Malware scan (${scanning.description})`,
      reports.map((r) => ({ client: r.client, files: r.files, scanned: r.scanned, clean: r.statuses.clean ?? 0, pending: r.statuses.pending ?? 0, infected: r.statuses.infected ?? 0, error: r.statuses.error ?? 0 })),
    );
    for (const file of stillBad) process.stderr.write(`${file.scan.status}: ${file.client}/${file.path}${file.scan.detail ? ` (${file.scan.detail})` : ""}\n`);
    if (scanning.kind === "guardduty" && reports.some((r) => (r.statuses.pending ?? 0) > 0)) {
      process.stderr.write("GuardDuty tags each file when its scan is done; see the verdicts with: signed-share files ls CLIENT\n");
    }
  }
  return stillBad.length > 0 ? exitCodes.failure : exitCodes.ok;
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

async function usageAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidRequestError || error instanceof FileTooLargeError) throw new UsageError(error.message);
    throw error;
  }
}

function shellWord(text: string): string {
  return /^[A-Za-z0-9._-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

runCli(main);
