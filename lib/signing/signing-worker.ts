import { parentPort } from "node:worker_threads";
import type { SigningKey } from "./signer.js";
import { signBatch, type SignBatchRequest } from "./signing-pool.js";

/** Entry of a SigningPool worker thread: signs each batch it is sent and replies with the URLs. */
const keys = new Map<number, SigningKey>();
parentPort?.on("message", (request: SignBatchRequest) => parentPort!.postMessage(signBatch(request, keys)));
