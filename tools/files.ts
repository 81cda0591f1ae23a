import { lstat, readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { systemClock } from "../lib/clock.js";
import type { OnConflict } from "../lib/files/client-files.js";
import { createClientFiles } from "../lib/files/create-client-files.js";
import { ClientExistsError, FileExistsError, FileTooLargeError } from "../lib/files/errors.js";
import { clientFileKey, joinFilePath } from "../lib/files/file-path.js";
import { InvalidRequestError, NotFoundError } from "../lib/publish/errors.js";
import { formatBytes, formatUtc } from "../lib/publish/format.js";
import { validateClientName } from "../lib/publish/layout.js";
import { createStore } from "../lib/storage/create-store.js";
import { loadToolConfig, notFound, operatorName, parseFlags, runCli, UsageError } from "./cli.js";
import { printTable } from "./table.js";

const help = `Usage: signed-share files new CLIENT [--name "Display name"] [--contact EMAIL]...
       signed-share files put CLIENT PATH... [--to FOLDER] [--replace | --keep-both]
       signed-share files ls CLIENT [--json]
       signed-share files rm CLIENT PATH [--recursive]

Client folders and their files, on the configured storage (the bucket, or SHARE_DATA_DIR in local
mode), through the same code as the portal's uploads.

  new CLIENT        create an empty client (a folder, plus a profile under portal/clients/)
  put CLIENT PATH   upload files; a directory is uploaded with everything below it, as a
                    folder of that name (symbolic links inside it are skipped). Large files go
                    in parts (multipart); progress goes to stderr.
  ls CLIENT         the client's files (not the published pages)
  rm CLIENT PATH    delete one file (PATH inside the client folder, as ls prints it);
                    with --recursive, a folder and everything in it

  --to FOLDER       put: store under this folder of the client
  --replace         put: replace files already stored under the same name
  --keep-both       put: store as "name (2).ext" when the name is taken
                    (without either, a taken name stops the upload before any byte is sent)
  --name, --contact new: display name and contact e-mail addresses (repeat --contact)
  --by NAME         who does it, for the audit (default cli:$USER)
  --config FILE     stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json            print one JSON value and nothing else on stdout
  -h, --help        this text

Names follow one rule (docs/files.md#names): no "." or ".." or empty folder names, no control,
bidirectional or invisible characters, and no reserved name (_links) as any folder name; client
names do not start with "_" or ".". rm also takes a stored file whose name breaks the rule.
Files larger than SHARE_MAX_FILE_SIZE are refused.
Exit codes: 0 done, 1 storage failure or a taken name (client or file), 2 bad usage or name, 3 unknown client or file.

Also runs as: npm run files -- [arguments] (npm adds its own lines to stdout: scripts use signed-share files)`;

interface LocalFile {
  source: string;
  /** Path inside the client folder. */
  path: string;
  size: number;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      to: { type: "string" },
      replace: { type: "boolean" },
      "keep-both": { type: "boolean" },
      recursive: { type: "boolean", short: "r" },
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
  if (command === undefined || !["new", "put", "ls", "rm"].includes(command)) throw new UsageError("give a command: new, put, ls or rm (see --help)");
  if (client === undefined) throw new UsageError(`${command} needs a CLIENT (see --help)`);
  usage(() => validateClientName(client));
  if (values.replace && values["keep-both"]) throw new UsageError("choose one of --replace and --keep-both");

  const config = loadToolConfig(values.config);
  const files = createClientFiles(config, createStore(config), systemClock);
  const by = values.by ?? `cli:${operatorName()}`;
  const json = Boolean(values.json);

  try {
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
        const list = await files.list(client);
        if (json) {
          process.stdout.write(`${JSON.stringify({ client, files: list.map((f) => ({ path: f.path, size: f.size, lastModified: f.lastModified.toISOString() })) })}\n`);
        } else if (list.length === 0) process.stderr.write(`${client} has no files yet\n`);
        else printTable(`${list.length} file${list.length === 1 ? "" : "s"} of ${client}`, list.map((f) => ({ path: f.path, size: formatBytes(f.size), modified: formatUtc(f.lastModified) })));
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
          stored.push({ path: upload.path, key: upload.key, size: file.size });
        }
        if (json) process.stdout.write(`${JSON.stringify({ client, stored })}\n`);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof NotFoundError) return notFound(`${error.message}${error.what === "client" ? ` (create it: signed-share files new ${shellWord(client)})` : ""}`);
    if (error instanceof FileExistsError) throw new Error(`${error.message} (add --replace or --keep-both)`);
    if (error instanceof ClientExistsError) throw new Error(error.message);
    throw error;
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
