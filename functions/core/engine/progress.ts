/**
 * What a night tells the person running it while it runs, on any engine:
 * the stage it entered and a line of progress; and the stage timer the
 * night summaries report.
 */

interface ProgressSink {
  stage(name: string): void;
  info(message: string): void;
}

/** Reports nothing: for callers that did not ask. */
const SILENT_PROGRESS: ProgressSink = { stage: () => {}, info: () => {} };

/** Runs one stage of a night, reporting it and recording its seconds. */
async function timed<T>(
  seconds: Record<string, number>,
  stage: string,
  progress: ProgressSink,
  work: () => Promise<T>,
): Promise<T> {
  progress.stage(stage);
  const started = performance.now();
  try {
    return await work();
  } finally {
    seconds[stage] = (performance.now() - started) / 1000;
  }
}

export { SILENT_PROGRESS, timed };
export type { ProgressSink };
