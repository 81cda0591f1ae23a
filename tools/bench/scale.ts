import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { createS3Client, S3ObjectStore } from "../../lib/storage/s3-store.js";
import type { Row } from "../table.js";
import { runChild } from "./child.js";
import { startFauxqsProcess } from "./fauxqs-process.js";
import { BIG, C200, scaleSizes, SMALL, writeClient, writeLinks } from "./scale-fixture.js";

type Figures = { ms: number; peakRssMiB: number; [figure: string]: number };

/**
 * Size as a non-issue (docs/contributing.md#benchmarks): a local-mode client of BENCH_SCALE_FILES
 * files (default 100,000) in nested folders, one of a tenth of that, and BENCH_SCALE_LINKS link
 * records (default 10,000), in local mode and in AWS mode (fauxqs in its own process behind a proxy
 * adding BENCH_SCALE_DELAY_MS, default 20 ms, to every request). Every row runs in a process of its
 * own, so its peak RSS is its own; every ratio is to a reference measured in the same run.
 */
export async function benchScale(seconds: number): Promise<Row[]> {
  const sizes = scaleSizes();
  const small = Math.max(100, Math.floor(sizes.files / 10));
  const dir = await mkdtemp(join(tmpdir(), "bench-scale-"));
  const data = join(dir, "data");
  const say = (text: string) => process.stderr.write(`${text}\n`);
  const row = (name: string, ...args: string[]) => {
    say(`  ${name} ${args.join(" ")}`);
    return runChild<Figures>("scale-row.ts", [name, data, ...args]);
  };
  let s3: Awaited<ReturnType<typeof startFauxqsProcess>> | undefined;
  try {
    say(`writing ${sizes.files.toLocaleString("en-US")} + ${small.toLocaleString("en-US")} + 200 files and ${sizes.links.toLocaleString("en-US")} link records in ${dir}...`);
    await writeClient(data, BIG, sizes.files);
    await writeClient(data, SMALL, small);
    await writeClient(data, C200, 200);
    await writeLinks(new LocalObjectStore(data), sizes.links);

    // References and the issues they compare with, interleaved over rounds, best of each: a busy
    // neighbour on the machine then skews no side alone.
    const best = async (runs: (() => Promise<Figures>)[]): Promise<Figures[]> => {
      const kept: Figures[] = [];
      for (let round = 0; round < sizes.rounds; round++) {
        say(`round ${round + 1}/${sizes.rounds}`);
        for (let i = 0; i < runs.length; i++) {
          const figures = await runs[i]!();
          kept[i] = kept[i] === undefined || figures.ms < kept[i]!.ms ? { ...figures, peakRssMiB: Math.max(figures.peakRssMiB, kept[i]?.peakRssMiB ?? 0) } : { ...kept[i]!, peakRssMiB: Math.max(figures.peakRssMiB, kept[i]!.peakRssMiB) };
        }
      }
      return kept;
    };
    const [list, sign, perFile, folder, smallPerFile, smallFolder] = (await best([
      () => row("list"),
      () => row("sign"),
      () => row("issue", BIG, "per-file"),
      () => row("issue", BIG, "folder"),
      () => row("issue", SMALL, "per-file"),
      () => row("issue", SMALL, "folder"),
    ])) as [Figures, Figures, Figures, Figures, Figures, Figures];
    const rate = await row("sign-rate");
    const concurrent = await row("concurrent", String(sizes.concurrency), String(Math.max(5, seconds * 3)));
    const clientPage = await row("page", `/clients/${BIG}`);
    const linksPage = await row("page", "/links");
    const clientsPage = await row("page", "/clients");
    const linksList = await row("links-page");
    const linksPages = await row("links-pages");
    const startEmpty = await row("start-empty");
    const start = await row("start");
    const clientRequests = await row("client-requests");

    say(`AWS mode: fauxqs (own process), ${sizes.links.toLocaleString("en-US")} link records...`);
    s3 = await startFauxqsProcess();
    const client = createS3Client({ endpoint: s3.endpoint, region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, env: {} });
    await client.send(new CreateBucketCommand({ Bucket: "bench" }));
    await writeLinks(new S3ObjectStore(client, "bench"), sizes.links);
    client.destroy();
    const aws = await row("aws", s3.endpoint, "bench", String(sizes.delayMs));

    const n = (count: number) => count.toLocaleString("en-US");
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    const r = (what: string, measure: string, figures: Figures, ms: number | undefined, reference: number | undefined, target: string, note = ""): Row => ({
      what,
      measure,
      ms,
      "ratio to reference": reference === undefined || ms === undefined ? undefined : ms / reference,
      target,
      "peak RSS MiB": figures.peakRssMiB,
      note,
    });
    return [
      r(`list ${n(sizes.files)} files`, "reference: one listing", list, list.ms, list.ms, ""),
      r(`sign ${n(sizes.files)} URLs`, "reference: bare signing", sign, sign.ms, sign.ms, ""),
      r(`issue per-file, ${n(sizes.files)} files`, "to bare signing", perFile, perFile.ms, sign.ms, "≤ 1.3, < 400 MiB", `page ${kib(perFile.pageBytes!)}, manifest ${kib(perFile.manifestBytes!)}, curl list ${kib(perFile.listBytes!)}`),
      r(`issue folder, ${n(sizes.files)} files`, "to one listing", folder, folder.ms, list.ms, "≤ 1.5, < 400 MiB", `page ${kib(folder.pageBytes!)}, manifest ${kib(folder.manifestBytes!)}, curl list ${kib(folder.listBytes!)}`),
      r(`issue per-file, ${n(small)} files`, `${n(sizes.files)} ÷ ${n(small)} files`, smallPerFile, smallPerFile.ms, undefined, "", `growth ${(perFile.ms / smallPerFile.ms).toFixed(2)}× (≤ ${(sizes.files / small * 1.1).toFixed(0)}×)`),
      r(`issue folder, ${n(small)} files`, `${n(sizes.files)} ÷ ${n(small)} files`, smallFolder, smallFolder.ms, undefined, "", `growth ${(folder.ms / smallFolder.ms).toFixed(2)}× (≤ ${(sizes.files / small * 1.1).toFixed(0)}×)`),
      r("sign on one core", "reference: signatures/s", rate, undefined, undefined, "", `${n(Math.round(rate.perSecond!))} signatures/s`),
      r(`${sizes.concurrency} concurrent API issues, 200 files`, "signatures/s to one core", concurrent, undefined, undefined, "≥ 0.5", `${(concurrent.signaturesPerSecond! / rate.perSecond!).toFixed(2)}: ${n(Math.round(concurrent.signaturesPerSecond!))} signatures/s, ${concurrent.issuesPerSecond!.toFixed(1)} issues/s`),
      r(`client page, ${n(sizes.files)} files`, "first screen, whole body", clientPage, clientPage.ms, undefined, "< 1 s, < 1 MiB", `${kib(clientPage.bytes!)} gzip`),
      r(`Links page, ${n(sizes.links)} links`, "first page", linksPage, linksPage.ms, undefined, "< 1 MiB", `${kib(linksPage.bytes!)} gzip`),
      ...(["first", "page21", "search1pct", "searchNone"] as const).map((name) => {
        const m = linksPages[name] as unknown as { ms: number; kib: number; reads: number };
        const what = { first: "first page (warm)", page21: "21st page (Older links × 20)", search1pct: "search matching 1 %", searchNone: "search matching none" }[name];
        return r(`Links page, ${n(sizes.links)} links`, what, linksPages, m.ms, undefined, "reads ≤ one page of records", `${m.reads} records read, ${m.kib} KiB gzip`);
      }),
      r("Clients page", "first page", clientsPage, clientsPage.ms, undefined, "< 1 MiB", `${kib(clientsPage.bytes!)} gzip`),
      r(`links list --limit 50, ${n(sizes.links)} links`, "first page, local", linksList, linksList.ms, undefined, ""),
      r(`links list --limit 50, ${n(sizes.links)} links`, `first page, fauxqs +${sizes.delayMs} ms/request`, aws, aws.listMs, aws.oneRequestMs, "", `${aws.listRequests} requests; ratio to one request`),
      r(`Links page, ${n(sizes.links)} links`, `fauxqs +${sizes.delayMs} ms/request`, aws, aws.pageMs, aws.oneRequestMs, "", `${aws.pageRequests} requests, ${kib(aws.pageBytes!)} gzip; ratio to one request`),
      ...(["cold", "warm", "list"] as const).map((name) => {
        const m = clientRequests[name] as unknown as { ms: number; reads: number };
        const what = { cold: "client page, first", warm: "client page, again", list: "GET /api/requests?client=" }[name];
        return r(`${n(clientRequests.links!)} links of one client, ${clientRequests.requests} requests`, what, clientRequests, m.ms, undefined, "reads the request records only", `${m.reads} records read`);
      }),
      r("local mode start, empty data", "reference", startEmpty, startEmpty.ms, startEmpty.ms, ""),
      r(`local mode start, ${n(sizes.files + small + 200)} files`, "to an empty start", start, start.ms, startEmpty.ms, ""),
    ];
  } finally {
    await s3?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
