import type { z } from "zod";
import type { ErrorKind, ShareError } from "../errors.js";
import type { Actor, AuditDetails } from "./actor.js";
import type { Services } from "./services.js";
import type { UploadTokens } from "../files/upload-session.js";
import type { Progress } from "../keys/rotation/progress.js";

export type { Actor, AuditDetails } from "./actor.js";


/** Who may run it: every signed-in person (operators and admins), or admins only. */
export type Access = "operator" | "admin";


/**
 * What the portal gives the uploads family: the sealer of upload sessions (keyed by the portal's
 * secret, so any portal instance can serve any step) and the URL of a local-mode part grant on this
 * portal's own origin. Only the JSON API has it: the command line uploads with `files put`.
 */
export interface UploadDoor {
  tokens: UploadTokens;
  /** The URL to PUT one part to, for the sealed part grant (local mode; S3 presigns its own). */
  partUrl(grant: string): string;
}

/** Extras a door may give a long operation. */
export interface RunContext {
  /** The uploads family's door (see UploadDoor). */
  uploads?: UploadDoor;
  /** Told after each item of a batch, with a line about it ("acme: 12 files"); the CLI draws a progress bar. */
  progress?(done: number, total: number, line: string): void;
  /** Told a line about the work as it goes ("acme: 3 of 12 files to scan"); the CLI prints it on stderr. */
  note?(line: string): void;
  /** Told each step of a run of several long steps as it starts and ends (a key rotation); the CLI prints them on stderr. */
  steps?: Progress;
  /**
   * Asked once the plan is known, before anything that cannot be undone changes (a key rotation);
   * false changes nothing. The CLI asks on the terminal (or takes --yes); absent: no question.
   */
  confirm?(plan: string[]): Promise<boolean>;
  /** The command that runs this again, for messages that say what to run next ("signed-share rotate-keys --stack prod"). */
  again?: string;
}

interface OperationBase<I extends z.ZodObject, R extends z.ZodObject> {
  /** "family.verb", e.g. "links.issue": unique, stable (tests, the audit trail and the API description use it). */
  name: `${string}.${string}`;
  /** One line, for the API description and the CLI's help. */
  summary: string;
  /** More, when the summary is not enough. */
  description?: string;
  access: Access;
  /** false: people only, never an API token (a token never mints or revokes tokens). */
  tokens?: false;
  /**
   * false: the JSON API only, no command of the CLI (the uploads family: a caller that holds the
   * bytes sends them part by part; the command line uploads from disk with `files put`).
   */
  cli?: false;
  /** false: the command line only, no route of the API (delivery.remind: a scheduler runs the command). */
  api?: false;
  /**
   * The input, one object for every door: the API's path, query and body members together, the
   * CLI's arguments and flags by field. Plain JSON values (strings, numbers, booleans, arrays),
   * no transforms, so that the schema describes exactly what a caller sends.
   */
  input: I;
  /** The result document: the API's response body and the CLI's --json output, the same bytes. */
  result: R;
  /** The kinds it raises on purpose besides bad-input (documented per route in the OpenAPI description). */
  errors: readonly ErrorKind[];
  run(services: Services, input: z.output<I>, actor: Actor, context: RunContext): Promise<z.input<R>>;
}

/** One audit event of a run: what changed and the details. */
export interface AuditOf {
  event: string;
  details: AuditDetails;
  /** This thing's own outcome, when it may differ from the run's (one link of several failed, the others did not). */
  outcome?: "ok" | ShareError["kind"];
}

/** Reads only. */
export interface ReadOperation<I extends z.ZodObject = z.ZodObject, R extends z.ZodObject = z.ZodObject> extends OperationBase<I, R> {
  mutates: false;
}

/**
 * Changes state: the operations layer writes an audit record for every successful run (and every
 * run that failed half-way, with what was done), from `audit`, which must never include a secret.
 */
export interface MutatingOperation<I extends z.ZodObject = z.ZodObject, R extends z.ZodObject = z.ZodObject> extends OperationBase<I, R> {
  mutates: true;
  /**
   * `event` names the change ("link-issued"); the details say what changed. `result` is partial when the run failed half-way.
   * An operation on several things (links.revokeMany) returns one event per thing.
   */
  audit(input: z.output<I>, result: Partial<z.input<R>>): AuditOf | AuditOf[];
}

export type Operation<I extends z.ZodObject = z.ZodObject, R extends z.ZodObject = z.ZodObject> = ReadOperation<I, R> | MutatingOperation<I, R>;

/** Any operation, whatever its schemas. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

/** Declares an operation (the identity, with the types checked). */
export function defineOperation<I extends z.ZodObject, R extends z.ZodObject>(operation: ReadOperation<I, R>): ReadOperation<I, R>;
export function defineOperation<I extends z.ZodObject, R extends z.ZodObject>(operation: MutatingOperation<I, R>): MutatingOperation<I, R>;
export function defineOperation(operation: AnyOperation): AnyOperation {
  return operation;
}

export type InputOf<O> = O extends Operation<infer I, z.ZodObject> ? z.input<I> : never;
export type ResultOf<O> = O extends Operation<z.ZodObject, infer R> ? z.input<R> : never;
