import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { BankLoadError, type BankProblem } from "./problems.ts";
import { QuoteIndex, type QuoteSpan } from "./quote.ts";
import { type SourceMeta, SourcesFileSchema } from "./schema.ts";
import { parseYaml } from "./yaml.ts";
import { zodProblems } from "./zod-problems.ts";

/** Where a quote sits in its source, so a citation can say where to read on. */
export interface QuoteLocation {
  /** 1-based line of the quote's first character. */
  readonly line: number;
  readonly endLine: number;
  /** The nearest section heading above the quote, where the source has headings. */
  readonly section?: string | undefined;
}

/** A source document: its metadata, its exact text, and what quote look-ups need. */
export class Source {
  private readonly index: QuoteIndex;
  /** Offsets at which each line starts: lineStarts[0] = 0 is line 1. */
  private readonly lineStarts: number[];
  private readonly headings: { line: number; title: string }[];

  constructor(
    readonly meta: SourceMeta,
    readonly text: string,
  ) {
    this.index = new QuoteIndex(text);
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStarts.push(i + 1);
    this.headings = [];
    for (const title of meta.sections) {
      const line = this.findHeadingLine(title);
      if (line !== undefined) this.headings.push({ line, title });
    }
  }

  get id(): string {
    return this.meta.id;
  }

  /** Section titles declared in the metadata that do not start any line of the text. */
  missingSections(): string[] {
    const found = new Set(this.headings.map((h) => h.title));
    return this.meta.sections.filter((title) => !found.has(title));
  }

  /** Finds a quote in the text (see quote.ts for what is folded) and says where it is. */
  locate(quote: string): (QuoteLocation & QuoteSpan) | undefined {
    const span = this.index.find(quote);
    if (!span) return undefined;
    const line = this.lineOf(span.start);
    const endLine = this.lineOf(span.end - 1);
    const section = this.headings.filter((h) => h.line <= line).at(-1)?.title;
    return { ...span, line, endLine, section };
  }

  /** The chrome range (page furniture) that overlaps lines `from` to `to`, if any. */
  chromeIn(from: number, to: number): SourceMeta["chrome"][number] | undefined {
    return this.meta.chrome.find((range) => from <= range.to && to >= range.from);
  }

  /** The passage most like a quote that was not found, for a hint. */
  closestPassage(quote: string): string | undefined {
    return this.index.closestPassage(quote);
  }

  /** The 1-based line of a character offset of the text. */
  lineAt(offset: number): number {
    return this.lineOf(offset);
  }

  private lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  private findHeadingLine(title: string): number | undefined {
    const lines = this.text.split("\n");
    const at = lines.findIndex((line) => line.trim() === title.trim());
    return at < 0 ? undefined : at + 1;
  }
}

/** The set of source documents, by id. */
export class Corpus {
  private readonly byId: ReadonlyMap<string, Source>;

  constructor(readonly sources: readonly Source[]) {
    this.byId = new Map(sources.map((source) => [source.id, source]));
  }

  /** The source with this id, or undefined. */
  get(id: string): Source | undefined {
    return this.byId.get(id);
  }

  /** Every source id, in the metadata file's order. */
  ids(): string[] {
    return this.sources.map((source) => source.id);
  }

  /** This corpus with more sources after its own (a server's documents); ids must not clash. */
  with(more: readonly Source[]): Corpus {
    if (more.length === 0) return this;
    const clash = more.find((source) => this.byId.has(source.id));
    if (clash) throw new Error(`source id ${clash.id} is already in the corpus`);
    return new Corpus([...this.sources, ...more]);
  }
}

/**
 * Loads questions/sources.yaml and the texts it names, checking each text's SHA-256 so a quote
 * is always checked against the exact document. Throws BankLoadError with every problem found.
 */
export async function loadCorpus(questionsDir: string): Promise<Corpus> {
  const metaFile = path.join(questionsDir, "sources.yaml");
  const label = path.relative(process.cwd(), metaFile) || metaFile;
  let raw: unknown;
  try {
    const parsed = parseYaml(label, await readFile(metaFile, "utf8"));
    if ("problem" in parsed) throw new BankLoadError([parsed.problem]);
    raw = parsed.value;
  } catch (error) {
    throw new BankLoadError([{ file: label, message: `cannot read the source list: ${describe(error)}` }]);
  }
  const parsed = SourcesFileSchema.safeParse(raw);
  if (!parsed.success) throw new BankLoadError(zodProblems(parsed.error, label));

  const problems: BankProblem[] = [];
  const sources: Source[] = [];
  const seen = new Set<string>();
  for (const meta of parsed.data.sources) {
    if (seen.has(meta.id))
      problems.push({ file: label, field: "id", message: `duplicate source id "${meta.id}"` });
    seen.add(meta.id);
    const textFile = path.join(questionsDir, "sources", meta.file);
    let bytes: Buffer;
    try {
      bytes = await readFile(textFile);
    } catch (error) {
      problems.push({
        file: label,
        field: `${meta.id}.file`,
        message: `cannot read ${meta.file}: ${describe(error)}`,
      });
      continue;
    }
    const digest = createHash("sha256").update(bytes).digest("hex");
    if (digest !== meta.sha256) {
      problems.push({
        file: label,
        field: `${meta.id}.sha256`,
        message: `${meta.file} is not the recorded text (sha256 ${digest})`,
        hint: "sources must stay byte-for-byte as published; if the change is intended, update sha256",
      });
    }
    const source = new Source(meta, bytes.toString("utf8"));
    for (const title of source.missingSections()) {
      problems.push({
        file: label,
        field: `${meta.id}.sections`,
        message: `no line of ${meta.file} is "${title}"`,
      });
    }
    sources.push(source);
  }
  if (problems.length > 0) throw new BankLoadError(problems);
  return new Corpus(sources);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
