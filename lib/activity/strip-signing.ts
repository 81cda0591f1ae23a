import { SIGNING_PARAMS } from "../signing/verify.js";

/** `name=value` pairs of the signing parameters (Signature, Policy, Key-Pair-Id, Expires, Hash-Algorithm), also percent-encoded once or twice. */
const SIGNING_PAIR = new RegExp(
  `(^|[?&;\\s"'<>]|%3F|%26|%253F|%2526)(${[...SIGNING_PARAMS].map((p) => p.replace(/-/g, "\\-")).join("|")})(=|%3D|%253D)(?:(?!%26|%2526)[^&\\s"'<>])*`,
  "gi",
);

/**
 * `text` with the value of every signing parameter replaced by "(removed)". Access logs hold
 * working signed URLs; whatever the product keeps or shows of them goes through here
 * (docs/activity.md, "What is kept").
 */
export function stripSigning(text: string): string {
  return text.replace(SIGNING_PAIR, (_match, before: string, name: string, eq: string) => `${before}${name}${eq}(removed)`);
}
