// A failed expectation says what was sent, what came back, and what the requirement says
// (issue: conformance suite). Steps throw this; the report shows the three side by side.

export interface FailureDetails {
  /** What the harness sent (short form: method, URL, key headers). */
  sent?: string;
  expected: string;
  actual: string;
  /** Requirement ID and its text, e.g. "MESS-001: only HTTP POST accepted". */
  requirement?: string;
}

export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  constructor(
    message: string,
    readonly details: FailureDetails,
  ) {
    super(
      [message, details.sent && `sent: ${details.sent}`, `expected: ${details.expected}`, `actual: ${details.actual}`, details.requirement && `requirement: ${details.requirement}`]
        .filter(Boolean)
        .join('\n'),
    );
  }
}

export function expectThat(condition: boolean, message: string, details: FailureDetails): asserts condition {
  if (!condition) throw new ConformanceFailure(message, details);
}
