/**
 * A server's own source documents (a class's reading), as the application and the store both see
 * them: the extracted text a quote is checked against, its SHA-256, what the quiz master typed
 * about it, and the line ranges they marked as page chrome. The store validates reads with these.
 */
import { z } from "zod";

/** How many sources a server may keep, and how large each may be (stated in `/source add`'s help and replies). */
export const SOURCE_LIMITS = {
  perServer: 10,
  /** The attached file as downloaded (a PDF carries much more than its text). */
  fileBytes: 4 * 1024 * 1024,
  /** The text kept and checked against, after extraction. */
  textChars: 200_000,
  /** How long an update or removal waits for its confirming click. */
  confirmMs: 10 * 60 * 1000,
} as const;

export const SOURCE_KINDS = ["text", "markdown", "pdf"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const ChromeRangeSchema = z.object({
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  why: z.string(),
});

/** What a quiz master typed about a source (checked in src/app/sources/metadata.ts). */
export const ServerSourceMetaSchema = z.object({
  title: z.string(),
  author: z.string(),
  date: z.string(),
  url: z.string().optional(),
  chrome: z.array(ChromeRangeSchema),
});
export type ServerSourceMeta = z.infer<typeof ServerSourceMetaSchema>;

/** A server's source document: `srcdoc:{guildId}:{id}`. */
export const ServerSourceSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  guildId: z.string(),
  meta: ServerSourceMetaSchema,
  kind: z.enum(SOURCE_KINDS),
  fileName: z.string(),
  /** SHA-256 of the attached file's bytes, lowercase hex. */
  sha256: z.string(),
  text: z.string(),
  /** Bumped on every `/source update`. */
  version: z.number().int().min(1),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ServerSource = z.infer<typeof ServerSourceSchema>;

/** An update or removal waiting for its confirming click: `srcdoc-pending:{guildId}:{token}` (TTL). */
export const PendingSourceChangeSchema = z.object({
  v: z.literal(1),
  token: z.string(),
  guildId: z.string(),
  sourceId: z.string(),
  userId: z.string(),
  /** The replacement (an update), or none (a removal). */
  replacement: ServerSourceSchema.optional(),
  /** The source's version when the change was asked for: a change made since refuses the click. */
  baseVersion: z.number().int(),
});
export type PendingSourceChange = z.infer<typeof PendingSourceChangeSchema>;
