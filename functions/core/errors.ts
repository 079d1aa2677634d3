/**
 * Typed pipeline errors. Each carries the context a user needs to act on it
 * (file, model, gate) and chains its cause, so logs show the whole story.
 */
class PipelineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The config file or CLI arguments failed validation. */
class ConfigInvalidError extends PipelineError {}

/** A whole export file could not be used (unreadable, missing column). */
class SourceFileInvalidError extends PipelineError {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}. Fix: ${fix}`, options);
  }
}

/** A SQL model failed to build; nothing was published. */
class ModelFailedError extends PipelineError {
  constructor(
    readonly model: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`model ${model} failed: ${message}`, options);
  }
}

/** The model files themselves are inconsistent (cycle, unknown ref, header). */
class ModelGraphError extends PipelineError {}

/** A quality gate found violations; nothing was published. */
class GateFailedError extends PipelineError {
  constructor(
    readonly failures: readonly { gate: string; violations: number }[],
  ) {
    super(
      'quality gates failed, nothing was published: ' +
        failures.map((f) => `${f.gate} (${f.violations} violations)`).join(', '),
    );
  }
}

/** A template macro was used wrongly in a SQL model. */
class MacroError extends PipelineError {}

/** A query of the Trino family (Athena, Trino) ended FAILED or CANCELLED, or was given up on. */
class QueryFailedError extends PipelineError {
  /** `<engine> query <id> <state>: <reason>`, without the label. */
  readonly detail: string;

  constructor(
    /** What ran: a model, a gate, or a statement label. */
    readonly label: string,
    readonly queryExecutionId: string,
    readonly state: string,
    /** Athena's StateChangeReason, Trino's error (or why the caller stopped it). */
    readonly reason: string,
    options?: { cause?: unknown; engine?: 'Athena' | 'Trino' },
  ) {
    const detail = `${options?.engine ?? 'Athena'} query ${queryExecutionId} ${state}: ${reason}`;
    super(`${label}: ${detail}`, options);
    this.detail = detail;
  }
}

/** A Lambda event failed validation; the state machine passed bad input. */
class EventInvalidError extends PipelineError {}

/** A run's stored state forbids the step (unknown run, gates not passed). */
class RunStateError extends PipelineError {}

/**
 * A published row the monthly report cannot read (a model changed under
 * it); the tables themselves were published.
 */
class ReportError extends PipelineError {}

/** Narrows an unknown thrown value to Error. */
function assertIsError(value: unknown): asserts value is Error {
  if (!(value instanceof Error)) {
    throw new PipelineError(`non-Error thrown: ${String(value)}`);
  }
}

export {
  assertIsError,
  ConfigInvalidError,
  EventInvalidError,
  GateFailedError,
  MacroError,
  ModelFailedError,
  ModelGraphError,
  PipelineError,
  QueryFailedError,
  ReportError,
  RunStateError,
  SourceFileInvalidError,
};
