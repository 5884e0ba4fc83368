/**
 * Results of the end-to-end test: every check is a named step of an
 * extension, passed or failed with its cause.
 */
import * as fs from 'fs';
import * as path from 'path';

/** One check's outcome. */
export interface StepResult {
  /** The extension (or "bake" / "fault:<name>"). */
  readonly subject: string;
  /** The step, e.g. "build", "push", "load". */
  readonly step: string;
  /** Whether it passed. */
  readonly ok: boolean;
  /** Why it failed, or what it proved. */
  readonly detail: string;
  /** How long it took. */
  readonly seconds: number;
}

/** A step that failed: it names the extension, the step and the cause. */
export class StepError extends Error {
  public constructor(public readonly subject: string, public readonly step: string, public readonly causeText: string) {
    super(`${subject}: ${step}: ${causeText}`);
    this.name = 'StepError';
  }
}

/** Collects step results and times them. */
export class Report {
  public readonly results: StepResult[] = [];

  /** Runs `fn` as step `step` of `subject`; a throw becomes a StepError naming both. */
  public async step<T>(subject: string, step: string, fn: () => T | Promise<T>, describe: (value: T) => string = () => ''): Promise<T> {
    const start = Date.now();
    try {
      const value = await fn();
      this.results.push({ subject, step, ok: true, detail: describe(value), seconds: (Date.now() - start) / 1000 });
      return value;
    } catch (error) {
      const cause = error instanceof StepError ? error.causeText : (error as Error).message;
      this.results.push({ subject, step, ok: false, detail: cause, seconds: (Date.now() - start) / 1000 });
      throw error instanceof StepError ? error : new StepError(subject, step, cause);
    }
  }

  /** Records a check whose outcome is already known. */
  public record(result: StepResult): void {
    this.results.push(result);
  }

  /** Counts of passed and failed steps. */
  public get counts(): { passed: number; failed: number } {
    const failed = this.results.filter((r) => !r.ok).length;
    return { passed: this.results.length - failed, failed };
  }

  /** Prints a table and writes the JSON report read by .ci/run. */
  public write(file: string): void {
    for (const r of this.results) {
      const first = r.detail.split('\n')[0];
      console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.subject.padEnd(24)} ${r.step.padEnd(22)} ${r.seconds.toFixed(1).padStart(6)}s  ${first}`);
      if (!r.ok) console.log(r.detail.split('\n').slice(1).map((l) => `      ${l}`).join('\n'));
    }
    const { passed, failed } = this.counts;
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ passed, failed, results: this.results }, null, 2));
  }
}
