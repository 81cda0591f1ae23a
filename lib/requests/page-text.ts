/**
 * Every word of the upload page a client sees, in one table: the page's HTML reads it when the page
 * is published, its script reads the `script` part from the page's data block. To translate the page,
 * give another table of the same shape. `{name}` marks a value filled in where the text is used.
 */
export const REQUEST_PAGE_TEXT = {
  lang: "en",
  title: "Send files to {sender}",
  titleFor: "Send files for {client}",
  intro: "{sender} asked you to send files. Nothing you send here is shown to anyone else.",
  noteHeading: "Message from the sender",
  limitsHeading: "What you can send",
  expiry: "This page works until {utc}",
  maxFileSize: "Each file up to {size}.",
  maxTotal: "Up to {size} in all.",
  maxFiles: "Up to {count} files.",
  noLimits: "Any number of files.",
  chooseHeading: "Choose files",
  dropZone: "Drop files or folders here, or choose them:",
  chooseFiles: "Choose files",
  chooseFolder: "Choose a folder",
  emailLabel: "Your e-mail address, for a receipt (optional)",
  send: "Send",
  noScript: "This page needs JavaScript to send files. Please turn it on, or ask the sender for another way.",
  listHeading: "Files",
  receiptHeading: "Receipt",
  receiptIntro: "These files arrived. The SHA-256 fingerprints were computed by your browser; the sender can compare them with what they received.",
  footer: "The link to this page is personal: anyone who has it can send files with it until it expires.",
  script: {
    added: "{count} file(s) added. Press Send when you are ready.",
    waiting: "ready to send",
    sending: "sending",
    checking: "computing its fingerprint",
    done: "sent",
    failed: "not sent: {reason}",
    removed: "removed",
    remove: "Remove",
    retrying: "the connection dropped; trying again in {seconds} s (the parts already sent are kept)",
    resumed: "resuming: {done} of {total} parts were already sent",
    tooBig: "larger than {size}, the largest file this request takes",
    tooMany: "this request takes at most {count} files",
    tooMuch: "this request takes at most {size} in all",
    emptyName: "this file has no name that can be kept",
    overall: "{percent}% of {count} file(s)",
    allDone: "Done: {count} file(s) sent. You can close this page or send more.",
    someFailed: "{failed} of {count} file(s) could not be sent. Press Send to try them again.",
    linkRefused: "This link no longer takes files: it has expired, was closed or withdrawn. Please ask the sender for a new one.",
    busy: "Too many requests at once; waiting {seconds} s before going on.",
    receiptSent: "A receipt was sent to {address}.",
    receiptNotSent: "The receipt could not be e-mailed: {reason}",
    name: "Name",
    size: "Size",
    sha256: "SHA-256",
    copyReceipt: "Receipt as text",
    nothingToSend: "Add files first.",
  },
} as const;

export type RequestPageText = typeof REQUEST_PAGE_TEXT;

/** `text` with each `{name}` replaced by its value. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
