import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDist } from "../support/run-tool.js";

const PASSWORD = "pipeline-test-password-1";

function bash(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--norc", "--noprofile", "-c", `set -euo pipefail\n${script}`], { env: { PATH: process.env.PATH, ...env }, cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The upload loop of docs/files.md, as a function: upload FILE to CLIENT at PATH_IN. */
const UPLOAD = `
json() { curl -fsS -H "$AUTH" -H 'Content-Type: application/json' "$@"; }
upload() {
  FILE=$1; CLIENT=$2; PATH_IN=$3; SIZE=$(stat -c %s "$FILE")
  START=$(json -X POST "$PORTAL/api/uploads" -d "{\\"client\\":\\"$CLIENT\\",\\"path\\":\\"$PATH_IN\\",\\"size\\":$SIZE}")
  UPLOAD=$(echo "$START" | jq -r .upload); PARTS=$(echo "$START" | jq .partCount); PART_SIZE=$(echo "$START" | jq .partSize)
  URLS=$(json -X POST "$PORTAL/api/uploads/parts" -d "{\\"upload\\":\\"$UPLOAD\\",\\"client\\":\\"$CLIENT\\",\\"partNumbers\\":$(seq -s, 1 $PARTS | sed 's/.*/[&]/')}")
  DONE='[]'
  for N in $(seq 1 $PARTS); do
    URL=$(echo "$URLS" | jq -r ".parts[$((N-1))].url")
    ETAG=$(dd if="$FILE" bs="$PART_SIZE" skip=$((N-1)) count=1 status=none |
      curl -fsS -X PUT --data-binary @- -D - -o /dev/null "$URL" | tr -d '\\r' | sed -n 's/^[Ee][Tt]ag: //p')
    DONE=$(echo "$DONE" | jq -c --argjson n "$N" --arg etag "$ETAG" '. + [{partNumber: $n, etag: $etag}]')
  done
  echo "parts $PARTS" >&2
  json -X POST "$PORTAL/api/uploads/complete" -d "{\\"upload\\":\\"$UPLOAD\\",\\"client\\":\\"$CLIENT\\",\\"parts\\":$DONE}"
}
`;

/** A pipeline with curl and an API token only, against \`npm start\`: create a client, upload two files (one multipart), issue a link, read the files back. */
describe("a curl-only pipeline with an API token (local mode)", () => {
  let work: string;
  let portalUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "signed-share-curl-"));
    const started = await startDist(["start"], /Press Ctrl\+C to stop/, {
      env: { SHARE_DATA_DIR: join(work, "data"), PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD },
      timeoutMs: 60_000,
    });
    stop = started.stop;
    portalUrl = started.output().match(/portal\s+(http:\/\/\S+)/)![1]!;
    await writeFile(join(work, "notes #1.txt"), "release notes\n");
    await writeFile(join(work, "build.bin"), randomBytes(20 * 1024 * 1024));
  }, 90_000);
  afterAll(async () => {
    await stop?.();
    await rm(work, { recursive: true, force: true });
  });

  it("admin makes a token; the pipeline creates, uploads, issues and reads back; after revocation the token gets 401", async () => {
    const admin = await bash(
      `
      curl -fsS -c jar -o /dev/null --data-urlencode username=admin --data-urlencode password="$PASSWORD" "$PORTAL/sign-in"
      CSRF=$(curl -fsS -b jar "$PORTAL/api/session" | jq -r .csrfToken)
      curl -fsS -b jar -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -X POST "$PORTAL/api/tokens" -d '{"name":"ci","role":"operator","expires":"1d"}'
      `,
      { PORTAL: portalUrl, PASSWORD },
      work,
    );
    expect(admin.code, admin.stderr).toBe(0);
    const { token, summary } = JSON.parse(admin.stdout) as { token: string; summary: { id: string } };

    const pipeline = await bash(
      `${UPLOAD}
      json -X POST "$PORTAL/api/clients" -d '{"client":"pipeline-co"}' >/dev/null
      upload "notes #1.txt" pipeline-co "v1/notes #1.txt" >/dev/null
      upload build.bin pipeline-co v1/build.bin >/dev/null
      LINK=$(json -X POST "$PORTAL/api/clients/pipeline-co/links" -d '{"expires":"1d"}' | jq -r .url)
      curl -fsS "$LINK" | grep -o 'href="[^"]*" download=' | sed 's/^href="//; s/" download=$//; s/&amp;/\\&/g' > urls
      for U in $(cat urls); do curl -fsS -D headers -o "got-$(basename "\${U%%\\?*}")" "$U"; grep -i '^content-disposition' headers >&2; done
      `,
      { PORTAL: portalUrl, AUTH: `Authorization: Bearer ${token}` },
      work,
    );
    expect(pipeline.code, pipeline.stderr + pipeline.stdout).toBe(0);
    expect(pipeline.stderr).toContain("parts 2");
    expect(pipeline.stderr).toContain("filename*=UTF-8''notes%20%231.txt");
    const sha = async (path: string) => createHash("sha256").update(await readFile(path)).digest("hex");
    expect(await sha(join(work, "got-build.bin"))).toBe(await sha(join(work, "build.bin")));
    expect(await sha(join(work, "got-notes%20%231.txt"))).toBe(await sha(join(work, "notes #1.txt")));

    const revoked = await bash(
      `
      CSRF=$(curl -fsS -b jar "$PORTAL/api/session" | jq -r .csrfToken)
      curl -fsS -b jar -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -X POST "$PORTAL/api/tokens/$ID/revoke" -d '{}' >/dev/null
      curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$PORTAL/api/clients"
      `,
      { PORTAL: portalUrl, ID: summary.id, TOKEN: token },
      work,
    );
    expect(revoked.stdout).toBe("401");
  }, 180_000);
});
