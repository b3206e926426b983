/**
 * The fake's stand-in for Discord's CDN: files attached to commands are served (GET only) at the
 * URL their `resolved.attachments` entry names, with the content type the member's client sent.
 * Anything else under the CDN's path is a 404, as an expired or unknown attachment is on Discord.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeState } from "./state.ts";

const CDN_PREFIX = "/ephemeral-attachments/";

/** Serves an attachment request and returns true, or returns false for the REST API to handle. */
export function serveAttachment(
  state: FakeState,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
  if (!path.startsWith(CDN_PREFIX)) return false;
  const file = request.method === "GET" ? state.attachmentFiles.get(path) : undefined;
  if (!file) {
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("404: Not Found");
    return true;
  }
  response.writeHead(200, {
    "content-type": file.contentType,
    "content-length": String(file.data.byteLength),
  });
  response.end(file.data);
  return true;
}
