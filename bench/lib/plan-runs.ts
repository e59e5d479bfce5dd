/**
 * What `npm run bench -- …` runs: words choose benchmarks by the start of their file name (none:
 * all of them), flags (`--rounds=10`, `--url=…`) go to every script that runs. A flag a script
 * does not know is ignored by it, so one command line can carry flags for several.
 */
export function planRuns(args: string[], files: string[]): { file: string; args: string[] }[] {
  const flags = args.filter((a) => a.startsWith("-"));
  const only = args.filter((a) => !a.startsWith("-"));
  return files
    .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.endsWith(".test.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort()
    .map((file) => ({ file, args: flags }));
}
