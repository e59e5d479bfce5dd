/**
 * A benchmark's results file is a title and `## ` sections, one per measure. A run rewrites
 * the sections it measured and keeps the others as the last run that measured them left them
 * (each section says when it was measured): a measure that failed or was not asked for never
 * wipes numbers the README quotes.
 */
export interface ResultsSection {
  heading: string;
  lines: string[];
}

export function splitSections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("## ")) {
      current = [line];
      sections.set(line.slice(3).trim(), current);
    } else if (current) {
      current.push(line);
    }
  }
  for (const lines of sections.values()) while (lines.length > 1 && lines.at(-1)!.trim() === "") lines.pop();
  return sections;
}

/** `order`: every heading this benchmark writes, in the order they appear. */
export function mergeResults(previous: string | null, title: string[], order: string[], measured: ResultsSection[]): string {
  const old = previous ? splitSections(previous) : new Map<string, string[]>();
  const fresh = new Map(measured.map((s) => [s.heading, [`## ${s.heading}`, ...s.lines]]));
  const out = [...title];
  for (const heading of order) {
    const lines = fresh.get(heading) ?? old.get(heading);
    if (lines) out.push(...lines, "");
  }
  return out.join("\n").replace(/\n*$/, "\n");
}
