// Runs the Pulumi program the way `pulumi preview` / `pulumi up` start it, without the CLI and without AWS.
//
// What the CLI does (pulumi/pulumi: pkg/engine/project.go getPwdMain, sdk/nodejs/cmd/pulumi-language-nodejs
// Run/execRuntime/constructArguments, sdk/nodejs/cmd/run/run.js):
// - `main` in Pulumi.yaml names a file: the program directory (`--pwd`) is that file's folder and the entry
//   point its base name; no `main`: the project root and ".", and run.js then takes package.json's `main`.
// - The language host starts `node <@pulumi/pulumi/cmd/run resolved from the program directory>` in the
//   program directory with --monitor/--engine/--project/--root-directory/--stack/--pwd [--dry-run] <entry>,
//   and the environment PULUMI_CONFIG (JSON), PULUMI_NODEJS_TYPESCRIPT and runtime option `tsconfig`
//   unchanged as PULUMI_NODEJS_TSCONFIG_PATH (run.js resolves it after changing into --pwd).
// - The CLI fills in Pulumi.yaml's config defaults and refuses a stack that lacks a required value.
//
// Here an in-process gRPC engine and resource monitor (the SDK's own service definitions) record what the
// program registers and answer its invokes. Nothing is mocked inside the program's process.
import type * as GrpcJs from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { load as parseYaml } from "js-yaml";

const REPO_ROOT = resolve(__dirname, "../..");
const sdkRequire = createRequire(join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"));
// The SDK's own grpc-js, so the service definitions and the server share one instance.
const grpc: typeof GrpcJs = sdkRequire("@grpc/grpc-js");
const resourceGrpc = sdkRequire("./proto/resource_grpc_pb.js");
const engineGrpc = sdkRequire("./proto/engine_grpc_pb.js");
const resourcePb = sdkRequire("./proto/resource_pb.js");
const providerPb = sdkRequire("./proto/provider_pb.js");
const enginePb = sdkRequire("./proto/engine_pb.js");
const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb.js");
const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb.js");

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Stands for a value not known yet (preview) in recorded inputs. */
export const UNKNOWN_VALUE = Symbol("unknown");

export interface Registration {
  type: string;
  name: string;
  urn: string;
  parentUrn: string;
  custom: boolean;
  /** Inputs as plain values: secrets unwrapped, resource references as their URN, unknowns as UNKNOWN_VALUE. */
  inputs: Record<string, any>;
  dependencies: string[];
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
}

export interface EngineLog {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn: string;
}

export interface CliRunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** What the program logged through the engine (pulumi.log, RunError, warnings of the SDK). */
  logs: EngineLog[];
  registrations: Registration[];
  invokes: { token: string; args: Record<string, any> }[];
  /** The stack's exported outputs (RegisterResourceOutputs of the root stack resource). */
  outputs: Record<string, any>;
  /** The language host's view: what `pulumi up` would show as the failure, if any. */
  error?: string;
  ofType(type: string): Registration[];
  /** The single registration of a type; throws when there is not exactly one. */
  one(type: string): Registration;
  /** Logs at warning or error level, for "nothing went wrong" assertions. */
  problems(): EngineLog[];
}

