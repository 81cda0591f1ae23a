import { generateKeyPair } from "../../lib/keys/generate.js";
import { publishAll } from "../../lib/publishing/publish-all.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { objectUrl } from "../../lib/signing/object-url.js";
import { loadPrivateKey } from "../../lib/signing/key-material.js";
import { signUrl, type SigningKey } from "../../lib/signing/signer.js";
import { createS3Client, S3ObjectStore } from "../../lib/storage/s3-store.js";
import { peakRssMiB } from "./child.js";
import { FILES_PER_CLIENT, many, names, ONE_CLIENT_FILES, PREFIX, PUBLIC_URL } from "./publish.js";

/** One measurement of `bench publish` in its own process: prints {ms, peakRssMiB}. Usage: publish-row.ts ROW FAUXQS_ENDPOINT */
async function main([name, endpoint]: string[]): Promise<void> {
  const client = createS3Client({ endpoint: endpoint!, region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, env: {} });
  const store = new S3ObjectStore(client, "bench");
  const key: SigningKey = { keyPairId: "KBENCHMARK0000", privateKey: loadPrivateKey(generateKeyPair("rsa").privateKeyPem) };
  const publisher = new Publisher({ store, prefix: PREFIX, publicUrl: PUBLIC_URL, signingKey: async () => key, clock: () => new Date() });
  const expiresAt = () => new Date(Date.now() + 7 * 86_400_000);
  const bare = (urls: string[]) => () => {
    const dateLessThan = expiresAt();
    for (const url of urls) signUrl(url, key, { dateLessThan });
  };
  const rows: Record<string, () => unknown> = {
    bareOne: bare(names(ONE_CLIENT_FILES).map((n) => objectUrl(PUBLIC_URL, `one-client/${n}`))),
    perFile: () => publisher.publish({ client: "one-client", expiresAt: expiresAt(), issuedBy: "bench" }),
    folder: () => publisher.publish({ client: "one-client", expiresAt: expiresAt(), issuedBy: "bench", mode: "folder" }),
    bareMany: bare(many.flatMap((c) => names(FILES_PER_CLIENT).map((n) => objectUrl(PUBLIC_URL, `${c}/${n}`)))),
    all: async () => {
      const outcomes = await publishAll(publisher, many, { expiresAt: expiresAt(), issuedBy: "bench" });
      const failed = outcomes.find((o) => "error" in o);
      if (failed && "error" in failed) throw failed.error;
    },
  };
  const run = rows[name!];
  if (!run || !endpoint) throw new Error(`usage: publish-row.ts ${Object.keys(rows).join("|")} FAUXQS_ENDPOINT`);
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  client.destroy();
  process.stdout.write(`${JSON.stringify({ ms, peakRssMiB: peakRssMiB() })}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench publish row: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
