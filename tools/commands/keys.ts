// The signing key on the command line: `signed-share keys status` (docs/rotation.md). Rotating it is
// `rotate-keys`, the door of keys.rotate (tools/commands/local.ts).
import { ops } from "../../lib/ops/registry.js";
import { defineCommand } from "./command.js";

export const keysStatusCommand = defineCommand({
  name: "keys status",
  usage: "keys status",
  summary: "show the active signing key and the state of key rotation (an unfinished rotation, the lock)",
  description: "Reads the configured key store and the rotation's journal and lock (portal/rotation/); never prints a private key. An unfinished rotation is finished by running rotate-keys again.",
  arguments: [],
  flags: [],
  examples: ["signed-share keys status", "signed-share keys status --json | jq -r .active.keyPairId"],
  operation: ops.keys.status,
  print(result, io) {
    const { active, rotation } = result;
    io.stdout.write(`active key  ${active.keyPairId} (${active.type}${active.createdAt ? `, created ${active.createdAt}` : ""})\n`);
    const last =
      rotation.state === "none"
        ? "none yet"
        : `${rotation.rotationId} (${rotation.mode}), started ${rotation.startedAt} by ${rotation.startedBy}, ${rotation.state === "finished" ? `finished ${rotation.finishedAt}` : `UNFINISHED after ${rotation.completedSteps?.at(-1) ?? "no step"}: run rotate-keys to finish it`}`;
    io.stdout.write(`rotation    ${last}\n`);
    if (rotation.lock) io.stdout.write(`lock        held by ${rotation.lock.by} since ${rotation.lock.acquiredAt} (last seen ${rotation.lock.heartbeatAt})\n`);
  },
});

export const KEY_COMMANDS = [keysStatusCommand];
