import { AppError } from '../errors';

/** 428: a write without If-Match could overwrite someone else's work. */
export function preconditionRequired(current: string): AppError {
  return new AppError(
    428, 'precondition-required',
    'Send If-Match with the ETag you last read, so that nobody\'s work is overwritten.',
    [], { currentRevision: current },
  );
}

/** 412: someone else changed it since the client read it; nothing was written. */
export function preconditionFailed(current: string): AppError {
  return new AppError(
    412, 'precondition-failed',
    `This was changed since you read it (the current revision is ${current}). Nothing was written: read it again and reapply your change.`,
    [], { currentRevision: current },
  );
}