export interface CliRunOptions {
  stack: string;
  /** The `config:` map of Pulumi.<stack>.yaml (namespaced keys, YAML values). */
  stackConfig: Record<string, unknown>;
  /** `pulumi preview` (unknown computed values) instead of `pulumi up`. */
  dryRun?: boolean;
  /** Project root holding Pulumi.yaml; default: this repository. */
  root?: string;
  /** Text of Pulumi.yaml; default: the file in root. */
  projectYaml?: string;
  /** Computed state the provider would return for a resource (up only); merged over its inputs. */
  computed?(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> | undefined;
  /** Answers an invoke (data source); default: defaultInvoke. Throw for an invoke the program must not make. */
  invoke?(token: string, args: Record<string, any>): Record<string, unknown>;
  /** ts-node's compile cache (the CLI uses the OS temp dir); reuse one across runs of a test file. */
  tsNodeCacheDir: string;
  /**
   * ts-node only transpiles, without type checking: what `PULUMI_NODEJS_TRANSPILE_ONLY=true` does for a
   * project that type-checks in a build step of its own. A run with it costs a fraction of a checked run's
   * CPU and needs no warm ts-node cache, so such runs can start side by side.
   */
  transpileOnly?: boolean;
  /** Modules the program's process cannot load, as if they were not installed (test/support/block-modules.cjs). */
  blockedModules?: string[];
  timeoutMs?: number;
}

export const ACCOUNT_ID = "123456789012";
export const REGION = "eu-central-1";

/** The invokes the signed-share program makes, answered like AWS would for account 123456789012. */
export function defaultInvoke(token: string, args: Record<string, any>): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/ops`, userId: "AIDEXAMPLE", id: ACCOUNT_ID };
    case "aws:index/getRegion:getRegion":
      return { region: args.region ?? REGION, name: args.region ?? REGION, endpoint: `ec2.${REGION}.amazonaws.com`, id: REGION, description: "Europe (Frankfurt)" };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
    case "aws:route53/getZone:getZone":
      return { zoneId: "Z0HOSTEDZONE42", name: args.name, id: "Z0HOSTEDZONE42", nameServers: [] };
    default:
      throw new Error(`unexpected invoke ${token}`);
  }
}

/** What `pulumi` derives from Pulumi.yaml before starting the language host. */
export interface ProjectLaunch {
  project: string;
  programDirectory: string;
  entryPoint: string;
  env: Record<string, string>;
}

interface ConfigSpec {
  type?: string;
  default?: unknown;
}

interface ProjectFile {
  name: string;
  main?: string;
  runtime: string | { name: string; options?: Record<string, unknown> };
  config?: Record<string, ConfigSpec | string | number | boolean>;
}

/** Program directory, entry point and runtime environment, as pkg/engine/project.go and the nodejs host derive them. */
export function projectLaunch(root: string, projectYaml: string): ProjectLaunch {
  const project = parseYaml(projectYaml) as ProjectFile;
  let programDirectory = root;
  let entryPoint = ".";
  if (project.main) {
    const main = isAbsolute(project.main) ? project.main : resolve(root, project.main);
    if (statSync(main).isDirectory()) programDirectory = main;
    else {
      programDirectory = dirname(main);
      entryPoint = basename(main);
    }
  }
  const options = typeof project.runtime === "string" ? {} : (project.runtime.options ?? {});
  const env: Record<string, string> = {};
  if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (typeof options.tsconfig === "string" && options.tsconfig !== "") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  return { project: project.name, programDirectory, entryPoint, env };
}

/** The config the CLI hands the program: stack values over Pulumi.yaml defaults; a missing required value stops the run. */
export function effectiveConfig(projectYaml: string, stack: string, stackConfig: Record<string, unknown>): Record<string, string> {
  const project = parseYaml(projectYaml) as ProjectFile;
  const values: Record<string, unknown> = { ...stackConfig };
  const missing: string[] = [];
  for (const [key, spec] of Object.entries(project.config ?? {})) {
    const full = key.includes(":") ? key : `${project.name}:${key}`;
    if (full in values) continue;
    if (typeof spec === "object" && spec !== null && "default" in spec) values[full] = spec.default;
    else if (typeof spec !== "object") values[full] = spec;
    else missing.push(key);
  }
  if (missing.length > 0) {
    const names = missing.map((m) => `'${m}'`);
    throw new Error(`Stack '${stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ${names.join(", ")}`);
  }
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

/**
 * A folder archive (pulumi.asset.FileArchive of a directory) as the engine reads it when the resource
 * registers: its path, and its files by name (the engine's directory reader walks it the same way).
 */
export interface FolderArchive {
  folderArchive: true;
  path: string;
  files: Record<string, string>;
}

function readFolderArchive(path: string): FolderArchive {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(path.length + 1)] = readFileSync(join(entry.parentPath, entry.name), "utf8");
  }
  return { folderArchive: true, path, files };
}

function plain(value: any): any {
  if (value === UNKNOWN) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== "object") return value;
  if (value[SIG_KEY] === ARCHIVE_SIG && typeof value.path === "string" && statSync(value.path).isDirectory()) return readFolderArchive(value.path);
  switch (value[SIG_KEY]) {
    case SECRET_SIG:
      return plain(value.value);
    case RESOURCE_SIG:
      return value.urn;
    case OUTPUT_SIG:
      return "value" in value ? plain(value.value) : UNKNOWN_VALUE;
    default:
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
}

