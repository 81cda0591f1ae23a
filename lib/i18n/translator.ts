import { formatMessage, type Language, type MessageKey, type MessageValues } from "./catalog.js";

/** Whom a text is for: their language and, when known, their time zone (IANA, like Europe/Berlin). */
export interface Audience {
  language: Language;
  timeZone?: string | undefined;
}

/** One audience's words: messages, dates and sizes, all in their language. */
export interface Translator {
  readonly language: Language;
  /** The audience's time zone, when known and not UTC. */
  readonly timeZone: string | undefined;
  t(key: MessageKey, values?: MessageValues): string;
  /** An instant in the audience's zone with UTC beside it; UTC alone when the zone is unknown. */
  when(date: Date): string;
  /** The day of an instant in the audience's zone ("Mar 1, 2030", "1. März 2030"). */
  day(date: Date): string;
  /** 512 B, 1,5 MiB (the number in the language's form, binary units). */
  bytes(bytes: number): string;
  /** "3 Dateien, 1,5 MiB" */
  files(count: number, bytes: number): string;
}

const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"];

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function translator(audience: Audience): Translator {
  const { language } = audience;
  const zone = audience.timeZone && audience.timeZone !== "UTC" && isTimeZone(audience.timeZone) ? audience.timeZone : undefined;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const t = (key: MessageKey, values?: MessageValues) => formatMessage(language, key, values, zone ?? "UTC");
  const bytes = (n: number) => {
    if (n < 1024) return `${number.format(n)} B`;
    let value = n;
    let unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return `${number.format(value < 10 ? Math.round(value * 10) / 10 : Math.round(value))} ${UNITS[unit]}`;
  };
  return {
    language,
    timeZone: zone,
    t,
    when: (date) => (zone ? t("date.zonedWithUtc", { when: date }) : t("date.utcOnly", { when: date })),
    day: (date) => new Intl.DateTimeFormat(language, { year: "numeric", month: "short", day: "numeric", timeZone: zone ?? "UTC" }).format(date),
    bytes,
    files: (count, size) => t("size.files", { count, size: bytes(size) }),
  };
}
