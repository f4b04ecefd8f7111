import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { badUserInput } from './errors';

const DECIMAL = /^-?\d{1,10}(\.\d{1,6})?$/;
/** Amounts are stored as numeric(12,2): the largest that still fits once rounded to cents. */
const MAX_DECIMAL = 9_999_999_999.994;

function parseDecimal(value: unknown): string {
  const s = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof s !== 'string' || !DECIMAL.test(s.trim()) || Math.abs(Number(s)) > MAX_DECIMAL)
    throw badUserInput(`Not a decimal number below 10,000,000,000: ${String(value).slice(0, 40)}`);
  return s.trim();
}

/** Decimal travels as a string so 0.1 + 0.2 never happens to money. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number sent as a string: at most 10 digits before the point and 6 after',
  serialize(value) {
    if (value === null || value === undefined) return value;
    if (typeof value === 'object' && 'toFixed' in (value as object))
      return (value as { toString(): string }).toString();
    return String(value);
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT)
      return parseDecimal(ast.value);
    throw badUserInput('Decimal must be a string or number');
  },
});

export const scalarResolvers = { DateTime: DateTimeResolver, JSON: JSONResolver, Decimal: DecimalScalar };
