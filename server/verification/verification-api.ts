/**
 * The interface the rest of the console uses (issue 15's build: the engine fills in the files
 * named here; callers import from this file only until then, from the named files afterwards).
 * Server-only.
 */
import type { Db, Tx } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { ReleaseContent } from "@/server/contracts/releases";
import type { SolutionSampleStats, VerificationCheck, VerificationInputs, VerificationReport } from "@/server/contracts/verification";

export interface VerifyCandidateOptions {
  app: string;
  content: ReleaseContent;
  /** The release the candidate was built on (null before the first release). */
  baseReleaseId: string | null;
  onProgress?(progress: { done: number; total: number; step: string }): void;
}

export interface VerificationOutcome {
  state: "passed" | "warned" | "failed";
  checks: VerificationCheck[];
  samples: SolutionSampleStats[];
  sampleCount: number;
  inputs: VerificationInputs;
}

export type VerificationSubject = { kind: "change_request" | "release"; id: string; revision: number | null };

export interface StartVerificationOptions {
  app: string;
  subject: VerificationSubject;
  content: ReleaseContent;
  baseReleaseId: string | null;
  actor: Actor;
}

/** Called once a run has stored its final state (passed/warned/failed/error), outside any transaction. */
export type VerificationFinishedListener = (db: Db, report: VerificationReport) => Promise<void>;

export interface VerificationApi {
  verifyCandidate(db: Db, opts: VerifyCandidateOptions): Promise<VerificationOutcome>;
  checkReferences(db: Db, opts: { app: string; content: ReleaseContent }): Promise<VerificationCheck[]>;
  /** Starts a run in the background; resolves with the new report's id once its row exists. */
  startVerification(db: Db, opts: StartVerificationOptions): Promise<string>;
  onVerificationFinished(kind: VerificationSubject["kind"], listener: VerificationFinishedListener): void;
  /** The latest report of a subject (any revision), or null. */
  latestReport(db: Db | Tx, subject: { kind: VerificationSubject["kind"]; id: string }): Promise<VerificationReport | null>;
  getReport(db: Db | Tx, id: string): Promise<VerificationReport>;
  /** Probes every registered instance of each model the content names (outside a transaction). */
  collectModelStates(db: Db, content: ReleaseContent): Promise<VerificationInputs["models"]>;
  /**
   * Null when the report's inputs still hold for this content, else why not (content, base,
   * sample set, settings, fg versions, or the given model states changed). Reads the database only.
   */
  whyInputsChanged(tx: Tx, report: VerificationReport, current: { content: ReleaseContent; baseReleaseId: string | null; models: VerificationInputs["models"] }): Promise<string | null>;
}
