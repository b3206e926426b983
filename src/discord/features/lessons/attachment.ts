/**
 * Reads a file a member attached to a command. Discord sends the attachment's URL, not its bytes:
 * the bot fetches it, only from the origins configured (Discord's CDN over https in production),
 * with a timeout and a size cap, so a command cannot make the bot fetch an arbitrary address or
 * read without bound.
 */
import { z } from "zod";
import { UserError } from "../../../app/errors.ts";

/** Where Discord serves attachments. */
export const DISCORD_ATTACHMENT_ORIGINS = ["https://cdn.discordapp.com", "https://media.discordapp.net"];

/** The fields of an interaction's resolved attachment that a read depends on. */
export const AttachmentSchema = z.object({
  name: z.string().min(1).max(1024),
  url: z.url(),
  size: z.number().int().min(0),
  contentType: z.string().max(200).nullish(),
});
export type AttachmentInfo = z.infer<typeof AttachmentSchema>;

export interface AttachmentRead {
  readonly origins: readonly string[];
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** The attachment's text (UTF-8), or a UserError naming what was refused. */
export async function readAttachmentText(attachment: AttachmentInfo, read: AttachmentRead): Promise<string> {
  const bytes = await readAttachmentBytes(attachment, read);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError("lessons.import.notText");
  }
}

/**
 * The attachment's bytes, or a UserError naming what was refused; `tooLarge` words the refusal of
 * a file over the cap (a set file and a source document are refused for different reasons).
 */
export async function readAttachmentBytes(
  attachment: AttachmentInfo,
  read: AttachmentRead & { tooLarge?: () => UserError },
): Promise<Uint8Array> {
  const tooLarge =
    read.tooLarge ??
    (() => new UserError("lessons.import.tooLarge", { kib: Math.ceil(read.maxBytes / 1024) }));
  if (attachment.size > read.maxBytes) throw tooLarge();
  const url = new URL(attachment.url);
  if (!read.origins.includes(url.origin)) throw new UserError("lessons.import.notDiscord");
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(read.timeoutMs), redirect: "error" });
  } catch {
    throw new UserError("lessons.import.unreadable");
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new UserError("lessons.import.unreadable");
  }
  return readCapped(response.body, read.maxBytes, tooLarge);
}

/** The body's bytes, stopping (and refusing) as soon as they pass the cap, whatever the size said. */
async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  tooLarge: () => UserError,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError("lessons.import.unreadable");
  }
  return Buffer.concat(chunks);
}
