/**
 * An attached document as text: plain text and Markdown as they are (strict UTF-8), a PDF through
 * unpdf (Mozilla's PDF.js, serverless build) page by page. A PDF with no selectable text (a scan)
 * is refused with a message that says so, rather than stored as an empty source. The text is then
 * held to the proposals' hostile-text rules: no bidirectional overrides, no control characters.
 */
import { extractText, getDocumentProxy } from "unpdf";
import { hostileCharacter } from "../../bank/text-safety.ts";
import { SOURCE_LIMITS, type SourceKind } from "../../records/sources.ts";
import { UserError } from "../errors.ts";

/** The kind of document a file name and content type say it is, or undefined for one we do not read. */
export function documentKind(fileName: string, contentType?: string | null): SourceKind | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith(".pdf") || contentType?.startsWith("application/pdf")) return "pdf";
  if (name.endsWith(".md") || name.endsWith(".markdown") || contentType?.startsWith("text/markdown"))
    return "markdown";
  if (name.endsWith(".txt") || contentType?.startsWith("text/plain")) return "text";
  return undefined;
}

/** Line breaks as "\n" and form feeds (page breaks in text exports) as blank lines; NFC, as quotes are. */
function tidy(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n").replace(/\f/g, "\n\n");
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  let pages: string[];
  try {
    // verbosity 0: PDF.js would print its warnings about a damaged file on stdout.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    pages = (await extractText(pdf, { mergePages: false })).text;
  } catch {
    throw new UserError("source.pdfUnreadable");
  }
  // A blank line between pages: a sentence never runs from one page's footer into the next page.
  const text = pages.map((page) => page.trim()).join("\n\n");
  if (text.replace(/\s/g, "").length === 0) throw new UserError("source.pdfNoText");
  return text;
}

/** The document's text, or a UserError saying why it cannot be a source. */
export async function documentText(bytes: Uint8Array, kind: SourceKind): Promise<string> {
  let text: string;
  if (kind === "pdf") text = await pdfText(bytes);
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new UserError("source.notText");
    }
  }
  text = tidy(text).replace(/^\uFEFF/, "");
  if (text.trim().length === 0) throw new UserError("source.empty");
  if (text.length > SOURCE_LIMITS.textChars)
    throw new UserError("source.textTooLong", { max: SOURCE_LIMITS.textChars, length: text.length });
  const hostile = hostileCharacter(text.replace(/\t/g, " "), false);
  if (hostile) throw new UserError("source.hostileText", { char: hostile });
  return text;
}
