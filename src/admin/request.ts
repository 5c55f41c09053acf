import type { Request, Response } from 'express';
import { AppError } from '../errors';
import { formFields } from './form-body';
import type { AdminSession } from './sessions';

/** The session of a request (set by the session middleware). */
export const sessionOf = (res: Response): AdminSession => res.locals.adminSession as AdminSession;

/** The signed-in person as the author of changes. */
export const actorOf = (res: Response) => ({ name: sessionOf(res).principal.actorName });

/** A change refused because the form's revision is not the current one (412) or is missing (428). */
export const isStale = (e: unknown): boolean => e instanceof AppError && (e.status === 412 || e.status === 428);

/** The hidden `revision` field as posted (validated by formRevision). */
export const postedRevision = (req: Request): unknown => formFields(req).revision;
