/**
 * One colour per solution, by its place in the list; chosen to stay apart from each other and
 * from the red used for gaps and overlaps. Text colour picked for contrast on each.
 */
const PALETTE = [
  { fill: "#4f46e5", text: "#ffffff" }, // indigo
  { fill: "#f59e0b", text: "#1f2937" }, // amber
  { fill: "#0d9488", text: "#ffffff" }, // teal
  { fill: "#db2777", text: "#ffffff" }, // pink
  { fill: "#65a30d", text: "#ffffff" }, // lime
  { fill: "#0284c7", text: "#ffffff" }, // sky
  { fill: "#9333ea", text: "#ffffff" }, // purple
  { fill: "#ea580c", text: "#ffffff" }, // orange
  { fill: "#475569", text: "#ffffff" }, // slate
  { fill: "#a16207", text: "#ffffff" }, // yellow-brown
] as const;

export type SolutionColor = (typeof PALETTE)[number];

export function colorAt(index: number): SolutionColor {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

export function colorMap(names: readonly string[]): Map<string, SolutionColor> {
  return new Map(names.map((name, i) => [name, colorAt(i)]));
}
