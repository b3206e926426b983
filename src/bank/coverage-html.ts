/**
 * The coverage page: one self-contained HTML file (no scripts, no external files) with each
 * source's exact text, cited passages highlighted and linked to the questions citing them,
 * sentences no question cites marked, and page chrome greyed out.
 */
import type { Bank } from "./bank.ts";
import { coveragePercent, type Sentence, type SourceCoverage } from "./coverage.ts";
import type { Question } from "./question.ts";

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The anchor id of a question's entry in the page. */
export function questionAnchor(id: string): string {
  return `q-${id}`;
}

/** Renders the coverage of every source as one HTML page. */
export function coverageHtml(bank: Bank, coverage: readonly SourceCoverage[]): string {
  const total = coverage.reduce(
    (sum, c) => ({ content: sum.content + c.content, cited: sum.cited + c.cited }),
    {
      content: 0,
      cited: 0,
    },
  );
  const toc = coverage
    .map(
      (c) =>
        `<li><a href="#source-${escapeHtml(c.source.id)}">${escapeHtml(c.source.meta.title)}</a>: ${c.cited} of ${c.content} sentences cited (${coveragePercent(c)}%)</li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Question bank coverage</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Question bank coverage</h1>
<p>${bank.questions.length} questions; ${total.cited} of ${total.content} content sentences cited (${coveragePercent(total)}%).
<span class="legend"><mark class="cited">cited by a question</mark> <span class="uncited">sentence not cited</span> <span class="chrome">page chrome</span> <span class="heading">heading</span></span></p>
<ul class="toc">${toc}</ul>
${coverage.map((c) => sourceSection(bank, c)).join("\n")}
</body>
</html>
`;
}

function sourceSection(bank: Bank, coverage: SourceCoverage): string {
  const { source } = coverage;
  const questions = bank.questions.filter(
    (q) => q.citation.source === source.id || q.also.some((a) => a.source === source.id),
  );
  const list = questions.map((q) => questionEntry(q, source.id)).join("\n");
  return `<section id="source-${escapeHtml(source.id)}">
<h2>${escapeHtml(source.meta.title)}</h2>
<p class="meta">${escapeHtml(source.meta.author)} · ${escapeHtml(source.meta.date)} · <code>questions/sources/${escapeHtml(source.meta.file)}</code></p>
<p class="counts">${coverage.cited} of ${coverage.content} content sentences cited (${coveragePercent(coverage)}%); ${coverage.content - coverage.cited} not cited; ${coverage.sentences.filter((s) => s.kind === "chrome").length} of page chrome.</p>
<div class="text">${sourceText(coverage)}</div>
<h3>Questions citing this source</h3>
<ol class="questions">${list}</ol>
</section>`;
}

/**
 * The source's text cut into segments at every sentence and citation boundary. A segment
 * inside one or more citations is a link to the first citing question, carrying every citing id
 * in `data-cites`; a sentence nobody cites is marked `uncited`, and the rest of a sentence cited
 * in part is left plain.
 */
function sourceText(coverage: SourceCoverage): string {
  const { source, spans, sentences } = coverage;
  const text = source.text;
  const cuts = new Set<number>([0, text.length]);
  for (const s of sentences) cuts.add(s.start).add(s.end);
  for (const c of spans) cuts.add(c.start).add(c.end);
  const points = [...cuts].sort((a, b) => a - b);
  const firstSegmentOf = new Set<string>();
  const parts: string[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k] as number;
    const to = points[k + 1] as number;
    const segment = escapeHtml(text.slice(from, to));
    const citing = spans.filter((c) => c.start <= from && c.end >= to);
    const sentence = sentences.find((s: Sentence) => s.start <= from && s.end >= to);
    if (citing.length > 0) {
      const ids = [...new Set(citing.map((c) => c.questionId))];
      const anchors = citing
        .map((c) => `cite-${c.questionId}-${c.index}`)
        .filter((anchor) => !firstSegmentOf.has(anchor));
      for (const anchor of anchors) firstSegmentOf.add(anchor);
      const idAttr = anchors.length > 0 ? ` id="${escapeHtml(anchors[0] as string)}"` : "";
      parts.push(
        `<a class="cited"${idAttr} href="#${escapeHtml(questionAnchor(ids[0] as string))}" data-cites="${escapeHtml(ids.join(" "))}" title="${escapeHtml(ids.join(", "))}">${segment}</a>`,
      );
    } else if (sentence && sentence.kind !== "content") {
      parts.push(`<span class="${sentence.kind}">${segment}</span>`);
    } else if (sentence && sentence.citedBy.length > 0) {
      // The uncited rest of a sentence that a question cites in part.
      parts.push(`<span class="rest">${segment}</span>`);
    } else if (sentence) {
      parts.push(
        `<span class="uncited" title="line ${sentence.line}: no question cites this">${segment}</span>`,
      );
    } else {
      parts.push(segment);
    }
  }
  return parts.join("");
}

function questionEntry(q: Question, sourceId: string): string {
  const own = q.citation.source === sourceId;
  const index = own ? 0 : q.also.findIndex((a) => a.source === sourceId) + 1;
  const how = own ? "its passage" : "an “also” citation";
  return `<li id="${escapeHtml(questionAnchor(q.id))}"><a href="#cite-${escapeHtml(q.id)}-${index}">${escapeHtml(q.id)}</a> <span class="how">(${how}; ${escapeHtml(q.difficulty)}; ${escapeHtml(q.topics.join(", "))})</span><br>${escapeHtml(q.question)} <b>${escapeHtml(q.answer)}</b></li>`;
}

const STYLE = `
body { font: 16px/1.55 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { margin-top: 3rem; border-top: 2px solid #ccc; padding-top: 1rem; }
.meta, .counts, .how { color: #555; font-size: 0.9rem; }
.text { white-space: pre-wrap; font-family: Georgia, serif; background: #fafafa; border: 1px solid #ddd; padding: 1rem; }
a.cited { background: #fff3a8; color: inherit; text-decoration: none; border-bottom: 2px solid #d4a900; }
a.cited:hover, a.cited:target { background: #ffd84d; }
mark.cited { background: #fff3a8; border-bottom: 2px solid #d4a900; }
.uncited { background: #fde8e8; text-decoration: underline wavy #d33; text-decoration-thickness: 1px; text-underline-offset: 3px; }
.chrome { color: #999; }
.heading { font-weight: bold; }
.legend > * { margin-left: 0.75rem; }
.questions li { margin: 0.4rem 0; }
.questions li:target { background: #e8f0ff; }
`;
