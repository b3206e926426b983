/**
 * Discord's documented payload limits, checked the way the API checks them. Each check returns `Issue`s
 * carrying Discord's error code text, so the REST layer can answer exactly like Discord
 * (400 `{ code: 50035, errors: { embeds: { 0: { ... _errors: [...] } } } }`) and the test can read a
 * sentence explaining what the bot did wrong.
 */

/** A location inside a request body, e.g. `["embeds", 0, "fields", 2, "value"]`. */
export type Path = readonly (string | number)[];

/** One broken rule inside a request body. */
export interface Issue {
  /** Where in the body. */
  path: Path;
  /** Discord's error code string (e.g. `BASE_TYPE_MAX_LENGTH`). */
  code: string;
  /** Discord's error message (e.g. `Must be 1024 or fewer in length.`). */
  message: string;
  /** Extra detail for humans (e.g. `it has 1500 characters`); not sent to the bot. */
  detail?: string;
}

/** One entry of Discord's `_errors` arrays. */
export interface ErrorDetail {
  /** Discord's error code string. */
  code: string;
  /** Discord's error message. */
  message: string;
}

/** Discord's nested `errors` object of a 50035 response. */
export interface ErrorTree {
  /** Errors at this node. */
  _errors?: ErrorDetail[];
  /** Child nodes by key (array indexes become string keys, as Discord sends them). */
  [key: string]: ErrorTree | ErrorDetail[] | undefined;
}

/** Marker code for "Cannot send an empty message", which Discord reports as error 50006, not 50035. */
export const EMPTY_MESSAGE = "EMPTY_MESSAGE";

/** Message flag: only the invoking user sees the message (interaction responses only). */
export const FLAG_EPHEMERAL = 1 << 6;
/** Message flag: the deferred "Bot is thinking..." state. */
export const FLAG_LOADING = 1 << 7;
/** Message flag: the message uses Components V2 layout (no content/embeds allowed). */
export const FLAG_COMPONENTS_V2 = 1 << 15;

/** Discord counts characters as Unicode code points (its backend is Python), not UTF-16 units. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Narrow `unknown` JSON to a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `a.b[0].c` for violation messages. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out === "" ? "(body)" : out;
}

/** Builds Discord's nested `errors` object from flat issues. */
export function toErrorTree(issues: readonly Issue[]): ErrorTree {
  const root: ErrorTree = {};
  for (const issue of issues) {
    let node = root;
    for (const part of issue.path) {
      const key = String(part);
      const child = node[key];
      if (child !== undefined && !Array.isArray(child)) {
        node = child;
      } else {
        const created: ErrorTree = {};
        node[key] = created;
        node = created;
      }
    }
    node._errors ??= [];
    node._errors.push({ code: issue.code, message: issue.message });
  }
  return root;
}

/** One line per issue, readable in a failing test. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues
    .map((i) => `${formatPath(i.path)}: ${i.message}${i.detail ? ` (${i.detail})` : ""}`)
    .join("; ");
}

/** Prefix every issue's path, e.g. with `["data"]` for interaction callback bodies. */
export function prefixIssues(prefix: Path, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));
}

/** Collects issues with Discord's standard wording. */
class Checker {
  readonly issues: Issue[] = [];

  add(path: Path, code: string, message: string, detail?: string): void {
    this.issues.push(detail === undefined ? { path, code, message } : { path, code, message, detail });
  }

  /** Checks an optional (or required) string's type and length; returns the string if it is one. */
  str(
    obj: Record<string, unknown>,
    key: string,
    path: Path,
    opts: { min?: number; max: number; required?: boolean; nullable?: boolean },
  ): string | undefined {
    const value = obj[key];
    const at = [...path, key];
    if (value === undefined || (value === null && opts.nullable !== false)) {
      if (opts.required) this.add(at, "BASE_TYPE_REQUIRED", "This field is required");
      return undefined;
    }
    if (typeof value !== "string") {
      this.add(at, "BASE_TYPE_STRING", "Must be a string.", `got ${typeof value}`);
      return undefined;
    }
    this.length(at, charLength(value), opts.min ?? 0, opts.max, "characters");
    return value;
  }

