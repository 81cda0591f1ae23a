import { ShareError } from "../errors.js";

/** Invalid configuration: each problem names the setting (and the file it came from). */
export class ConfigError extends ShareError {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(
      "bad-input",
      problems.length === 1
        ? (problems[0] ?? "")
        : `${problems.length} configuration problems:\n${problems.map((p) => `- ${p}`).join("\n")}`,
    );
  }
}
