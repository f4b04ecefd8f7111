import { GraphQLError } from 'graphql';

/** The protocol-level error codes of SPEC §5, plus the ones graphql-js/Apollo emit themselves. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The viewer's (or guest's) daily assistant token budget is spent (LLM_DAILY_TOKENS_*). */
  LLM_BUDGET_EXCEEDED: 'LLM_BUDGET_EXCEEDED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that are safe to show a client as they are; anything else is masked. */
export const PUBLIC_ERROR_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** An error meant for the client: its message and code are shown as they are. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const notFound = (what = 'Resource') => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const unauthenticated = (message = 'Sign in to do this') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Not allowed') => new AppError(ErrorCode.FORBIDDEN, message);
export const badUserInput = (message: string, field?: string[]) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const rateLimited = (retryAt: Date) =>
  new AppError(ErrorCode.RATE_LIMITED, 'Too many attempts; try again later', {
    retryAt: retryAt.toISOString(),
    retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000)),
  });
export const tooComplex = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.QUERY_TOO_COMPLEX, message, details);

/** A `UserError` as mutations return it in `userErrors`. */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}
export const userError = (code: string, message: string, field?: string[]): UserError => ({
  code,
  message,
  field: field ?? null,
});

/** Thrown inside a transaction to roll it back and answer with userErrors instead of an error. */
export class UserInputFailure extends Error {
  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((e) => e.message).join('; '));
  }
}