  /** Length/count bounds with Discord's messages. */
  length(at: Path, n: number, min: number, max: number, unit: string): void {
    if (n > max) {
      this.add(at, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`, `it has ${n} ${unit}`);
    } else if (n === 0 && min > 0) {
      this.add(at, "BASE_TYPE_REQUIRED", "This field is required", "it is empty");
    } else if (n < min) {
      this.add(at, "BASE_TYPE_MIN_LENGTH", `Must be ${min} or more in length.`, `it has ${n} ${unit}`);
    }
  }

  /** Checks an optional array and its count; returns it if it is one. */
  arr(obj: Record<string, unknown>, key: string, path: Path, max: number, min = 0): unknown[] | undefined {
    const value = obj[key];
    const at = [...path, key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.add(at, "BASE_TYPE_ARRAY", "Must be an array.", `got ${typeof value}`);
      return undefined;
    }
    if (value.length > max || value.length < min) this.length(at, value.length, min, max, "items");
    return value;
  }

  int(obj: Record<string, unknown>, key: string, path: Path, min: number, max: number): number | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    const at = [...path, key];
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.add(at, "NUMBER_TYPE_COERCE", `Value "${String(value)}" is not int.`);
      return undefined;
    }
    if (value < min) this.add(at, "NUMBER_TYPE_MIN", `Int value should be greater than or equal to ${min}.`);
    if (value > max) this.add(at, "NUMBER_TYPE_MAX", `Int value should be less than or equal to ${max}.`);
    return value;
  }

  url(obj: Record<string, unknown>, key: string, path: Path, schemes: readonly string[]): void {
    const value = this.str(obj, key, path, { max: 2048 });
    if (value === undefined) return;
    if (!schemes.some((s) => value.startsWith(`${s}://`))) {
      this.add([...path, key], "URL_TYPE_INVALID_URL", "Not a well formed URL.", `"${value}"`);
    }
  }
}

/** What kind of write a message body is for (edits may omit everything; creates may not be empty). */
export interface MessageCheckOptions {
  /** `create` for new messages (replies, follow-ups, channel sends), `edit` for PATCHes. */
  mode: "create" | "edit";
  /** Number of uploaded files in a multipart request. */
  fileCount: number;
  /** For edits: the message's current flags (a Components V2 message stays V2 without resending the flag). */
  currentFlags?: number;
}

const EMBED_TOTAL_MAX = 6000;

/** Validates a message create/edit body against Discord's documented limits. */
export function validateMessage(body: unknown, opts: MessageCheckOptions): Issue[] {
  const c = new Checker();
  if (!isRecord(body)) {
    c.add([], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return c.issues;
  }
  const flags = typeof body.flags === "number" ? body.flags : 0;
  if (body.flags !== undefined && body.flags !== null) c.int(body, "flags", [], 0, 2 ** 31 - 1);
  const isV2 = ((flags | (opts.currentFlags ?? 0)) & FLAG_COMPONENTS_V2) !== 0;

  const content = c.str(body, "content", [], { max: 2000 });
  const embeds = c.arr(body, "embeds", [], 10);
  if (embeds) validateEmbeds(c, embeds);

  const components = c.arr(body, "components", [], isV2 ? 40 : 5);
  if (components) {
    if (isV2) validateComponentsV2(c, components);
    else validateActionRows(c, components);
  }

  if (isV2) {
    if (content !== undefined && content !== "") {
      c.add(
        ["content"],
        "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
        "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
    if (embeds && embeds.length > 0) {
      c.add(
        ["embeds"],
        "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
        "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
  }

  const allowed = body.allowed_mentions;
  if (allowed !== undefined && allowed !== null) validateAllowedMentions(c, allowed);

  c.arr(body, "sticker_ids", [], 3);
  const attachments = c.arr(body, "attachments", [], 10);
  if (opts.fileCount > 10)
    c.add(["files"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.", `${opts.fileCount} files`);

  if (opts.mode === "create") {
    const hasContent = content !== undefined && content.trim() !== "";
    const hasEmbeds = (embeds?.length ?? 0) > 0;
    const hasComponents = (components?.length ?? 0) > 0;
    const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
    const hasFiles = opts.fileCount > 0 || (attachments?.length ?? 0) > 0;
    const hasPoll = isRecord(body.poll);
    if (!hasContent && !hasEmbeds && !hasComponents && !hasStickers && !hasFiles && !hasPoll) {
      c.add(
        [],
        EMPTY_MESSAGE,
        "Cannot send an empty message",
        "no content, embeds, components, stickers, files or poll",
      );
    }
  }
  return c.issues;
}

function validateEmbeds(c: Checker, embeds: unknown[]): void {
  let total = 0;
  embeds.forEach((embed, i) => {
    const path: Path = ["embeds", i];
    if (!isRecord(embed)) {
      c.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return;
    }
    const count = (s: string | undefined) => {
      if (s !== undefined) total += charLength(s);
    };
    count(c.str(embed, "title", path, { max: 256 }));
    count(c.str(embed, "description", path, { max: 4096 }));
    c.url(embed, "url", path, ["http", "https"]);
    c.int(embed, "color", path, 0, 0xffffff);
    if (embed.timestamp !== undefined && embed.timestamp !== null) {
      if (typeof embed.timestamp !== "string" || Number.isNaN(Date.parse(embed.timestamp))) {
        c.add(
          [...path, "timestamp"],
          "DATE_TYPE_PARSE",
          `Could not parse ${String(embed.timestamp)}. Should be ISO8601.`,
        );
      }
    }
    const fields = c.arr(embed, "fields", path, 25);
    fields?.forEach((field, j) => {
      const fpath: Path = [...path, "fields", j];
      if (!isRecord(field)) {
        c.add(fpath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        return;
      }
      count(c.str(field, "name", fpath, { min: 1, max: 256, required: true }));
      count(c.str(field, "value", fpath, { min: 1, max: 1024, required: true }));
    });
    if (isRecord(embed.footer)) {
      count(c.str(embed.footer, "text", [...path, "footer"], { min: 1, max: 2048, required: true }));
      c.url(embed.footer, "icon_url", [...path, "footer"], ["http", "https", "attachment"]);
    }
    if (isRecord(embed.author)) {
      count(c.str(embed.author, "name", [...path, "author"], { min: 1, max: 256, required: true }));
      c.url(embed.author, "url", [...path, "author"], ["http", "https"]);
      c.url(embed.author, "icon_url", [...path, "author"], ["http", "https", "attachment"]);
    }
    for (const media of ["image", "thumbnail"] as const) {
      const m = embed[media];
      if (isRecord(m)) c.url(m, "url", [...path, media], ["http", "https", "attachment"]);
    }
  });
  if (total > EMBED_TOTAL_MAX) {
    c.add(
      ["embeds"],
      "MAX_EMBED_SIZE_EXCEEDED",
      `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}`,
      `the embeds total ${total} characters`,
    );
  }
}

function validateAllowedMentions(c: Checker, allowed: unknown): void {
  if (!isRecord(allowed)) {
    c.add(["allowed_mentions"], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return;
  }
  const parse = c.arr(allowed, "parse", ["allowed_mentions"], 3);
  parse?.forEach((p, i) => {
    if (p !== "users" && p !== "roles" && p !== "everyone") {
      c.add(
        ["allowed_mentions", "parse", i],
        "BASE_TYPE_CHOICES",
        "Value must be one of ('roles', 'users', 'everyone').",
      );
    }
  });
  const users = c.arr(allowed, "users", ["allowed_mentions"], 100);
  const roles = c.arr(allowed, "roles", ["allowed_mentions"], 100);
  // Discord rejects `parse: ["users"]` together with an explicit users list (and likewise for roles).
  if (parse?.includes("users") && users && users.length > 0) {
    c.add(
      ["allowed_mentions"],
      "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
      'parse:["users"] and users: [ids...] are mutually exclusive.',
    );
  }
  if (parse?.includes("roles") && roles && roles.length > 0) {
    c.add(
      ["allowed_mentions"],
      "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
      'parse:["roles"] and roles: [ids...] are mutually exclusive.',
    );
  }
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

/** Legacy (non-V2) message components: up to 5 action rows of up to 5 buttons or 1 select. */
function validateActionRows(c: Checker, rows: unknown[]): void {
  const ids = new Map<string, Path>();
  rows.forEach((row, i) => {
    const path: Path = ["components", i];
    if (!isRecord(row) || row.type !== 1) {
      c.add(
        [...path, "type"],
        "COMPONENT_LAYOUT_INVALID",
        "Top-level message components must be action rows (type 1) unless the IS_COMPONENTS_V2 flag is set.",
      );
      return;
    }
    validateActionRow(c, row, path, ids);
  });
}

function validateActionRow(
  c: Checker,
  row: Record<string, unknown>,
  path: Path,
  ids: Map<string, Path>,
): void {
  const children = c.arr(row, "components", path, 5, 1);
  if (!children) {
    c.add([...path, "components"], "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  const selects = children.filter(
    (ch) => isRecord(ch) && typeof ch.type === "number" && SELECT_TYPES.has(ch.type),
  );
  if (selects.length > 0 && children.length > 1) {
    c.add(
      [...path, "components"],
      "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
      "The specified component exceeds the maximum width",
      "a select menu must be alone in its action row",
    );
  }
  children.forEach((child, j) => {
    validateInteractive(c, child, [...path, "components", j], ids);
  });
}

/** Buttons and select menus, wherever they appear. */
function validateInteractive(c: Checker, child: unknown, path: Path, ids: Map<string, Path>): void {
  if (!isRecord(child)) {
    c.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return;
  }
  if (child.type === 2) {
    validateButton(c, child, path, ids);
  } else if (typeof child.type === "number" && SELECT_TYPES.has(child.type)) {
    validateSelect(c, child, path, ids);
  } else {
    c.add(
      [...path, "type"],
      "COMPONENT_TYPE_INVALID",
      `Component type ${String(child.type)} is not allowed here.`,
    );
  }
}

function registerCustomId(
  c: Checker,
  obj: Record<string, unknown>,
  path: Path,
  ids: Map<string, Path>,
): void {
  const id = c.str(obj, "custom_id", path, { min: 1, max: 100, required: true });
  if (id === undefined) return;
  const previous = ids.get(id);
  if (previous) {
    c.add(
      [...path, "custom_id"],
      "COMPONENT_CUSTOM_ID_DUPLICATED",
      "Component custom id cannot be duplicated",
      `"${id}" is also used at ${formatPath(previous)}`,
    );
  } else {
    ids.set(id, path);
  }
}

function validateButton(
  c: Checker,
  button: Record<string, unknown>,
  path: Path,
  ids: Map<string, Path>,
): void {
  const style = c.int(button, "style", path, 1, 6);
  if (style === undefined) {
    if (button.style === undefined) c.add([...path, "style"], "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  const label = c.str(button, "label", path, { max: 80 });
  if (style === 5) {
    c.url(button, "url", path, ["http", "https", "discord"]);
    if (button.url === undefined)
      c.add([...path, "url"], "BUTTON_COMPONENT_URL_REQUIRED", "A url is required");
    if (button.custom_id !== undefined)
      c.add(
        [...path, "custom_id"],
        "BUTTON_COMPONENT_INVALID_FIELD",
        "A link button cannot have a custom_id",
      );
  } else if (style === 6) {
    if (button.sku_id === undefined)
      c.add([...path, "sku_id"], "BASE_TYPE_REQUIRED", "This field is required");
  } else {
    if (button.url !== undefined)
      c.add([...path, "url"], "BUTTON_COMPONENT_INVALID_FIELD", "Only link buttons can have a url");
    registerCustomId(c, button, path, ids);
  }
  if (style !== 6 && (label === undefined || label === "") && button.emoji === undefined) {
    c.add(
      [...path, "label"],
      "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED",
      "A button needs a label or an emoji",
    );
  }
}

function validateSelect(
  c: Checker,
  select: Record<string, unknown>,
  path: Path,
  ids: Map<string, Path>,
): void {
  registerCustomId(c, select, path, ids);
  c.str(select, "placeholder", path, { max: 150 });
  const min = c.int(select, "min_values", path, 0, 25);
  const max = c.int(select, "max_values", path, 1, 25);
  if (select.type === 3) {
    const options = c.arr(select, "options", path, 25, 1);
    if (!options) c.add([...path, "options"], "BASE_TYPE_REQUIRED", "This field is required");
    const values = new Set<string>();
    options?.forEach((option, k) => {
      const opath: Path = [...path, "options", k];
      if (!isRecord(option)) {
        c.add(opath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        return;
      }
      c.str(option, "label", opath, { min: 1, max: 100, required: true });
      const value = c.str(option, "value", opath, { min: 1, max: 100, required: true });
      c.str(option, "description", opath, { max: 100 });
      if (value !== undefined) {
        if (values.has(value))
          c.add(
            [...opath, "value"],
            "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
            "Select option values must be unique",
            `"${value}"`,
          );
        values.add(value);
      }
    });
    if (options && max !== undefined && max > options.length) {
      c.add(
        [...path, "max_values"],
        "BASE_TYPE_MAX",
        `max_values must be at most the number of options (${options.length}).`,
      );
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    c.add(
      [...path, "min_values"],
      "BASE_TYPE_BAD_RANGE",
      "min_values must be less than or equal to max_values.",
    );
  }
}

const V2_TOP_LEVEL = new Set([1, 9, 10, 12, 13, 14, 17]);

/** Components V2: nested layout components, 40 components in total, text displays up to 4000 characters. */
function validateComponentsV2(c: Checker, components: unknown[]): void {
  const ids = new Map<string, Path>();
  let count = 0;
  let text = 0;
  const walk = (node: unknown, path: Path, topLevel: boolean): void => {
    if (!isRecord(node)) {
      c.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return;
    }
    count++;
    const type = node.type;
    if (topLevel && (typeof type !== "number" || !V2_TOP_LEVEL.has(type))) {
      c.add(
        [...path, "type"],
        "COMPONENT_TYPE_INVALID",
        `Component type ${String(type)} cannot be used at the top level.`,
      );
    }
    switch (type) {
      case 1: {
        count += Array.isArray(node.components) ? node.components.length : 0;
        validateActionRow(c, node, path, ids);
        return;
      }
      case 10: {
        const content = c.str(node, "content", path, { min: 1, max: 4000, required: true });
        text += content === undefined ? 0 : charLength(content);
        return;
      }
      case 9: {
        const parts = c.arr(node, "components", path, 3, 1);
        parts?.forEach((p, i) => {
          walk(p, [...path, "components", i], false);
        });
        if (isRecord(node.accessory)) {
          if (node.accessory.type === 2) {
            count++;
            validateButton(c, node.accessory, [...path, "accessory"], ids);
          } else {
            walk(node.accessory, [...path, "accessory"], false);
          }
        } else {
          c.add([...path, "accessory"], "BASE_TYPE_REQUIRED", "This field is required");
        }
        return;
      }
      case 17: {
        const parts = c.arr(node, "components", path, 40, 1);
        parts?.forEach((p, i) => {
          walk(p, [...path, "components", i], false);
        });
        return;
      }
      case 2:
      case 3:
      case 5:
      case 6:
      case 7:
      case 8:
        if (!topLevel) {
          c.add(
            [...path, "type"],
            "COMPONENT_TYPE_INVALID",
            "Interactive components must be inside an action row or a section accessory.",
          );
        }
        return;
      default:
        // 11 thumbnail, 12 media gallery, 13 file, 14 separator: layout only, nothing interactive to check.
        return;
    }
  };
  components.forEach((comp, i) => {
    walk(comp, ["components", i], true);
  });
  if (count > 40)
    c.add(
      ["components"],
      "COMPONENT_MAX_TOTAL_COMPONENTS_EXCEEDED",
      "Total number of components exceeds the maximum of 40",
      `it has ${count}`,
    );
  if (text > 4000)
    c.add(
      ["components"],
      "COMPONENT_MAX_TOTAL_TEXT_EXCEEDED",
      "Total text content of components exceeds 4000 characters",
      `it has ${text}`,
    );
}

/** Validates an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (type 8) callback's data. */
export function validateAutocomplete(data: unknown): Issue[] {
  const c = new Checker();
  if (!isRecord(data)) {
    c.add([], "BASE_TYPE_REQUIRED", "This field is required");
    return c.issues;
  }
  const choices = c.arr(data, "choices", [], 25);
  if (!choices) c.add(["choices"], "BASE_TYPE_REQUIRED", "This field is required");
  choices?.forEach((choice, i) => {
    const path: Path = ["choices", i];
    if (!isRecord(choice)) {
      c.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return;
    }
    c.str(choice, "name", path, { min: 1, max: 100, required: true });
    if (typeof choice.value === "string") c.str(choice, "value", path, { max: 100 });
    else if (typeof choice.value !== "number")
      c.add([...path, "value"], "BASE_TYPE_REQUIRED", "This field is required");
  });
  return c.issues;
}

const LABEL_CHILD_TYPES = new Set([3, 4, 5, 6, 7, 8, 19, 21, 22, 23]);

/** Validates a MODAL (type 9) callback's data: title, custom_id, 1-5 rows/labels, text input limits. */
export function validateModal(data: unknown): Issue[] {
  const c = new Checker();
  if (!isRecord(data)) {
    c.add([], "BASE_TYPE_REQUIRED", "This field is required");
    return c.issues;
  }
  c.str(data, "custom_id", [], { min: 1, max: 100, required: true });
  c.str(data, "title", [], { min: 1, max: 45, required: true });
  const components = c.arr(data, "components", [], 5, 1);
  if (!components) c.add(["components"], "BASE_TYPE_REQUIRED", "This field is required");
  const ids = new Map<string, Path>();
  components?.forEach((comp, i) => {
    const path: Path = ["components", i];
    if (!isRecord(comp)) {
      c.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return;
    }
    if (comp.type === 1) {
      const inner = c.arr(comp, "components", path, 1, 1);
      if (!inner) c.add([...path, "components"], "BASE_TYPE_REQUIRED", "This field is required");
      inner?.forEach((input, j) => {
        const ipath: Path = [...path, "components", j];
        if (!isRecord(input) || input.type !== 4) {
          c.add(
            [...ipath, "type"],
            "COMPONENT_TYPE_INVALID",
            "Action rows in a modal may only hold one text input (type 4).",
          );
          return;
        }
        validateTextInput(c, input, ipath, ids, true);
      });
    } else if (comp.type === 18) {
      c.str(comp, "label", path, { min: 1, max: 45, required: true });
      c.str(comp, "description", path, { max: 100 });
      const child = comp.component;
      if (!isRecord(child)) {
        c.add([...path, "component"], "BASE_TYPE_REQUIRED", "This field is required");
      } else if (child.type === 4) {
        validateTextInput(c, child, [...path, "component"], ids, false);
      } else if (typeof child.type === "number" && LABEL_CHILD_TYPES.has(child.type)) {
        if (SELECT_TYPES.has(child.type)) validateSelect(c, child, [...path, "component"], ids);
        else registerCustomId(c, child, [...path, "component"], ids);
      } else {
        c.add(
          [...path, "component", "type"],
          "COMPONENT_TYPE_INVALID",
          `Component type ${String(child.type)} cannot be used in a label.`,
        );
      }
    } else if (comp.type === 10) {
      c.str(comp, "content", path, { min: 1, max: 4000, required: true });
    } else {
      c.add(
        [...path, "type"],
        "COMPONENT_TYPE_INVALID",
        `Component type ${String(comp.type)} cannot be used in a modal.`,
      );
    }
  });
  return c.issues;
}

function validateTextInput(
  c: Checker,
  input: Record<string, unknown>,
  path: Path,
  ids: Map<string, Path>,
  inActionRow: boolean,
): void {
  registerCustomId(c, input, path, ids);
  c.int(input, "style", path, 1, 2);
  if (input.style === undefined) c.add([...path, "style"], "BASE_TYPE_REQUIRED", "This field is required");
  if (inActionRow) {
    c.str(input, "label", path, { min: 1, max: 45, required: true });
  } else if (input.label !== undefined) {
    c.add(
      [...path, "label"],
      "COMPONENT_INVALID_FIELD",
      "A text input inside a label component cannot have its own label.",
    );
  }
  const min = c.int(input, "min_length", path, 0, 4000);
  const max = c.int(input, "max_length", path, 1, 4000);
  if (min !== undefined && max !== undefined && min > max) {
    c.add(
      [...path, "min_length"],
      "BASE_TYPE_BAD_RANGE",
      "min_length must be less than or equal to max_length.",
    );
  }
  c.str(input, "placeholder", path, { max: 100 });
  c.str(input, "value", path, { max: max ?? 4000 });
}

/** The regex Discord documents for command and option names (`-_'`, letters, numbers, Devanagari, Thai). */
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validates a bulk-overwrite body (array of application commands). */
export function validateCommands(body: unknown): Issue[] {
  const c = new Checker();
  if (!Array.isArray(body)) {
    c.add([], "BASE_TYPE_ARRAY", "Must be an array.");
    return c.issues;
  }
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  body.forEach((cmd, i) => {
    checkCommand(c, cmd, [i]);
    if (isRecord(cmd) && typeof cmd.name === "string") {
      const type = typeof cmd.type === "number" ? cmd.type : 1;
      const key = `${type}:${cmd.name}`;
      const previous = seen.get(key);
      if (previous !== undefined) {
        c.add(
          [i, "name"],
          "APPLICATION_COMMANDS_DUPLICATE_NAME",
          `Application command names must be unique`,
          `"${cmd.name}" is also command ${previous}`,
        );
      }
      seen.set(key, i);
      perType.set(type, (perType.get(type) ?? 0) + 1);
    }
  });
  const limits: Record<number, number> = { 1: 100, 2: 15, 3: 15 };
  for (const [type, n] of perType) {
    const max = limits[type];
    if (max !== undefined && n > max)
      c.add(
        [],
        "APPLICATION_COMMANDS_TOO_MANY",
        `Maximum number of application commands of type ${type} reached (${max})`,
        `${n} given`,
      );
  }
  return c.issues;
}

/** Validates one application command (as in a POST command body). */
export function validateCommand(cmd: unknown): Issue[] {
  const c = new Checker();
  checkCommand(c, cmd, []);
  return c.issues;
}

function checkCommand(checker: Checker, cmd: unknown, path: Path): void {
  if (!isRecord(cmd)) {
    checker.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return;
  }
  const type = cmd.type === undefined ? 1 : cmd.type;
  if (type !== 1 && type !== 2 && type !== 3 && type !== 4) {
    checker.add([...path, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.");
    return;
  }
  const name = checker.str(cmd, "name", path, { min: 1, max: 32, required: true });
  if (type === 1) {
    if (name !== undefined && (!COMMAND_NAME.test(name) || name !== name.toLowerCase())) {
      checker.add(
        [...path, "name"],
        "APPLICATION_COMMAND_INVALID_NAME",
        "Command name is invalid",
        `"${name}" must be lowercase and match ^[-_'\\p{L}\\p{N}]{1,32}$`,
      );
    }
    checker.str(cmd, "description", path, { min: 1, max: 100, required: true });
    const options = checker.arr(cmd, "options", path, 25);
    if (options) validateOptions(checker, options, [...path, "options"], 0);
    // Discord caps the combined name/description/value text of one command at 4000 characters.
    const size = commandTextSize(cmd);
    if (size > 4000)
      checker.add(
        path,
        "APPLICATION_COMMAND_TOO_LARGE",
        "Command exceeds maximum size (4000)",
        `it has ${size} characters`,
      );
  } else if (cmd.description !== undefined && cmd.description !== "") {
    checker.add(
      [...path, "description"],
      "APPLICATION_COMMAND_INVALID_DESCRIPTION",
      "User and message commands cannot have a description",
    );
  }
}

function commandTextSize(node: Record<string, unknown>): number {
  let n = 0;
  if (typeof node.name === "string") n += charLength(node.name);
  if (typeof node.description === "string") n += charLength(node.description);
  if (typeof node.value === "string") n += charLength(node.value);
  for (const key of ["options", "choices"]) {
    const list = node[key];
    if (Array.isArray(list)) for (const child of list) if (isRecord(child)) n += commandTextSize(child);
  }
  return n;
}

function validateOptions(c: Checker, options: unknown[], path: Path, depth: number): void {
  const names = new Set<string>();
  let sawOptional = false;
  let sawSub = false;
  let sawValue = false;
  options.forEach((opt, i) => {
    const opath: Path = [...path, i];
    if (!isRecord(opt)) {
      c.add(opath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return;
    }
    const type = opt.type;
    if (typeof type !== "number" || !Number.isInteger(type) || type < 1 || type > 11) {
      c.add(
        [...opath, "type"],
        "BASE_TYPE_CHOICES",
        "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.",
      );
      return;
    }
    const name = c.str(opt, "name", opath, { min: 1, max: 32, required: true });
    if (name !== undefined) {
      if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
        c.add(
          [...opath, "name"],
          "APPLICATION_COMMAND_INVALID_NAME",
          "Option name is invalid",
          `"${name}" must be lowercase`,
        );
      }
      if (names.has(name))
        c.add(
          [...opath, "name"],
          "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
          "Option names must be unique",
          `"${name}"`,
        );
      names.add(name);
    }
    c.str(opt, "description", opath, { min: 1, max: 100, required: true });
    if (type === 1 || type === 2) {
      sawSub = true;
      if (type === 2 && depth > 0)
        c.add(
          [...opath, "type"],
          "APPLICATION_COMMAND_OPTION_INVALID_NESTING",
          "Subcommand groups can only be at the top level",
        );
      if (type === 1 && depth > 1)
        c.add(
          [...opath, "type"],
          "APPLICATION_COMMAND_OPTION_INVALID_NESTING",
          "Subcommands can only be nested one level deep",
        );
      const children = c.arr(opt, "options", opath, 25);
      if (children) {
        if (type === 2 && children.some((ch) => !isRecord(ch) || ch.type !== 1)) {
          c.add(
            [...opath, "options"],
            "APPLICATION_COMMAND_OPTION_INVALID_NESTING",
            "Subcommand groups may only contain subcommands",
          );
        }
        validateOptions(c, children, [...opath, "options"], depth + 1);
      }
      return;
    }
    sawValue = true;
    if (opt.required === true) {
      if (sawOptional)
        c.add(
          [...opath, "required"],
          "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
          "Required options must be placed before non-required options",
        );
    } else {
      sawOptional = true;
    }
    const choices = c.arr(opt, "choices", opath, 25);
    if (choices && opt.autocomplete === true && choices.length > 0) {
      c.add(
        [...opath, "autocomplete"],
        "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
        "Autocomplete cannot be enabled on an option with choices",
      );
    }
    choices?.forEach((choice, k) => {
      const cpath: Path = [...opath, "choices", k];
      if (!isRecord(choice)) {
        c.add(cpath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        return;
      }
      c.str(choice, "name", cpath, { min: 1, max: 100, required: true });
      if (typeof choice.value === "string") c.str(choice, "value", cpath, { max: 100 });
    });
    if (type === 3) {
      c.int(opt, "min_length", opath, 0, 6000);
      c.int(opt, "max_length", opath, 1, 6000);
    }
  });
  if (sawSub && sawValue) {
    c.add(
      path,
      "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
      "Subcommands and groups cannot be mixed with other option types at the same level",
    );
  }
}
