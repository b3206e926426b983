/** Types and helpers shared by the REST route modules (routes.ts, responses.ts) and the server (rest.ts). */
import type { FakeState } from "./state.ts";
import type { RecordedFile, ViolationRule } from "./types.ts";
import { describeIssues, EMPTY_MESSAGE, type Issue, isRecord, toErrorTree } from "./validate.ts";

/** What a route handler answers. */
export interface Reply {
  /** HTTP status. */
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** Everything a route handler gets about the request. */
export interface RouteContext {
  /** Shared fake state. */
  state: FakeState;
  /** Upper-case method. */
  method: string;
  /** Path after `/api/v10`. */
  path: string;
  /** `GET /channels/1/messages` for violation messages. */
  request: string;
  /** Route parameters by name. */
  params: Record<string, string>;
  /** Query parameters. */
  query: Record<string, string>;
  /** Parsed JSON body or multipart `payload_json`; `null` when none. */
  body: unknown;
  /** Uploaded files of multipart requests. */
  files: RecordedFile[];
}

/** A REST route: method, template with `:params`, whether it needs the bot token, and its handler. */
export interface Route {
  method: string;
  pattern: string;
  auth: boolean;
  handle: (ctx: RouteContext) => Reply;
}

/** 200/201 with a JSON body. */
export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

/** 204 No Content. */
export function noContent(): Reply {
  return { status: 204 };
}

/** A Discord JSON error (`{ message, code }`), e.g. 404 `{ message: "Unknown Message", code: 10008 }`. */
export function apiError(status: number, code: number, message: string): Reply {
  return { status, body: { message, code } };
}

/** Records a violation and returns the matching Discord error. */
export function refuse(
  ctx: RouteContext,
  rule: ViolationRule,
  explanation: string,
  error: Reply,
  interactionId?: string,
): Reply {
  ctx.state.violate(rule, `${ctx.request}: ${explanation}`, {
    request: ctx.request,
    ...(interactionId === undefined ? {} : { interactionId }),
  });
  return error;
}

/**
 * Answers a body that broke Discord's limits: 400 with 50035 Invalid Form Body and the nested `errors`
 * (or 50006 for an empty message, which Discord reports separately), and records why.
 */
export function invalidBody(ctx: RouteContext, what: string, issues: Issue[], interactionId?: string): Reply {
  const empty = issues.find((i) => i.code === EMPTY_MESSAGE);
  if (empty) {
    return refuse(
      ctx,
      "message.empty",
      `${what} was refused: Cannot send an empty message (${empty.detail ?? "nothing to show"}).`,
      apiError(400, 50006, "Cannot send an empty message"),
      interactionId,
    );
  }
  const rule: ViolationRule = ctx.path.includes("/commands") ? "command.invalid" : "message.invalid";
  return refuse(
    ctx,
    rule,
    `${what} was refused with 50035 Invalid Form Body: ${describeIssues(issues)}.`,
    { status: 400, body: { message: "Invalid Form Body", code: 50035, errors: toErrorTree(issues) } },
    interactionId,
  );
}

/**
 * The opt-in mention policy: content sent without `allowed_mentions`, or with `parse` allowing
 * everyone/roles, could mass-ping if it ever contains user-provided text.
 */
export function checkMentions(ctx: RouteContext, what: string, body: unknown, interactionId?: string): void {
  if (!ctx.state.strictMentions || !isRecord(body)) return;
  if (typeof body.content !== "string" || body.content === "") return;
  const allowed = body.allowed_mentions;
  let problem: string | undefined;
  if (!isRecord(allowed)) {
    problem =
      "it has no allowed_mentions, so Discord would parse @everyone, @here and role mentions in the content";
  } else if (
    Array.isArray(allowed.parse) &&
    (allowed.parse.includes("everyone") || allowed.parse.includes("roles"))
  ) {
    problem = `its allowed_mentions.parse is ${JSON.stringify(allowed.parse)}, which lets the content ping everyone or whole roles`;
  }
  if (problem) {
    ctx.state.violate("mentions.unsafe", `${ctx.request}: ${what} sent content but ${problem}.`, {
      request: ctx.request,
      ...(interactionId === undefined ? {} : { interactionId }),
    });
  }
}
