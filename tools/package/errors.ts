import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** A refusal to package: the message, and for an invalid profile every problem with its path. */
export class PackagingError extends Error {
  readonly problems: string[];

  constructor(message: string, problems: string[] = []) {
    super(problems.length ? message + ':\n  ' + problems.join('\n  ') : message);
    this.name = 'PackagingError';
    this.problems = problems;
  }
}
