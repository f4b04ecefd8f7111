/** pg's own serialization of a parameter value (untyped in @types/pg): see src/db/statements.ts. */
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
