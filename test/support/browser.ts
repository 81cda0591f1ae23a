import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium: its headless shell (`apt-get install chromium-headless-shell`: the same engine
 * without the desktop browser around it, half the CPU per page) where installed, otherwise the
 * browser (`apt-get install chromium`); `CHROMIUM_PATH` chooses. Browser tests run only where one is.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path)) ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

/** Headless Chromium with the flags this closed network needs (docs/contributing.md#tests). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
