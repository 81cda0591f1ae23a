import { expect, it } from "vitest";
import { S3Client } from "@aws-sdk/client-s3";
import { createStore } from "../../lib/storage/create-store.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { loadConfig } from "../../lib/config.js";

it("returns the local-directory store in local mode", () => {
  const store = createStore(loadConfig({ env: { SHARE_DATA_DIR: "/tmp/share-data" }, cwd: "/" }));
  expect(store).toBeInstanceOf(LocalObjectStore);
  expect(store.location).toBe("dir:/tmp/share-data");
});

it("returns the S3 store for the configured bucket in AWS mode, using the injected client", async () => {
  const env = { SHARE_BUCKET: "acme-share", SHARE_PUBLIC_URL: "https://files.example.com" };
  const client = new S3Client({ region: "eu-west-1" });
  const store = createStore(loadConfig({ env }), { s3Client: client });
  expect(store).toBeInstanceOf(S3ObjectStore);
  expect(store.location).toBe("s3://acme-share");
  client.destroy();
});

it("points a client it creates at the configured region and endpoint", async () => {
  const env = {
    SHARE_BUCKET: "acme-share",
    SHARE_PUBLIC_URL: "https://files.example.com",
    AWS_REGION: "ap-southeast-2",
    AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9000",
  };
  const store = createStore(loadConfig({ env })) as S3ObjectStore;
  const client = (store as unknown as { client: S3Client }).client;
  expect(await client.config.region()).toBe("ap-southeast-2");
  const endpoint = await client.config.endpoint?.();
  expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe("http://127.0.0.1:9000");
  expect(client.config.forcePathStyle).toBe(true);
  client.destroy();
});