function struct(value: Record<string, unknown>) {
  return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

const SEVERITIES = ["debug", "info", "warning", "error"] as const;

/** Starts an engine + monitor on loopback, runs the program as the CLI would, and returns what it did. */
export async function runLikePulumiCli(options: CliRunOptions): Promise<CliRunResult> {
  const root = options.root ?? REPO_ROOT;
  const projectYaml = options.projectYaml ?? readFileSync(join(root, "Pulumi.yaml"), "utf8");
  const launch = projectLaunch(root, projectYaml);
  const config = effectiveConfig(projectYaml, options.stack, options.stackConfig);
  const dryRun = options.dryRun ?? false;
  const invoke = options.invoke ?? defaultInvoke;

  const registrations: Registration[] = [];
  const invokes: CliRunResult["invokes"] = [];
  const logs: EngineLog[] = [];
  let outputs: Record<string, any> = {};
  let rootUrn = "";
  const typeChain = new Map<string, string>();

  // The Pulumi engine's resource monitor accepts messages of up to 400 MiB (rpcutil.MaxRPCMessageSize; the SDK
  // sends with the same limit, @pulumi/pulumi/runtime/settings.js): a Lambda function's inlined code is megabytes.
  const MAX_RPC_MESSAGE = 400 * 1024 * 1024;
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_RPC_MESSAGE, "grpc.max_send_message_length": MAX_RPC_MESSAGE });
  const unary = (fn: (request: any) => any) => (call: any, callback: GrpcJs.sendUnaryData<any>) => {
    try {
      callback(null, fn(call.request));
    } catch (error) {
      callback({ code: grpc.status.UNKNOWN, details: (error as Error).message } as GrpcJs.ServiceError, null);
    }
  };
  server.addService(engineGrpc.EngineService, {
    log: unary((req) => {
      logs.push({ severity: SEVERITIES[req.getSeverity()] ?? "error", message: req.getMessage(), urn: req.getUrn() });
      return new emptyPb.Empty();
    }),
    getRootResource: unary(() => new enginePb.GetRootResourceResponse().setUrn(rootUrn)),
    setRootResource: unary((req) => {
      rootUrn = req.getUrn();
      return new enginePb.SetRootResourceResponse();
    }),
  });
  server.addService(resourceGrpc.ResourceMonitorService, {
    supportsFeature: unary((req) =>
      new resourcePb.SupportsFeatureResponse().setHassupport(
        ["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"].includes(req.getId()),
      ),
    ),
    invoke: unary((req) => {
      const args = plain(req.getArgs()?.toJavaScript() ?? {});
      invokes.push({ token: req.getTok(), args });
      return new providerPb.InvokeResponse().setReturn(struct(invoke(req.getTok(), args)));
    }),
    registerResource: unary((req) => {
      const type: string = req.getType();
      const name: string = req.getName();
      const parentUrn: string = req.getParent();
      const qualified = parentUrn && typeChain.has(parentUrn) && typeChain.get(parentUrn) !== "pulumi:pulumi:Stack"
        ? `${typeChain.get(parentUrn)}$${type}`
        : type;
      const urn = `urn:pulumi:${options.stack}::${launch.project}::${qualified}::${name}`;
      typeChain.set(urn, qualified);
      const inputs = plain(req.getObject()?.toJavaScript() ?? {});
      const custom: boolean = req.getCustom();
      registrations.push({
        type,
        name,
        urn,
        parentUrn,
        custom,
        inputs,
        dependencies: req.getDependenciesList(),
        protect: req.getProtect(),
        retainOnDelete: req.getRetainondelete(),
        ignoreChanges: req.getIgnorechangesList(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
      });
      const response = new resourcePb.RegisterResourceResponse().setUrn(urn);
      if (custom) {
        // Preview: ids and computed values are unknown (absent); up: the provider's state.
        const known = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== UNKNOWN_VALUE && !containsUnknown(v)));
        const state = dryRun ? known : { ...known, ...(options.computed?.(type, name, inputs) ?? {}) };
        response.setId(dryRun ? "" : `${name}-id`).setObject(struct(state));
      } else {
        response.setObject(struct({}));
      }
      return response;
    }),
    registerResourceOutputs: unary((req) => {
      if (req.getUrn() === rootUrn || req.getUrn().includes("::pulumi:pulumi:Stack::")) {
        outputs = plain(req.getOutputs()?.toJavaScript() ?? {});
      }
      return new emptyPb.Empty();
    }),
    signalAndWaitForShutdown: unary(() => new emptyPb.Empty()),
  });
  const port = await new Promise<number>((done, fail) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? fail(error) : done(bound))),
  );
  const address = `127.0.0.1:${port}`;

  // The language host resolves the runner from the program directory (locateModule).
  const runPath = createRequire(join(launch.programDirectory, "noop.js")).resolve("@pulumi/pulumi/cmd/run");
  const args = [
    runPath,
    "--monitor", address,
    "--engine", address,
    "--organization", "organization",
    "--project", launch.project,
    "--root-directory", root,
    "--stack", options.stack,
    "--pwd", launch.programDirectory,
    ...(dryRun ? ["--dry-run"] : []),
    "--parallel", "16",
    launch.entryPoint,
  ];
  // Not passed: --sync (pipes for synchronous invokes, which this program never makes) and --tracing.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("PULUMI_") && !key.startsWith("TS_NODE_")) env[key] = value;
  }
  Object.assign(env, launch.env, {
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: "[]",
    TS_NODE_CACHE_DIRECTORY: options.tsNodeCacheDir,
  });
  if (options.transpileOnly) env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
  if (options.blockedModules?.length) {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${join(REPO_ROOT, "test", "support", "block-modules.cjs")}`.trim();
    env.SIGNED_SHARE_BLOCKED_MODULES = options.blockedModules.join(",");
  }

  try {
    const child = spawn(process.execPath, args, { cwd: launch.programDirectory, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 240_000);
    const exitCode = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    clearTimeout(timer);
    const ofType = (type: string) => registrations.filter((r) => r.type === type);
    const errors = logs.filter((l) => l.severity === "error").map((l) => l.message);
    return {
      exitCode,
      stdout,
      stderr,
      logs,
      registrations,
      invokes,
      outputs,
      error: exitCode === 0 ? undefined : (errors.join("\n") || stderr || `exit ${exitCode}`),
      ofType,
      one(type) {
        const found = ofType(type);
        if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
        return found[0]!;
      },
      problems: () => logs.filter((l) => l.severity === "warning" || l.severity === "error"),
    };
  } finally {
    server.forceShutdown();
  }
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** A private ts-node cache directory for one test file; remove it with the returned function. */
export function tsNodeCache(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "ts-node-cache-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
