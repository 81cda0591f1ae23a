import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFauxqs } from "../support/fauxqs.js";
import { startFaultProxy } from "../support/fault-proxy.js";
import { describeObjectStoreContract } from "./contract.js";

describeObjectStoreContract("S3ObjectStore over HTTP against fauxqs", async () => {
  const s3 = await startFauxqs();
  const proxy = await startFaultProxy(s3.endpoint, { conditionalWrites: true });
  const bucket = await s3.createBucket();
  const store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint }), bucket);
  return {
    store,
    cacheControlSent: (key) =>
      proxy.requests.findLast((r) => r.method === "PUT" && r.path === `/${bucket}/${key}`)?.headers["cache-control"],
    cleanup: async () => {
      await proxy.stop();
      await s3.stop();
    },
  };
});
